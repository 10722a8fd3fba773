using System.Globalization;
using System.Text;

namespace Kinodialog.Core.Dialogue;

/// <summary>Why a statement's text is refused (<see cref="StatementTextProblem.None"/>: it is fine).</summary>
public enum StatementTextProblem
{
    None,

    /// <summary>Nothing visible: only spaces, zero-width, control or formatting characters.</summary>
    Invisible,

    /// <summary>Contains a bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069).</summary>
    DirectionControl,
}

/// <summary>
/// One rule for the text of every statement (proposed by a phone, seeded or translated by a facilitator)
/// and for matching blocklisted terms against it.
/// <list type="bullet">
/// <item>A statement with a bidirectional embedding, override or isolate is refused: none of our languages
/// (Armenian, Azerbaijani, Russian, English) needs one, and <c>You are a \u202Erotiart</c> displays as a blocked
/// word while its characters do not contain it. The marks U+200E/U+200F/U+061C (LRM, RLM, ALM) cannot reverse a
/// word; they are kept in the text, ignored by matching and not counted as visible.</item>
/// <item>A statement with no visible character (after whitespace, zero-width characters, the soft hyphen,
/// every other control or format character and lone combining marks) is refused.</item>
/// <item>Blocklist matching compares skeletons (<see cref="Skeleton"/>): NFKC, format characters and
/// combining marks removed, case folded with İ/I/ı/i as one letter, confusable letters of other scripts
/// mapped to the Latin letter they look like (a compact table after Unicode TS #39), whitespace runs as one
/// space. A term matches when its skeleton occurs anywhere in the statement's skeleton, as before.</item>
/// </list>
/// </summary>
public static class StatementText
{
    /// <summary>The longest statement a phone may propose or a moderator may write (Polis's own limit is 140 too).</summary>
    public const int MaxLength = 140;

    /// <summary>Checks a statement's text (already trimmed or not); null counts as empty.</summary>
    public static StatementTextProblem Check(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return StatementTextProblem.Invisible;
        }

        var visible = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsDirectionControl(rune.Value))
            {
                return StatementTextProblem.DirectionControl;
            }

            visible |= IsVisible(rune);
        }

        return visible ? StatementTextProblem.None : StatementTextProblem.Invisible;
    }

    /// <summary>U+202A–U+202E (embeddings, overrides, pop) and U+2066–U+2069 (isolates).</summary>
    public static bool IsDirectionControl(int codePoint) => codePoint is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    /// <summary>True when the term's skeleton is not empty and occurs in the text's skeleton.</summary>
    public static bool ContainsTerm(string text, string term)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(term);
        var needle = Skeleton(term).Trim();
        return needle.Length > 0 && Skeleton(text).Contains(needle, StringComparison.Ordinal);
    }

    /// <summary>The form blocklist matching compares: look-alike texts give the same skeleton.</summary>
    public static string Skeleton(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormKC).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (IsIgnorable(rune, category))
            {
                continue;
            }

            if (Rune.IsWhiteSpace(rune))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            Confusables.AppendSkeleton(builder, rune);
        }

        if (pendingSpace)
        {
            builder.Append(' ');
        }

        return builder.ToString();
    }

    private static bool IsIgnorable(Rune rune, UnicodeCategory category) =>
        category is UnicodeCategory.Format or UnicodeCategory.Control or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate
        || IsBlankLetter(rune.Value);

    /// <summary>Characters drawn as nothing although Unicode calls them letters or symbols.</summary>
    private static bool IsBlankLetter(int codePoint) =>
        codePoint is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0x180E or 0x034F or 0x17B4 or 0x17B5 or 0x1D159 or (>= 0x1D173 and <= 0x1D17A);

    private static bool IsVisible(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        return !Rune.IsWhiteSpace(rune) && rune != Rune.ReplacementChar && !IsIgnorable(rune, category)
            && category is not (UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse);
    }
}
