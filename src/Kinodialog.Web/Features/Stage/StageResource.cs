namespace Kinodialog.Web.Features.Stage;

/// <summary>Marker for the stage's strings (run mode, projector, facilitator pack).</summary>
public sealed class StageResource;
