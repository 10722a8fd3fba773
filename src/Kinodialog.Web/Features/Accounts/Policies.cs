namespace Kinodialog.Web.Features.Accounts;

public static class Policies
{
    /// <summary>Create, publish and withdraw chapters: Admin, Programme.</summary>
    public const string EditHandbook = "EditHandbook";

    /// <summary>Write chapter text in any language and restore versions: Admin, Programme, Translator.</summary>
    public const string WriteHandbook = "WriteHandbook";
    public const string ManageAccounts = "ManageAccounts";

    /// <summary>Add and edit films, upload video and subtitles: Admin, Programme.</summary>
    public const string ManageFilms = "ManageFilms";

    /// <summary>Plan and run screenings: Admin, Programme, Organiser.</summary>
    public const string OrganiseScreenings = "OrganiseScreenings";

    /// <summary>Translate a screening's statements from its dialogue page: Admin, Programme, Organiser (their own), Translator.</summary>
    public const string TranslateStatements = "TranslateStatements";

    /// <summary>See and export every screening: Admin, Programme.</summary>
    public const string OverseeScreenings = "OverseeScreenings";

    /// <summary>Write, preview and publish questionnaires: Admin, Programme.</summary>
    public const string ManageQuestionnaires = "ManageQuestionnaires";

    /// <summary>Upload subtitle tracks: Admin, Programme, Translator.</summary>
    public const string WriteSubtitles = "WriteSubtitles";
}
