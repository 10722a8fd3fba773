using System.Globalization;
using System.Text;

namespace Kinodialog.Core.Search;

/// <summary>
/// Folds text for search the same way on both databases: case and diacritics do not matter, and
/// Azerbaijani İ/I/ı/i are one letter (so ISTANBUL, istanbul and İstanbul match), ə matches e,
/// Russian ё matches е, and the Armenian ligature և matches եւ.
/// </summary>
public static class SearchText
{
    public const int MaxQueryTerms = 8;

    /// <summary>Lower-cased, diacritic-free text with runs of non-letters/digits collapsed to one space.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (!char.IsLetterOrDigit(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            switch (c)
            {
                case 'I' or 'ı' or 'İ':
                    builder.Append('i');
                    break;
                case 'Ə' or 'ə':
                    builder.Append('e');
                    break;
                case 'և':
                    builder.Append("եւ");
                    break;
                default:
                    builder.Append(char.ToLowerInvariant(c));
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>The distinct search terms of a query (letters and digits only: safe in any query syntax).</summary>
    public static IReadOnlyList<string> Terms(string? query) =>
        Normalize(query).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxQueryTerms)
            .ToList();
}
