using Kinodialog.Core.Localization;

namespace Kinodialog.Core.Screenings;

/// <summary>
/// The languages of a screening's audience (e.g. Armenian and Azerbaijani, or Russian and English),
/// and which of them a phone is shown.
/// </summary>
public static class ScreeningLanguages
{
    /// <summary>
    /// The audience's languages in the organiser's order: those chosen, known and without repeats;
    /// when none are chosen (screenings planned before the list existed), the event language alone.
    /// </summary>
    public static IReadOnlyList<string> Of(string eventCulture, IEnumerable<string>? audienceCultures)
    {
        var chosen = (audienceCultures ?? [])
            .Select(SupportedCultures.Find)
            .OfType<SupportedCulture>()
            .Select(c => c.Name)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (chosen.Count > 0)
        {
            return chosen;
        }

        return [SupportedCultures.Find(eventCulture)?.Name ?? SupportedCultures.Default.Name];
    }

    /// <summary>
    /// The language a phone that joins through the QR code is shown. When the organiser chose the
    /// audience's languages: the first of the phone's own languages (the browser's, best first) that is
    /// one of them, else the first of them — so an English phone at an Armenian–Azerbaijani screening is
    /// shown Armenian rather than a language nobody planned for. When none were chosen: the phone's own
    /// first supported language, else the event language.
    /// </summary>
    public static string ForPhone(IReadOnlyList<string> audienceCultures, string eventCulture, IEnumerable<string?> phonePreferences)
    {
        ArgumentNullException.ThrowIfNull(audienceCultures);
        ArgumentNullException.ThrowIfNull(phonePreferences);
        var chosen = audienceCultures.Select(SupportedCultures.Find).OfType<SupportedCulture>().Select(c => c.Name).ToList();
        foreach (var preference in phonePreferences)
        {
            if ((SupportedCultures.Find(preference) ?? SupportedCultures.FromLanguageTag(preference)) is { } culture
                && (chosen.Count == 0 || chosen.Contains(culture.Name, StringComparer.Ordinal)))
            {
                return culture.Name;
            }
        }

        return chosen.Count > 0 ? chosen[0] : SupportedCultures.Find(eventCulture)?.Name ?? SupportedCultures.Default.Name;
    }
}
