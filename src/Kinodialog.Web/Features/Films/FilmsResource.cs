namespace Kinodialog.Web.Features.Films;

/// <summary>Marker for the Films feature's UI strings (Resources/Features/Films).</summary>
public sealed class FilmsResource;
