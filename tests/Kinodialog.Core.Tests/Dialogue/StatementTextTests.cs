using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Dialogue;

namespace Kinodialog.Core.Tests.Dialogue;

public sealed class StatementTextTests
{
    [Theory]
    [InlineData("We are neighbours.")]
    [InlineData("Մենք հարևաններ ենք։")]
    [InlineData("Biz qonşuyuq.")]
    [InlineData("Мы соседи.")]
    [InlineData("👩\u200D👩\u200D👧")]
    [InlineData("a")]
    [InlineData("Soft\u00ADhyphen and zero\u200Bwidth inside words are kept")]
    [InlineData("\u200Eleft-to-right mark")]
    public void Ordinary_statements_in_every_language_pass(string text) =>
        Assert.Equal(StatementTextProblem.None, StatementText.Check(text));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u200B\u200B\u200B")]
    [InlineData("\u200C\u200D\u2060\uFEFF")]
    [InlineData("\u00AD\u180E\u00AD")]
    [InlineData(" \t\u00A0\u3000\u2028 ")]
    [InlineData("\u0001\u0007\u007F")]
    [InlineData("\u0301\u0308")]
    [InlineData("\u3164\u115F\u2800")]
    [InlineData("\u200E\u200F")]
    public void A_statement_with_no_visible_character_is_refused(string text) =>
        Assert.Equal(StatementTextProblem.Invisible, StatementText.Check(text));

    [Fact]
    public void A_null_statement_is_refused_as_empty() =>
        Assert.Equal(StatementTextProblem.Invisible, StatementText.Check(null));

    [Theory]
    [InlineData("You are a \u202Erotiart")]
    [InlineData("\u202Aembedded\u202C")]
    [InlineData("\u202Bembedded\u202C")]
    [InlineData("\u202Doverride")]
    [InlineData("\u2066isolate\u2069")]
    [InlineData("\u2067isolate")]
    [InlineData("\u2068isolate")]
    [InlineData("\u202E")]
    public void A_statement_with_a_bidirectional_embedding_override_or_isolate_is_refused(string text) =>
        Assert.Equal(StatementTextProblem.DirectionControl, StatementText.Check(text));

    [Theory]
    [InlineData("They are traitors", "traitor")]
    [InlineData("They are tr\u0430itors", "traitor")] // Cyrillic а
    [InlineData("They are ｔｒａｉｔｏｒｓ", "traitor")] // full-width
    [InlineData("They are TRAITORS", "traitor")]
    [InlineData("They are tra\u200Bi\u200Dtors", "traitor")] // zero-width
    [InlineData("They are trai\u00ADtors", "traitor")] // soft hyphen
    [InlineData("They are tr\u0430\u0456t\u043Er", "traitor")] // Cyrillic а і о
    [InlineData("They are τrαιτοr", "traitor")] // Greek
    [InlineData("They are tra1t0r", "traitor")] // digits
    [InlineData("They are traítor", "traitor")] // accent
    [InlineData("They are trai\u0301tor", "traitor")] // combining accent
    [InlineData("They are ТRАІТОR", "traitor")] // Cyrillic capitals
    [InlineData("They are ΤRΑΙΤΟR", "traitor")] // Greek capitals
    [InlineData("ТҮРЕ", "type")]
    [InlineData("the ѕсum", "scum")]
    [InlineData("hate   you", "hate you")]
    [InlineData("ԁog", "dog")]
    [InlineData("ԛueer", "queer")]
    [InlineData("ԝar", "war")]
    [InlineData("јerk", "jerk")]
    [InlineData("Onlar DÜŞMƏN deyil", "düşmən")]
    [InlineData("İŞĞALÇI", "işğalçı")] // Azerbaijani dotted capital İ and dotless ı fold together
    [InlineData("ISGALCI", "işğalçı")]
    [InlineData("işğalçı", "İşğalçı")]
    [InlineData("ВРАГИ", "враг")]
    [InlineData("ԹՇՆԱՄԻՆ", "թշնամի")] // Armenian capitals
    [InlineData("թշնամին", "ԹՇՆԱՄԻ")]
    public void A_blocked_term_is_found_through_case_accents_look_alikes_and_invisible_characters(string text, string term) =>
        Assert.True(StatementText.ContainsTerm(text, term), $"'{text}' should contain '{term}': {StatementText.Skeleton(text)} / {StatementText.Skeleton(term)}");

    [Theory]
    [InlineData("Music unites us.", "traitor")]
    [InlineData("We should meet more often.", "idiots")]
    [InlineData("Biz qonşuyuq.", "düşmən")]
    [InlineData("Anything at all", "\u200B\u200B")]
    [InlineData("Anything at all", "   ")]
    public void A_statement_without_the_term_is_not_matched(string text, string term) =>
        Assert.False(StatementText.ContainsTerm(text, term));

    [Fact]
    public void A_right_to_left_override_shows_the_word_but_its_characters_do_not_contain_it()
    {
        // The display reverses "rotiart" into "traitor": the override itself is what Check refuses.
        Assert.False(StatementText.ContainsTerm("You are a \u202Erotiart", "traitor"));
        Assert.Equal(StatementTextProblem.DirectionControl, StatementText.Check("You are a \u202Erotiart"));
    }

    [Fact]
    public void Every_confusable_in_the_table_has_the_skeleton_of_its_latin_letter()
    {
        foreach (var (source, latin) in Confusables.Letters.Concat(Confusables.Capitals))
        {
            Assert.Equal(StatementText.Skeleton(latin.ToString()), StatementText.Skeleton(char.ConvertFromUtf32(source)));
        }
    }

    [Fact]
    public void The_skeleton_is_the_same_for_the_same_input_and_idempotent()
    {
        const string text = "Ｔhey аre\u200B TRAITORS İ ı";
        Assert.Equal(StatementText.Skeleton(text), StatementText.Skeleton(text));
        Assert.Equal(StatementText.Skeleton(text), StatementText.Skeleton(StatementText.Skeleton(text)));
    }

    private static readonly string[] Invisible = ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u180E", "\u200E", "\u200F"];

    /// <summary>For every Latin letter, the characters that look like it (from the table, plus its capital and full-width form).</summary>
    private static readonly Dictionary<char, string[]> LookAlikes = Enumerable.Range('a', 26).Select(c => (char)c).ToDictionary(
        c => c,
        c => Confusables.Letters.Concat(Confusables.Capitals)
            .Where(p => StatementText.Skeleton(char.ConvertFromUtf32(p.Key)) == StatementText.Skeleton(c.ToString()))
            .Select(p => char.ConvertFromUtf32(p.Key))
            .Concat([c.ToString(), char.ToUpperInvariant(c).ToString(), ((char)(c - 'a' + 'ａ')).ToString()])
            .ToArray());

    private static Gen<string> Disguise(string word) =>
        from letters in Gen.CollectToArray(word.Select(c => Gen.Elements(LookAlikes[c])))
        from gaps in Gen.ArrayOf(Gen.OneOf(Gen.Constant(""), Gen.Elements(Invisible)), word.Length)
        select string.Concat(letters.Zip(gaps, (letter, gap) => letter + gap));

    private static readonly Gen<string> Words = Gen.Choose(3, 10).SelectMany(n => Gen.ArrayOf(Gen.Choose('a', 'z').Select(c => (char)c), n)).Select(cs => new string(cs));

    [Fact]
    public void Inserting_zero_width_characters_or_swapping_letters_for_look_alikes_never_escapes_a_match()
    {
        var cases =
            from term in Words
            from disguised in Disguise(term)
            from before in Gen.Elements("", "They are ", "Вы ", "Դուք ", "Siz ")
            from after in Gen.Elements("", "!", " and more", "lar")
            select (term, text: before + disguised + after);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(cases.ToArbitrary(), c =>
            StatementText.ContainsTerm(c.text, c.term) && StatementText.ContainsTerm(c.text, c.term.ToUpperInvariant())));
    }

    [Fact]
    public void Text_made_only_of_invisible_characters_is_always_refused()
    {
        var invisible = Gen.ArrayOf(Gen.Elements(Invisible.Concat([" ", "\t", "\n", "\u00A0", "\u3000"]).ToArray()))
            .Select(parts => string.Concat(parts));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(invisible.ToArbitrary(), text =>
            StatementText.Check(text) == StatementTextProblem.Invisible));
    }

    [Fact]
    public void A_direction_control_anywhere_is_always_refused()
    {
        var cases =
            from prefix in ArbMap.Default.GeneratorFor<string>()
            from control in Gen.Elements(Enumerable.Range(0x202A, 5).Concat(Enumerable.Range(0x2066, 4)).ToArray())
            from suffix in ArbMap.Default.GeneratorFor<string>()
            select (prefix ?? "") + char.ConvertFromUtf32(control) + (suffix ?? "");
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(cases.ToArbitrary(), text =>
            StatementText.Check(text) == StatementTextProblem.DirectionControl));
    }

    [Fact]
    public void The_skeleton_of_a_long_text_is_computed_in_one_pass()
    {
        var text = new StringBuilder().Insert(0, "tr\u0430\u200Bitor ", 20_000).ToString();
        Assert.Equal(20_000, StatementText.Skeleton(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => w == "traitor"));
    }
}
