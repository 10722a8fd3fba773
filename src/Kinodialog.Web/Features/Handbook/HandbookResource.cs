namespace Kinodialog.Web.Features.Handbook;

/// <summary>Marker for the Handbook feature's UI strings (Resources/Features/Handbook).</summary>
public sealed class HandbookResource;
