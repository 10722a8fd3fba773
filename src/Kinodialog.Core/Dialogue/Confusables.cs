using System.Collections.Frozen;
using System.Text;

namespace Kinodialog.Core.Dialogue;

/// <summary>
/// A compact confusables table after Unicode TS #39 (confusables.txt): Cyrillic, Greek, Armenian and
/// Latin letters, and digits, that look like a Latin letter are mapped to that lower-case Latin letter.
/// Full-width and other compatibility forms are not listed: NFKC has turned them into ASCII before.
/// <para>
/// The table is applied after lower-casing, so a letter and its capital always share a skeleton (a Russian
/// or Armenian term matches in either case). Where the lower-case letter looks like another Latin letter
/// than its capital (Greek Η/η, Ν/ν, Υ/υ, Μ/μ, Ζ/ζ) the capital is mapped first, from
/// <see cref="Capitals"/>; Greek is not one of our languages, so a Greek term's case is the price.
/// </para>
/// <para>
/// Deliberately broad: l, 1, | and every dotless/dotted i look-alike are one letter (so are 0 and o) — a
/// match only holds a statement for a moderator, so a rare false hold is cheaper than a missed word.
/// </para>
/// </summary>
public static class Confusables
{
    /// <summary>Look-alikes of lower-case Latin letters, by the lower-case form of the character.</summary>
    public static readonly FrozenDictionary<int, char> Letters = new Dictionary<int, char>
    {
        // Latin and digits
        ['l'] = 'i',
        ['1'] = 'i',
        ['|'] = 'i',
        ['ı'] = 'i',
        ['ǀ'] = 'i',
        ['ɩ'] = 'i',
        ['ɪ'] = 'i',
        ['0'] = 'o',
        ['ɑ'] = 'a',
        ['ɡ'] = 'g',
        ['ʏ'] = 'y',
        ['ɴ'] = 'n',
        ['ʜ'] = 'h',
        ['ᴋ'] = 'k',
        ['ᴍ'] = 'm',
        ['ᴛ'] = 't',

        // Cyrillic
        ['а'] = 'a',
        ['б'] = '6',
        ['в'] = 'b',
        ['г'] = 'r',
        ['е'] = 'e',
        ['з'] = '3',
        ['к'] = 'k',
        ['м'] = 'm',
        ['н'] = 'h',
        ['о'] = 'o',
        ['п'] = 'n',
        ['р'] = 'p',
        ['с'] = 'c',
        ['т'] = 't',
        ['у'] = 'y',
        ['х'] = 'x',
        ['ь'] = 'b',
        ['ѕ'] = 's',
        ['і'] = 'i',
        ['ј'] = 'j',
        ['һ'] = 'h',
        ['ԁ'] = 'd',
        ['ԛ'] = 'q',
        ['ԝ'] = 'w',
        ['ӏ'] = 'i',
        ['ү'] = 'y',
        ['ҽ'] = 'e',
        ['ԍ'] = 'g',

        // Greek
        ['α'] = 'a',
        ['β'] = 'b',
        ['γ'] = 'y',
        ['ε'] = 'e',
        ['η'] = 'n',
        ['ι'] = 'i',
        ['κ'] = 'k',
        ['μ'] = 'u',
        ['ν'] = 'v',
        ['ο'] = 'o',
        ['ρ'] = 'p',
        ['τ'] = 't',
        ['υ'] = 'u',
        ['χ'] = 'x',
        ['ω'] = 'w',
        ['ϲ'] = 'c',
        ['ς'] = 'c',
        ['ϳ'] = 'j',

        // Armenian
        ['օ'] = 'o',
        ['ս'] = 'u',
        ['ո'] = 'n',
        ['ռ'] = 'n',
        ['հ'] = 'h',
        ['ց'] = 'g',
        ['զ'] = 'q',
        ['գ'] = 'q',
        ['լ'] = 'i',
    }.ToFrozenDictionary();

    /// <summary>Capitals whose lower-case letter looks like another Latin letter (mapped before lower-casing).</summary>
    public static readonly FrozenDictionary<int, char> Capitals = new Dictionary<int, char>
    {
        ['Α'] = 'a',
        ['Β'] = 'b',
        ['Ε'] = 'e',
        ['Ζ'] = 'z',
        ['Η'] = 'h',
        ['Ι'] = 'i',
        ['Κ'] = 'k',
        ['Μ'] = 'm',
        ['Ν'] = 'n',
        ['Ο'] = 'o',
        ['Ρ'] = 'p',
        ['Τ'] = 't',
        ['Υ'] = 'y',
        ['Χ'] = 'x',
        ['Ϳ'] = 'j',
    }.ToFrozenDictionary();

    /// <summary>Appends the skeleton of one character (already decomposed and free of marks).</summary>
    public static void AppendSkeleton(StringBuilder builder, Rune rune)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (Capitals.TryGetValue(rune.Value, out var capital))
        {
            builder.Append(capital);
            return;
        }

        var lower = Rune.ToLowerInvariant(rune);
        if (Letters.TryGetValue(lower.Value, out var letter))
        {
            builder.Append(letter);
        }
        else if (lower.IsBmp)
        {
            builder.Append((char)lower.Value);
        }
        else
        {
            builder.Append(lower.ToString());
        }
    }
}
