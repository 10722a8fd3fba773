using System.Globalization;

namespace Kinodialog.Core.Localization;

/// <summary>A language Kinodialog speaks: its .NET culture name, its URL segment and its own name.</summary>
public sealed record SupportedCulture(string Name, string UrlSegment, string NativeName)
{
    public CultureInfo Culture => CultureInfo.GetCultureInfo(Name);
}

/// <summary>The four languages of the programme, in the order the language switcher shows them.</summary>
public static class SupportedCultures
{
    public static SupportedCulture English { get; } = new("en", "en", "English");
    public static SupportedCulture Armenian { get; } = new("hy", "hy", "Հայերեն");
    public static SupportedCulture Azerbaijani { get; } = new("az-Latn", "az", "Azərbaycanca");
    public static SupportedCulture Russian { get; } = new("ru", "ru", "Русский");

    public static IReadOnlyList<SupportedCulture> All { get; } = [English, Armenian, Azerbaijani, Russian];

    public static SupportedCulture Default => English;

    /// <summary>Finds a culture by URL segment ("az") or culture name ("az-Latn"), ignoring case.</summary>
    public static SupportedCulture? Find(string? nameOrSegment)
    {
        if (string.IsNullOrWhiteSpace(nameOrSegment))
        {
            return null;
        }

        foreach (var culture in All)
        {
            if (string.Equals(culture.UrlSegment, nameOrSegment, StringComparison.OrdinalIgnoreCase)
                || string.Equals(culture.Name, nameOrSegment, StringComparison.OrdinalIgnoreCase))
            {
                return culture;
            }
        }

        return null;
    }

    public static SupportedCulture Get(string nameOrSegment) =>
        Find(nameOrSegment) ?? throw new ArgumentException($"'{nameOrSegment}' is not a supported culture.", nameof(nameOrSegment));

    /// <summary>
    /// Maps a BCP 47 language tag as browsers send it (en-GB, az, az-Latn-AZ, hy-AM, ru-RU) to a
    /// supported culture by its language, or null. Azerbaijani in Cyrillic script is not offered.
    /// </summary>
    public static SupportedCulture? FromLanguageTag(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var parts = tag.Trim().Split('-', '_');
        var language = parts[0];
        if (string.Equals(language, "az", StringComparison.OrdinalIgnoreCase))
        {
            var cyrillic = parts.Skip(1).Any(p => string.Equals(p, "Cyrl", StringComparison.OrdinalIgnoreCase));
            return cyrillic ? null : Azerbaijani;
        }

        return All.FirstOrDefault(c => string.Equals(c.UrlSegment, language, StringComparison.OrdinalIgnoreCase));
    }
}
