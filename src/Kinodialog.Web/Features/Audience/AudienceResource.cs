namespace Kinodialog.Web.Features.Audience;

/// <summary>Marker for the Audience feature's UI strings (Resources/Features/Audience).</summary>
public sealed class AudienceResource;
