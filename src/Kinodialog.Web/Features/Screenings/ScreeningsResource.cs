namespace Kinodialog.Web.Features.Screenings;

/// <summary>Marker for the Screenings feature's UI strings (Resources/Features/Screenings).</summary>
public sealed class ScreeningsResource;
