namespace Kinodialog.Web.Features.Field;

/// <summary>Marker for the field laptop's strings (set-up, downloads, sync, results file).</summary>
public sealed class FieldResource;
