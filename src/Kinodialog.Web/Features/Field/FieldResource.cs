namespace Kinodialog.Web.Features.Field;

/// <summary>Marker for field mode's strings: on the central instance (devices, check-out, results import) and on the laptop (set-up, downloads, sync, results file).</summary>
public sealed class FieldResource;
