using System.Globalization;
using System.Net;

namespace Kinodialog.Core.Subtitles;

/// <summary>
/// HTML's "consume a character reference", as the WebVTT cue text tokenizer uses it (never "as part of an
/// attribute"). Numeric references follow HTML exactly; named references cover the HTML 4 set with a
/// semicolon (amp, lt, gt, nbsp, lrm, rlm, eacute, mdash, …) and amp/lt/gt/quot/nbsp without one.
/// </summary>
internal static class HtmlCharacterReference
{
    private const int MaxNameLength = 32;

    // Names HTML also accepts without the closing semicolon (the ones subtitle files use).
    private static readonly Dictionary<string, string> Legacy = new(StringComparer.Ordinal)
    {
        ["nbsp"] = "\u00A0",
        ["quot"] = "\"",
        ["QUOT"] = "\"",
        ["amp"] = "&",
        ["AMP"] = "&",
        ["lt"] = "<",
        ["LT"] = "<",
        ["gt"] = ">",
        ["GT"] = ">",
    };

    private static readonly KeyValuePair<string, string>[] LegacyLongestFirst = [.. Legacy.OrderByDescending(p => p.Key.Length)];

    // HTML's replacements for numeric references to C1 controls (the Windows-1252 characters).
    private static readonly Dictionary<int, int> C1Replacements = new()
    {
        [0x80] = 0x20AC,
        [0x82] = 0x201A,
        [0x83] = 0x0192,
        [0x84] = 0x201E,
        [0x85] = 0x2026,
        [0x86] = 0x2020,
        [0x87] = 0x2021,
        [0x88] = 0x02C6,
        [0x89] = 0x2030,
        [0x8A] = 0x0160,
        [0x8B] = 0x2039,
        [0x8C] = 0x0152,
        [0x8E] = 0x017D,
        [0x91] = 0x2018,
        [0x92] = 0x2019,
        [0x93] = 0x201C,
        [0x94] = 0x201D,
        [0x95] = 0x2022,
        [0x96] = 0x2013,
        [0x97] = 0x2014,
        [0x98] = 0x02DC,
        [0x99] = 0x2122,
        [0x9A] = 0x0161,
        [0x9B] = 0x203A,
        [0x9C] = 0x0153,
        [0x9E] = 0x017E,
        [0x9F] = 0x0178,
    };

    /// <summary>
    /// Tries to read a character reference whose '&amp;' is at <paramref name="ampersand"/>. On success returns
    /// the characters it stands for and sets <paramref name="next"/> just after the reference.
    /// </summary>
    public static bool TryConsume(string input, int ampersand, char? additionalAllowed, out string value, out int next)
    {
        value = "";
        next = ampersand + 1;
        var i = ampersand + 1;
        if (i >= input.Length)
        {
            return false;
        }

        var c = input[i];
        if (c is '\t' or '\n' or '\f' or ' ' or '<' or '&' || c == additionalAllowed)
        {
            return false;
        }

        return c == '#' ? TryConsumeNumeric(input, i + 1, out value, out next) : TryConsumeNamed(input, i, out value, out next);
    }

    private static bool TryConsumeNumeric(string input, int i, out string value, out int next)
    {
        value = "";
        next = i;
        var hex = i < input.Length && input[i] is 'x' or 'X';
        if (hex)
        {
            i++;
        }

        var start = i;
        while (i < input.Length && (hex ? char.IsAsciiHexDigit(input[i]) : char.IsAsciiDigit(input[i])))
        {
            i++;
        }

        if (i == start)
        {
            return false;
        }

        var digits = input[start..i];
        if (i < input.Length && input[i] == ';')
        {
            i++;
        }

        var style = hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None;
        var code = long.TryParse(digits, style, CultureInfo.InvariantCulture, out var parsed) && parsed <= 0x10FFFF ? (int)parsed : -1;
        if (code <= 0 || code is >= 0xD800 and <= 0xDFFF)
        {
            code = 0xFFFD;
        }
        else if (C1Replacements.TryGetValue(code, out var replacement))
        {
            code = replacement;
        }

        value = char.ConvertFromUtf32(code);
        next = i;
        return true;
    }

    private static bool TryConsumeNamed(string input, int i, out string value, out int next)
    {
        value = "";
        next = i;
        var end = i;
        while (end < input.Length && end - i < MaxNameLength && char.IsAsciiLetterOrDigit(input[end]))
        {
            end++;
        }

        if (end == i)
        {
            return false;
        }

        var name = input[i..end];
        if (end < input.Length && input[end] == ';')
        {
            if (Legacy.TryGetValue(name, out var known))
            {
                value = known;
                next = end + 1;
                return true;
            }

            var candidate = string.Concat("&", name, ";");
            var decoded = WebUtility.HtmlDecode(candidate);
            if (!string.Equals(decoded, candidate, StringComparison.Ordinal))
            {
                value = decoded;
                next = end + 1;
                return true;
            }
        }

        // The longest legacy name that starts what follows, e.g. "&nbspx" is NBSP then "x".
        foreach (var (legacy, text) in LegacyLongestFirst)
        {
            if (name.StartsWith(legacy, StringComparison.Ordinal))
            {
                value = text;
                next = i + legacy.Length;
                return true;
            }
        }

        return false;
    }
}
