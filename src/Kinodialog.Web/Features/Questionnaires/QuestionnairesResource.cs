namespace Kinodialog.Web.Features.Questionnaires;

/// <summary>Marker for the Questionnaires feature's UI strings (Resources/Features/Questionnaires).</summary>
public sealed class QuestionnairesResource;
