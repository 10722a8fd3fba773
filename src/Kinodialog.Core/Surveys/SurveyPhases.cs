namespace Kinodialog.Core.Surveys;

/// <summary>The names of the survey phases in URLs and forms ("profile", "pre", "post").</summary>
public static class SurveyPhases
{
    public static SurveyPhase? Parse(string? phase) => phase switch
    {
        "profile" => SurveyPhase.Profile,
        "pre" => SurveyPhase.Pre,
        "post" => SurveyPhase.Post,
        _ => null,
    };

    public static string Name(SurveyPhase phase) => phase switch
    {
        SurveyPhase.Profile => "profile",
        SurveyPhase.Pre => "pre",
        _ => "post",
    };
}
