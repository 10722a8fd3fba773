namespace Kinodialog.Core.Films;

/// <summary>
/// The fixed vocabularies of the film library. Keys are stored; names are translated in the UI.
/// </summary>
public static class FilmVocabulary
{
    /// <summary>What a film is about; used to find films that fit an audience.</summary>
    public static IReadOnlyList<string> Themes { get; } =
    [
        "mixed-marriage", "prisoners", "refugees", "loss", "memory", "everyday-life", "youth", "women", "borders", "reconciliation",
    ];

    /// <summary>What a viewer is warned about before playback and in the facilitator pack.</summary>
    public static IReadOnlyList<string> ContentNotes { get; } =
    [
        "war-violence", "torture", "loss", "displacement", "injury",
    ];

    /// <summary>Roles of credited people.</summary>
    public static IReadOnlyList<string> CreditRoles { get; } =
    [
        "director", "camera", "editor", "producer", "protagonist", "interviewer", "translator",
    ];

    public static bool IsTheme(string key) => Themes.Contains(key, StringComparer.Ordinal);

    public static bool IsContentNote(string key) => ContentNotes.Contains(key, StringComparer.Ordinal);

    public static bool IsCreditRole(string key) => CreditRoles.Contains(key, StringComparer.Ordinal);
}

/// <summary>How a credited person is shown: their name only with consent, otherwise a pseudonym or nothing.</summary>
public static class CreditNames
{
    public static string? Displayed(string name, string? pseudonym, bool consentToName) =>
        consentToName ? name : string.IsNullOrWhiteSpace(pseudonym) ? null : pseudonym.Trim();
}
