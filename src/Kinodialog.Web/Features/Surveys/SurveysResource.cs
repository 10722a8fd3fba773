namespace Kinodialog.Web.Features.Surveys;

/// <summary>Marker for the Surveys feature's UI strings (Resources/Features/Surveys).</summary>
public sealed class SurveysResource;
