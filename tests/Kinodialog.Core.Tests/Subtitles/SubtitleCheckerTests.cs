using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Subtitles;

namespace Kinodialog.Core.Tests.Subtitles;

public sealed class SubtitleCheckerTests
{
    private static SubtitleCue Cue(double start, double end, string text = "Hi", int line = 0) =>
        new() { StartTime = start, EndTime = end, Text = text, LineNumber = line };

    private static IReadOnlyList<SubtitleIssue> Only(IReadOnlyList<SubtitleIssue> warnings, string code) =>
        [.. warnings.Where(w => w.Code == code)];

    [Fact]
    public void The_limits_are_public_constants()
    {
        Assert.Equal(21, SubtitleChecker.MaxCharactersPerSecond);
        Assert.Equal(42, SubtitleChecker.MaxLineLength);
    }

    [Fact]
    public void Well_timed_short_cues_give_no_warnings()
    {
        var cues = new[] { Cue(1, 3, "Hello", 3), Cue(3, 5, "<v Ani>Բարեւ</v>", 6), Cue(6, 8, "Привет", 9) };
        Assert.Empty(SubtitleChecker.Check(cues, 10));
    }

    [Fact]
    public void A_cue_starting_before_the_one_above_it_is_out_of_order()
    {
        var warnings = SubtitleChecker.Check([Cue(5, 6, line: 3), Cue(1, 2, line: 6), Cue(7, 8, line: 9)]);
        var warning = Assert.Single(Only(warnings, SubtitleIssueCodes.CueOutOfOrder));
        Assert.Equal(6, warning.Line);
        Assert.Equal(["6", "00:00:01.000", "3", "00:00:05.000"], warning.Arguments);
        Assert.Contains("out of order", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_cues_are_reported_at_the_later_cue_naming_the_earlier_one()
    {
        var warnings = SubtitleChecker.Check([Cue(0, 60, line: 3), Cue(30, 90, line: 6)]);
        var warning = Assert.Single(Only(warnings, SubtitleIssueCodes.CueOverlap));
        Assert.Equal(6, warning.Line);
        Assert.Equal(["6", "00:00:30.000", "3", "00:01:00.000"], warning.Arguments);
    }

    [Fact]
    public void A_cue_inside_a_long_cue_overlaps_it_even_after_a_short_one()
    {
        var warnings = SubtitleChecker.Check([Cue(0, 100, line: 1), Cue(10, 20, line: 4), Cue(30, 40, line: 7)]);
        var overlaps = Only(warnings, SubtitleIssueCodes.CueOverlap);
        Assert.Equal([4, 7], overlaps.Select(w => w.Line));
        Assert.All(overlaps, w => Assert.Equal("1", w.Arguments[2]));
    }

    [Fact]
    public void Cues_that_touch_do_not_overlap()
    {
        Assert.Empty(SubtitleChecker.Check([Cue(1, 2.1), Cue(2.1, 3), Cue(1.1 + 1.9, 4)]));
    }

    [Fact]
    public void Out_of_order_cues_that_overlap_get_both_warnings()
    {
        var warnings = SubtitleChecker.Check([Cue(5, 10, line: 1), Cue(4, 6, line: 4)]);
        Assert.Single(Only(warnings, SubtitleIssueCodes.CueOutOfOrder));
        Assert.Equal(1, Assert.Single(Only(warnings, SubtitleIssueCodes.CueOverlap)).Line);
    }

    [Fact]
    public void A_cue_ending_after_the_film_is_reported_only_when_the_duration_is_known()
    {
        var cues = new[] { Cue(50, 59.9995, line: 1), Cue(59, 61, line: 4) };
        var warning = Assert.Single(Only(SubtitleChecker.Check(cues, 60), SubtitleIssueCodes.CueAfterFilmEnd));
        Assert.Equal(4, warning.Line);
        Assert.Equal(["4", "00:01:01.000", "00:01:00.000"], warning.Arguments);
        Assert.Empty(Only(SubtitleChecker.Check(cues, null), SubtitleIssueCodes.CueAfterFilmEnd));
    }

    [Fact]
    public void Reading_faster_than_21_characters_per_second_is_reported()
    {
        var fortyTwo = new string('a', 21) + "\n" + new string('b', 21);
        Assert.Empty(SubtitleChecker.Check([Cue(0, 2, fortyTwo)]));
        var warning = Assert.Single(SubtitleChecker.Check([Cue(0, 1.9, fortyTwo, 7)]));
        Assert.Equal((SubtitleIssueCodes.CueReadingSpeed, 7), (warning.Code, warning.Line));
        Assert.Equal(["7", "42", "1.9", "22.1", "21"], warning.Arguments);
    }

    [Fact]
    public void Reading_speed_counts_the_text_a_viewer_reads_not_tags_or_references()
    {
        var text = "<v Roger Bingham><i>" + new string('x', 20) + "</i>&amp;</v>";
        Assert.Empty(SubtitleChecker.Check([Cue(0, 1, text)]));
        Assert.Single(SubtitleChecker.Check([Cue(0, 1, text + "yy")]));
    }

    [Fact]
    public void Reading_speed_counts_a_letter_with_a_combining_accent_once()
    {
        var text = string.Concat(Enumerable.Repeat("e\u0301", 21));
        Assert.Empty(SubtitleChecker.Check([Cue(0, 1, text)]));
    }

    [Fact]
    public void Lines_longer_than_42_characters_are_reported_one_by_one()
    {
        var text = new string('a', 42) + "\n" + new string('б', 43) + "\n  " + new string('c', 42) + "  ";
        var warnings = SubtitleChecker.Check([Cue(0, 100, text, 12)]);
        var warning = Assert.Single(warnings);
        Assert.Equal((SubtitleIssueCodes.CueLineTooLong, 12), (warning.Code, warning.Line));
        Assert.Equal(["2", "12", "43", "42"], warning.Arguments);
    }

    [Fact]
    public void A_cue_with_no_duration_is_not_given_a_reading_speed()
    {
        Assert.Empty(SubtitleChecker.Check([Cue(5, 5, "text"), Cue(7, 6, "text")]));
    }

    [Fact]
    public void Cues_built_by_hand_with_impossible_times_are_checked_without_throwing()
    {
        var warnings = SubtitleChecker.Check([Cue(-5, -1, "a", 1), Cue(double.NaN, 2, "b", 2), Cue(1, double.PositiveInfinity, "c", 3), Cue(0, 1e300, "d", 4)], 10);
        Assert.Contains(warnings, w => w is { Code: SubtitleIssueCodes.CueAfterFilmEnd, Line: 3 });
        Assert.Contains(warnings, w => w is { Code: SubtitleIssueCodes.CueAfterFilmEnd, Line: 4 });
    }

    [Fact]
    public void Warnings_come_sorted_by_line()
    {
        var warnings = SubtitleChecker.Check([Cue(10, 11, new string('a', 50), 1), Cue(1, 20, "x", 5), Cue(2, 3, "y", 9)], 15);
        Assert.Equal(warnings.OrderBy(w => w.Line).Select(w => w.Line), warnings.Select(w => w.Line));
        Assert.True(warnings.Count >= 4);
    }

    [Fact]
    public void Sorted_cues_never_get_an_order_warning() =>
        Check.One(SubtitleGenerators.Config, Prop.ForAll(Gen.ListOf(SubtitleGenerators.Cue).ToArbitrary(), cues =>
            !SubtitleChecker.Check([.. cues.OrderBy(c => c.StartTime)]).Any(w => w.Code == SubtitleIssueCodes.CueOutOfOrder)));

    [Fact]
    public void Cues_that_each_end_before_the_next_starts_never_overlap() =>
        Check.One(SubtitleGenerators.Config, Prop.ForAll(Gen.ListOf(Gen.Choose(0, 5000)).ToArbitrary(), gaps =>
        {
            var time = 0.0;
            var cues = new List<SubtitleCue>();
            foreach (var gap in gaps)
            {
                var start = time + (gap / 1000.0);
                time = start + 1 + (gap / 1000.0);
                cues.Add(Cue(start, time));
            }

            return SubtitleChecker.Check(cues).All(w => w.Code is not (SubtitleIssueCodes.CueOverlap or SubtitleIssueCodes.CueOutOfOrder));
        }));

    [Fact]
    public void Swapping_two_cues_with_different_starts_always_gives_an_order_warning() =>
        Check.One(SubtitleGenerators.Config, Prop.ForAll(SubtitleGenerators.Cue.ToArbitrary(), SubtitleGenerators.Cue.ToArbitrary(), (a, b) =>
            a.StartTime == b.StartTime
            || SubtitleChecker.Check(a.StartTime < b.StartTime ? [b, a] : [a, b]).Any(w => w.Code == SubtitleIssueCodes.CueOutOfOrder)));
}
