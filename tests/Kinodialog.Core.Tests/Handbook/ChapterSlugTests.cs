using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Handbook;

namespace Kinodialog.Core.Tests.Handbook;

public sealed class ChapterSlugTests
{
    [Theory]
    [InlineData("ground-rules")]
    [InlineData("01-choosing-films")]
    [InlineData("abc")]
    public void Lower_case_words_joined_by_hyphens_are_valid(string slug) => Assert.True(ChapterSlug.IsValid(slug));

    [Theory]
    [InlineData("ab")]
    [InlineData("Ground-Rules")]
    [InlineData("-rules")]
    [InlineData("rules-")]
    [InlineData("ground--rules")]
    [InlineData("qaydalar-ə")]
    [InlineData("правила")]
    [InlineData("ground rules")]
    [InlineData("new")]
    [InlineData("history")]
    [InlineData(null)]
    public void Anything_else_is_refused(string? slug) => Assert.False(ChapterSlug.IsValid(slug));

    [Fact]
    public void A_valid_slug_is_always_safe_in_a_url_path() =>
        Prop.ForAll<string>(s => !ChapterSlug.IsValid(s) || (Uri.EscapeDataString(s) == s && s.Length <= ChapterSlug.MaxLength && !s.Contains('/', StringComparison.Ordinal)))
            .QuickCheckThrowOnFailure();
}

public sealed class TranslationRulesTests
{
    [Fact]
    public void The_source_is_never_out_of_date() =>
        Assert.Equal(TranslationState.Source, TranslationRules.StateOf(true, null, 7));

    [Theory]
    [InlineData(3, 3, TranslationState.UpToDate)]
    [InlineData(2, 3, TranslationState.OutOfDate)]
    [InlineData(null, 1, TranslationState.OutOfDate)]
    public void A_translation_follows_the_source_revision_it_was_based_on(int? basedOn, int source, TranslationState expected) =>
        Assert.Equal(expected, TranslationRules.StateOf(false, basedOn, source));

    [Fact]
    public void A_newer_source_revision_never_makes_a_translation_more_current() =>
        Prop.ForAll<int, PositiveInt, PositiveInt>((based, source, step) =>
        {
            var before = TranslationRules.StateOf(false, based, source.Get);
            var after = TranslationRules.StateOf(false, based, source.Get + step.Get);
            return before == TranslationState.OutOfDate ? after == TranslationState.OutOfDate : true;
        }).QuickCheckThrowOnFailure();
}
