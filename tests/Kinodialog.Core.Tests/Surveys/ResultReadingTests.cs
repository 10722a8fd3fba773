using System.Globalization;
using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

public sealed class ResultReadingTests
{
    [Theory]
    [InlineData(0.0004, "en", "p < 0.001")]
    [InlineData(0.0004, "hy", "p < 0,001")]
    [InlineData(0.0004, "az-Latn", "p < 0,001")]
    [InlineData(0.0004, "ru", "p < 0,001")]
    [InlineData(0.00099, "en", "p < 0.001")]
    [InlineData(0.001, "en", "p = 0.001")]
    [InlineData(0.0342, "en", "p = 0.034")]
    [InlineData(0.0342, "ru", "p = 0,034")]
    [InlineData(0.5, "az-Latn", "p = 0,500")]
    [InlineData(1.0, "en", "p = 1.000")]
    [InlineData(null, "en", "–")]
    [InlineData(double.NaN, "hy", "–")]
    public void P_values_read_p_less_than_or_p_equals_in_the_readers_culture(double? p, string culture, string expected)
    {
        var text = PValueFormat.Format(p, CultureInfo.GetCultureInfo(culture));
        Assert.Equal(expected, text);
        Assert.DoesNotContain("= <", text, StringComparison.Ordinal);
    }

    [Theory]
    // Issue 15: d_z from −0.5 to 16.2 (width 16.7) at 12 pairs.
    [InlineData(EstimateKind.CohensDz, 12, -0.5, 16.2, true)]
    [InlineData(EstimateKind.CohensDz, 40, 0.2, 1.0, false)]
    [InlineData(EstimateKind.CohensDz, 40, 0.2, 1.8, false)]
    [InlineData(EstimateKind.CohensDz, 40, 0.2, 1.81, true)]
    [InlineData(EstimateKind.RankBiserial, 12, 0.1, 1.0, false)]
    [InlineData(EstimateKind.RankBiserial, 12, -0.2, 1.0, true)]
    [InlineData(EstimateKind.ShareChange, 12, -0.25, 0.75, false)]
    [InlineData(EstimateKind.ShareChange, 9, 0.1, 0.3, true)]
    [InlineData(EstimateKind.Points, 12, 5, 45, false)]
    [InlineData(EstimateKind.Points, 12, 4.9, 45, true)]
    [InlineData(EstimateKind.Points, 10, 10, 20, false)]
    public void Wide_intervals_and_intervals_from_fewer_than_ten_pairs_are_flagged(EstimateKind kind, int pairs, double low, double high, bool flagged) =>
        Assert.Equal(flagged, EstimatePrecision.IsUnreliable(kind, pairs, low, high));

    [Fact]
    public void A_missing_interval_end_is_flagged()
    {
        Assert.True(EstimatePrecision.IsUnreliable(EstimateKind.RankBiserial, 50, null, 0.2));
        Assert.True(EstimatePrecision.IsUnreliable(EstimateKind.RankBiserial, 50, 0.1, double.PositiveInfinity));
    }

    [Theory]
    [InlineData(BetterEnd.Higher, 0.4, 1)]
    [InlineData(BetterEnd.Higher, -0.4, -1)]
    [InlineData(BetterEnd.Lower, -1.0, 1)]
    [InlineData(BetterEnd.Lower, 0.3, -1)]
    [InlineData(BetterEnd.Lower, 0.0, 0)]
    [InlineData(BetterEnd.Higher, null, 0)]
    public void A_change_is_an_improvement_when_it_moves_towards_the_better_end(BetterEnd better, double? change, int expected) =>
        Assert.Equal(expected, Orientation.Improvement(better, change));

    [Fact]
    public void Moving_down_a_scale_whose_lower_end_is_better_counts_as_moving_towards_it()
    {
        Assert.Equal((7, 2), Orientation.Moves(BetterEnd.Lower, movedUp: 2, movedDown: 7));
        Assert.Equal((2, 7), Orientation.Moves(BetterEnd.Higher, movedUp: 2, movedDown: 7));
    }

    public static TheoryData<int[], (int First, int Last, int? Count)[]> OneRow => new()
    {
        { [3, 4, 5], [(0, 1, 7), (2, 2, 5)] },
        { [0, 3, 9], [(0, 0, 0), (1, 2, 12)] },
        { [6, 3, 0], [(0, 2, 9)] },
        { [2, 2], [(0, 1, null)] },
        { [0, 0, 0], [(0, 0, 0), (1, 1, 0), (2, 2, 0)] },
        { [6, 0, 6], [(0, 0, 6), (1, 1, 0), (2, 2, 6)] },
        { [5, 1, 0, 0, 6], [(0, 0, 5), (1, 4, 7)] },
        { [5, 0, 2], [(0, 2, 7)] },
        { [1, 2, 3, 4, 2], [(0, 2, 6), (3, 4, 6)] },
        // 12 phones, trust 1–5: 1, 2, 6, 2, 1.
        { [1, 2, 6, 2, 1], [(0, 4, 12)] },
    };

    [Theory]
    [MemberData(nameof(OneRow))]
    public void Adjacent_categories_merge_until_each_shown_count_is_zero_or_at_least_five(int[] counts, (int First, int Last, int? Count)[] expected)
    {
        // [1, 2, 6, 2, 1]: 1 + 2 + 6 = 9 closes a group; the 2 + 1 = 3 left over joins it.
        var groups = DistributionMerge.Merge(counts, 5);
        Assert.Equal(expected, groups.Select(g => (g.First, g.Last, g.Counts[0])).ToArray());
    }

    [Fact]
    public void Before_and_after_share_one_grouping_in_which_both_are_safe()
    {
        // Before 7, 5, 0; after 1, 5, 6: "1" alone after is unsafe, so the first two answers go together.
        var groups = DistributionMerge.Merge([[7, 5, 0], [1, 5, 6]], 5);
        Assert.Equal([(0, 1), (2, 2)], groups.Select(g => (g.First, g.Last)).ToArray());
        Assert.Equal([12, 6], groups[0].Counts);
        Assert.Equal([0, 6], groups[1].Counts);

        // A row with 1 to 4 answers in all: nothing is shown.
        var tiny = DistributionMerge.Merge([[3, 0], [0, 3]], 5);
        Assert.Equal([null, null], Assert.Single(tiny).Counts);
        Assert.Equal((0, 1), (tiny[0].First, tiny[0].Last));
        Assert.Throws<ArgumentException>(() => DistributionMerge.Merge([[1, 2], [1]], 5));
    }

    [Fact]
    public void No_merged_distribution_shows_or_determines_a_count_of_one_to_four()
    {
        const int k = 5;
        // One row of 4 categories, every total up to 14.
        for (var total = 0; total <= 14; total++)
        {
            CheckDetermined(Compositions(total, 4).Select(c => new[] { c }).ToList(), k);
        }

        // Before and after (the same pairs, so the same total) with 3 categories.
        for (var total = 5; total <= 11; total++)
        {
            var one = Compositions(total, 3).ToList();
            CheckDetermined([.. one.SelectMany(a => one.Select(b => new[] { a, b }))], k);
        }
    }

    private static void CheckDetermined(List<int[][]> cases, int k)
    {
        var byOutput = new Dictionary<string, List<int[][]>>(StringComparer.Ordinal);
        foreach (var rows in cases)
        {
            var groups = DistributionMerge.Merge([.. rows.Select(r => (IReadOnlyList<int>)r)], k);
            Assert.All(groups.SelectMany(g => g.Counts), c => Assert.True(c is null || Suppression.IsSafe(c.Value, k)));
            Assert.Equal(rows[0].Length, groups.Sum(g => g.Last - g.First + 1));
            var key = string.Join(";", groups.Select(g => $"{g.First}-{g.Last}:{string.Join(",", g.Counts)}"));
            if (!byOutput.TryGetValue(key, out var list))
            {
                byOutput[key] = list = [];
            }

            list.Add(rows);
        }

        foreach (var (output, same) in byOutput)
        {
            for (var r = 0; r < same[0].Length; r++)
            {
                for (var c = 0; c < same[0][r].Length; c++)
                {
                    var values = same.Select(rows => rows[r][c]).Distinct().ToList();
                    Assert.False(values.Count == 1 && values[0] > 0 && values[0] < k, $"{output} determines row {r} category {c} = {values[0]}");
                }
            }
        }
    }

    private static IEnumerable<int[]> Compositions(int total, int parts)
    {
        if (parts == 1)
        {
            yield return [total];
            yield break;
        }

        for (var first = 0; first <= total; first++)
        {
            foreach (var rest in Compositions(total - first, parts - 1))
            {
                yield return [first, .. rest];
            }
        }
    }

    [Theory]
    [InlineData(StatisticScale.Ordinal, 12, DisclosureLevel.Table, false, true)]
    [InlineData(StatisticScale.Ordinal, 12, DisclosureLevel.Summary, true, true)]
    [InlineData(StatisticScale.Ordinal, 12, DisclosureLevel.Summary, false, false)]
    [InlineData(StatisticScale.Binary, 12, DisclosureLevel.Tests, false, false)]
    [InlineData(StatisticScale.Binary, 4, DisclosureLevel.Count, true, false)]
    [InlineData(StatisticScale.Thermometer, 12, DisclosureLevel.Table, false, true)]
    [InlineData(StatisticScale.Thermometer, 12, DisclosureLevel.Summary, true, true)]
    [InlineData(StatisticScale.Thermometer, 4, DisclosureLevel.Count, true, false)]
    public void Before_and_after_distributions_are_shown_with_the_whole_table_or_instead_of_hidden_movement_counts(
        StatisticScale scale, int pairs, DisclosureLevel level, bool movesHidden, bool shown) =>
        Assert.Equal(shown, DistributionMerge.PairedShown(scale, pairs, level, [false, movesHidden, movesHidden], 5));

    [Fact]
    public void The_read_aloud_summary_names_the_better_end_before_and_after()
    {
        // Social distance, lower is better (1 = family): 12 pairs, before 0/0/5/7, after 5/0/7/0 in four groups.
        var groups = new[]
        {
            new DistributionGroup(0, 0, [0, 5]), new DistributionGroup(1, 1, [0, 0]), new DistributionGroup(2, 3, [5, 7]), new DistributionGroup(4, 6, [7, 0]),
        };
        var shown = new DisclosedStatistics(Statistics(12, down: 7, same: 5, up: 0), DisclosureLevel.Summary, [true, true, false]);
        var fact = ReadAloud.Paired(StatisticScale.Ordinal, BetterEnd.Lower, 12, 5, shown, groups);
        Assert.Equal(new ReadAloudFact(ReadAloudKind.BeforeAfter, 12, 0, 0, 0, 5, Improvement: 1), fact);

        // Higher is better, the top group is empty before and after: widened to the next one.
        var trust = new[] { new DistributionGroup(0, 1, [7, 0]), new DistributionGroup(2, 3, [5, 12]), new DistributionGroup(4, 4, [0, 0]) };
        Assert.Equal(new ReadAloudFact(ReadAloudKind.BeforeAfter, 12, 2, 4, 5, 12, Improvement: 1), ReadAloud.Paired(StatisticScale.Ordinal, BetterEnd.Higher, 12, 5, shown, trust));

        // Everything in one group: nothing to say but that it is not shown; also next to an empty group.
        Assert.Equal(ReadAloudKind.NotShown, ReadAloud.Paired(StatisticScale.Ordinal, BetterEnd.Higher, 12, 5, shown, [new DistributionGroup(0, 4, [12, 12])]).Kind);
        Assert.Equal(ReadAloudKind.NotShown, ReadAloud.Paired(
            StatisticScale.Ordinal, BetterEnd.Higher, 12, 5, shown, [new DistributionGroup(0, 0, [0, 0]), new DistributionGroup(1, 4, [12, 12])]).Kind);
    }

    [Fact]
    public void Without_distributions_the_summary_counts_moves_towards_and_away_from_the_better_end()
    {
        var shown = new DisclosedStatistics(Statistics(15, down: 10, same: 5, up: 0), DisclosureLevel.Tests, [false, false, false]);
        Assert.Equal(new ReadAloudFact(ReadAloudKind.Moves, 15, Towards: 10, Away: 0, Same: 5, Improvement: 1), ReadAloud.Paired(StatisticScale.Ordinal, BetterEnd.Lower, 15, 5, shown, null));
        Assert.Equal(-1, ReadAloud.Paired(StatisticScale.Ordinal, BetterEnd.Higher, 15, 5, shown, null).Improvement);

        var hidden = shown with { MovesHidden = [true, true, false] };
        Assert.Equal(ReadAloudKind.NotShown, ReadAloud.Paired(StatisticScale.Ordinal, BetterEnd.Higher, 15, 5, hidden, null).Kind);
        Assert.Equal(new ReadAloudFact(ReadAloudKind.TooFew, 4), ReadAloud.Paired(StatisticScale.Ordinal, BetterEnd.Higher, 4, 5, null, null));
        Assert.Equal(ReadAloudKind.NoAnswers, ReadAloud.Paired(StatisticScale.Binary, BetterEnd.Higher, 0, 5, null, null).Kind);

        var warmth = new DisclosedStatistics(Statistics(12, 0, 0, 12) with { MeanPre = 35, MeanPost = 57.5 }, DisclosureLevel.Table, [false, false, false]);
        Assert.Equal(new ReadAloudFact(ReadAloudKind.Means, 12, MeanBefore: 35, MeanAfter: 57.5, Improvement: 1), ReadAloud.Paired(StatisticScale.Thermometer, BetterEnd.Higher, 12, 5, warmth, null));
    }

    [Fact]
    public void An_after_only_question_names_its_largest_group_or_its_better_end()
    {
        // "Would you come again?": yes 7, maybe 5, no 0.
        var again = DistributionMerge.Merge([7, 5, 0], 5);
        Assert.Equal(new ReadAloudFact(ReadAloudKind.AfterOnly, 12, 0, 0, After: 7), ReadAloud.AfterOnly(12, 5, again, ordered: false, BetterEnd.Higher));

        // "Did you feel safe?" 1–5: 0, 1, 2, 4, 5 → (1..3) 7, (4) 5: the better end is "5", 5 of 12.
        var safe = DistributionMerge.Merge([0, 1, 2, 4, 5], 5);
        Assert.Equal(new ReadAloudFact(ReadAloudKind.AfterOnly, 12, 4, 4, After: 5), ReadAloud.AfterOnly(12, 5, safe, ordered: true, BetterEnd.Higher));
        Assert.Equal(ReadAloudKind.TooFew, ReadAloud.AfterOnly(3, 5, DistributionMerge.Merge([1, 2], 5), ordered: true, BetterEnd.Higher).Kind);
        Assert.Equal(ReadAloudKind.NotShown, ReadAloud.AfterOnly(8, 5, DistributionMerge.Merge([4, 4], 5), ordered: false, BetterEnd.Higher).Kind);
    }

    private static PairedStatistics Statistics(int n, int down, int same, int up) =>
        new(StatisticScale.Ordinal, n, PairedTests.WilcoxonPrattExact, null, null, null, null, null, up, same, down, null, null, null, null, null, null, null);
}
