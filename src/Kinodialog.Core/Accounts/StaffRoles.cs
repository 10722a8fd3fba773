namespace Kinodialog.Core.Accounts;

/// <summary>The roles a staff account can hold. Audience members never have accounts.</summary>
public static class StaffRoles
{
    public const string Admin = "Admin";
    public const string Programme = "Programme";
    public const string Organiser = "Organiser";
    public const string Translator = "Translator";

    public static IReadOnlyList<string> All { get; } = [Admin, Programme, Organiser, Translator];

    /// <summary>Roles allowed to create, publish and withdraw handbook chapters.</summary>
    public static IReadOnlyList<string> HandbookEditors { get; } = [Admin, Programme];

    /// <summary>Roles allowed to write and restore the text of a chapter in any language.</summary>
    public static IReadOnlyList<string> HandbookWriters { get; } = [Admin, Programme, Translator];

    /// <summary>Roles allowed to add and edit films and upload their video.</summary>
    public static IReadOnlyList<string> FilmEditors { get; } = [Admin, Programme];

    /// <summary>Roles allowed to plan and run screenings (each organiser sees only their own).</summary>
    public static IReadOnlyList<string> ScreeningOrganisers { get; } = [Admin, Programme, Organiser];

    /// <summary>Roles that see every screening.</summary>
    public static IReadOnlyList<string> ScreeningOverseers { get; } = [Admin, Programme];

    /// <summary>Roles allowed to write, preview and publish questionnaires.</summary>
    public static IReadOnlyList<string> QuestionnaireEditors { get; } = [Admin, Programme];

    /// <summary>Roles that must sign in with a second factor (an authenticator app); optional for the others.</summary>
    public static IReadOnlyList<string> TwoFactorRequired { get; } = [Admin, Programme];

    /// <summary>Roles allowed to translate a screening's statements (organisers only their own screenings'; the others every screening's).</summary>
    public static IReadOnlyList<string> StatementTranslators { get; } = [Admin, Programme, Organiser, Translator];

    /// <summary>Roles allowed to upload subtitle tracks.</summary>
    public static IReadOnlyList<string> SubtitleWriters { get; } = [Admin, Programme, Translator];
}
