using Kinodialog.Core.Handbook;

namespace Kinodialog.Core.Tests.Handbook;

public sealed class LineDiffTests
{
    private static string Show(IReadOnlyList<DiffLine> lines) =>
        string.Join("|", lines.Select(l => (l.Kind switch { DiffKind.Added => "+", DiffKind.Removed => "-", _ => " " }) + l.Text));

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
