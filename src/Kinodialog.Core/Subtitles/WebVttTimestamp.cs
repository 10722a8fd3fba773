using System.Globalization;

namespace Kinodialog.Core.Subtitles;

/// <summary>Reading and writing WebVTT timestamps ("mm:ss.ttt" or "hh:mm:ss.ttt") as the W3C spec defines them.</summary>
internal static class WebVttTimestamp
{
    /// <summary>Seconds from whole milliseconds, computed the same way everywhere so that equal text gives equal values.</summary>
    public static double FromMilliseconds(long milliseconds) => milliseconds / 1000.0;

    /// <summary>
    /// "Collect a WebVTT timestamp" at <paramref name="position"/>. On success the position is moved past the
    /// timestamp; on failure <paramref name="reason"/> says what is wrong in words an uploader understands.
    /// </summary>
    public static bool TryCollect(string input, ref int position, out double seconds, out string reason)
    {
        seconds = 0;
        if (position >= input.Length || !IsDigit(input[position]))
        {
            reason = position >= input.Length ? "a time is missing" : $"a time must start with a digit, not '{input[position]}'";
            return false;
        }

        var first = CollectDigits(input, ref position);
        if (!TryParseNumber(first, out var value1))
        {
            reason = "the hours are too large";
            return false;
        }

        var hoursFirst = first.Length != 2 || value1 > 59;

        if (position >= input.Length || input[position] != ':')
        {
            reason = $"'{first}' must be followed by ':' (times are written mm:ss.ttt or hh:mm:ss.ttt)";
            return false;
        }

        position++;
        var second = CollectDigits(input, ref position);
        if (second.Length != 2)
        {
            reason = hoursFirst
                ? $"the minutes must have exactly two digits (found '{second}')"
                : $"the seconds must have exactly two digits (found '{second}')";
            return false;
        }

        var value2 = long.Parse(second, NumberStyles.None, CultureInfo.InvariantCulture);
        long value3;
        if (hoursFirst || (position < input.Length && input[position] == ':'))
        {
            if (position >= input.Length || input[position] != ':')
            {
                reason = first.Length == 2
                    ? $"'{first}' is more than 59, so it is read as hours and the seconds are missing"
                    : $"'{first}' does not have two digits, so it is read as hours and the seconds are missing";
                return false;
            }

            position++;
            var third = CollectDigits(input, ref position);
            if (third.Length != 2)
            {
                reason = $"the seconds must have exactly two digits (found '{third}')";
                return false;
            }

            value3 = long.Parse(third, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        else
        {
            value3 = value2;
            value2 = value1;
            value1 = 0;
        }

        if (position >= input.Length || input[position] != '.')
        {
            reason = position < input.Length && input[position] == ','
                ? "the milliseconds must follow a '.', not a ',' (',' is SRT style)"
                : "the seconds must be followed by '.' and three digits of milliseconds";
            return false;
        }

        position++;
        var fraction = CollectDigits(input, ref position);
        if (fraction.Length != 3)
        {
            reason = $"the milliseconds must have exactly three digits (found '{fraction}')";
            return false;
        }

        var value4 = long.Parse(fraction, NumberStyles.None, CultureInfo.InvariantCulture);
        if (value2 > 59 || value3 > 59)
        {
            reason = "minutes and seconds must be between 00 and 59";
            return false;
        }

        if (value1 > 1_000_000)
        {
            reason = "the hours are too large";
            return false;
        }

        seconds = FromMilliseconds((((((value1 * 60) + value2) * 60) + value3) * 1000) + value4);
        reason = "";
        return true;
    }

    /// <summary>Formats seconds as hh:mm:ss.ttt (rounded to the millisecond), the form the writer uses.</summary>
    public static string Format(double seconds)
    {
        if (double.IsNaN(seconds) || seconds < 0 || double.IsInfinity(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A subtitle time must be a non-negative number of seconds.");
        }

        var total = (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);
        var ms = total % 1000;
        var s = total / 1000 % 60;
        var m = total / 60_000 % 60;
        var h = total / 3_600_000;
        return string.Create(CultureInfo.InvariantCulture, $"{h:00}:{m:00}:{s:00}.{ms:000}");
    }

    public static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static string CollectDigits(string input, ref int position)
    {
        var start = position;
        while (position < input.Length && IsDigit(input[position]))
        {
            position++;
        }

        return input[start..position];
    }

    private static bool TryParseNumber(string digits, out long value) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
