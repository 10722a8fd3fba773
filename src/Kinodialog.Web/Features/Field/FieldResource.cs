namespace Kinodialog.Web.Features.Field;

/// <summary>Marker for field mode's strings (devices, check-out, results import).</summary>
public sealed class FieldResource;
