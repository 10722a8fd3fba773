using Kinodialog.Core.Handbook;

namespace Kinodialog.Core.Tests.Handbook;

public sealed class LineDiffTests
{
    private static string Show(IReadOnlyList<DiffLine> lines) =>
        string.Join("|", lines.Select(l => (l.Kind switch { DiffKind.Added => "+", DiffKind.Removed => "-", DiffKind.Folded => "~" + l.Hidden, _ => " " }) + l.Text));

    [Fact]
    public void A_reviewer_sees_each_change_with_three_kept_lines_around_it_and_the_rest_folded()
    {
        // 20 lines, line 10 changed: lines 1-6 folded (6), 7-9 kept, -10 +10, 11-13 kept, 14-20 folded (7).
        var before = string.Join("\n", Enumerable.Range(1, 20).Select(i => "l" + i));
        var after = before.Replace("l10\n", "L10\n", StringComparison.Ordinal);
        Assert.Equal("~6| l7| l8| l9|-l10|+L10| l11| l12| l13|~7", Show(LineDiff.Fold(LineDiff.Compare(before, after))));
    }

    [Fact]
    public void Two_changes_close_together_share_their_context_and_a_single_hidden_line_is_shown_instead_of_a_marker()
    {
        // Changes at lines 2 and 10 (context 3): 3-5 and 7-9 shown, line 6 alone between them is shown too.
        var before = string.Join("\n", Enumerable.Range(1, 12).Select(i => "l" + i));
        var after = before.Replace("l2\n", "L2\n", StringComparison.Ordinal).Replace("l10\n", "L10\n", StringComparison.Ordinal);
        Assert.Equal(" l1|-l2|+L2| l3| l4| l5| l6| l7| l8| l9|-l10|+L10| l11| l12", Show(LineDiff.Fold(LineDiff.Compare(before, after))));

        // Nothing changed: one marker for everything; context 0 keeps only the changes.
        Assert.Equal("~12", Show(LineDiff.Fold(LineDiff.Compare(before, before))));
        Assert.Equal("~9|-l10|+L10|~2", Show(LineDiff.Fold(LineDiff.Compare(before, before.Replace("l10\n", "L10\n", StringComparison.Ordinal)), context: 0)));
    }

    [Fact]
    public void Identical_texts_are_all_kept()
    {
        Assert.Equal(" a| b", Show(LineDiff.Compare("a\nb\n", "a\r\nb")));
    }

    [Fact]
    public void A_changed_line_is_removed_and_added_between_the_kept_ones()
    {
        Assert.Equal(" one|-two|+TWO| three", Show(LineDiff.Compare("one\ntwo\nthree", "one\nTWO\nthree")));
    }

    [Fact]
    public void Insertions_and_deletions_in_the_middle_keep_the_common_lines()
    {
        Assert.Equal(" a|-b| c|+x| d|+e", Show(LineDiff.Compare("a\nb\nc\nd", "a\nc\nx\nd\ne")));
    }

    [Fact]
    public void Empty_texts_compare_as_all_added_or_all_removed()
    {
        Assert.Equal("+a|+b", Show(LineDiff.Compare("", "a\nb")));
        Assert.Equal("-a", Show(LineDiff.Compare("a", "")));
    }

    [Fact]
    public void A_change_too_large_for_the_table_is_shown_as_removed_then_added_and_keeps_every_line()
    {
        var before = string.Join("\n", Enumerable.Range(0, 2_100).Select(i => "old " + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var after = string.Join("\n", Enumerable.Range(0, 2_100).Select(i => "new " + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var diff = LineDiff.Compare("same\n" + before + "\nend", "same\n" + after + "\nend");
        Assert.Equal(4_202, diff.Count);
        Assert.Equal(DiffKind.Same, diff[0].Kind);
        Assert.All(diff.Skip(1).Take(2_100), l => Assert.Equal(DiffKind.Removed, l.Kind));
        Assert.All(diff.Skip(2_101).Take(2_100), l => Assert.Equal(DiffKind.Added, l.Kind));
        Assert.Equal(new DiffLine(DiffKind.Same, "end"), diff[^1]);
    }
}
