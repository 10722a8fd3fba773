using System.Globalization;

namespace Kinodialog.Core.Localization;

/// <summary>The words a language uses for a length of time: composite formats with the number(s) as {0} (and {1}).</summary>
/// <param name="Minutes">e.g. "{0} min"</param>
/// <param name="Hours">e.g. "{0} h"</param>
/// <param name="HoursAndMinutes">e.g. "{0} h {1} min"</param>
public sealed record DurationWords(string Minutes, string Hours, string HoursAndMinutes)
{
    public static DurationWords English { get; } = new("{0} min", "{0} h", "{0} h {1} min");
}

/// <summary>
/// The one way a length of time is shown (running order, film lengths, discussion, the whole event):
/// whole minutes ("45 min", "1 h 30 min"); minutes:seconds only below a minute, where the seconds are
/// all there is ("0:12").
/// </summary>
public static class DurationText
{
    public static string Format(TimeSpan length, DurationWords words, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(culture);
        if (length < TimeSpan.Zero)
        {
            length = TimeSpan.Zero;
        }

        var seconds = (long)Math.Round(length.TotalSeconds, MidpointRounding.AwayFromZero);
        if (seconds < 60)
        {
            return string.Create(CultureInfo.InvariantCulture, $"0:{seconds:00}");
        }

        var minutes = (long)Math.Round(seconds / 60.0, MidpointRounding.AwayFromZero);
        var hours = minutes / 60;
        var rest = minutes % 60;
        return hours == 0 ? string.Format(culture, words.Minutes, minutes)
            : rest == 0 ? string.Format(culture, words.Hours, hours)
            : string.Format(culture, words.HoursAndMinutes, hours, rest);
    }

    public static string Format(double seconds, DurationWords words, CultureInfo culture) =>
        Format(TimeSpan.FromSeconds(double.IsFinite(seconds) ? seconds : 0), words, culture);
}
