namespace Kinodialog.Web.Features.Shared;

/// <summary>Marker for UI strings used across features: layout, errors, validation (Resources/Features/Shared).</summary>
public sealed class SharedResource;
