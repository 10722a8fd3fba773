namespace Kinodialog.Web.Features.Dialogue;

/// <summary>Marker for the Dialogue feature's UI strings (Resources/Features/Dialogue).</summary>
public sealed class DialogueResource;
