using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

/// <summary>
/// The disclosure rule (<see cref="Suppression.Level"/>, <see cref="Suppression.Disclose(StatisticScale, IReadOnlyList{AnswerPair}, PairedStatistics, int)"/>):
/// hand-computed cases, then an attacker who knows the rule and enumerates every sample of the same size
/// that would show exactly the same numbers: no count of 1 to k − 1 may be pinned down.
/// </summary>
public sealed class DisclosureTests
{
    private const int K = 5;

    private static readonly BootstrapOptions Few = new(Draws: 20);

    private static List<AnswerPair> Pairs(params (double Pre, double Post, int Count)[] cells) =>
        [.. cells.SelectMany(c => Enumerable.Repeat(new AnswerPair(c.Pre, c.Post), c.Count))];

    private static DisclosedStatistics Shown(StatisticScale scale, List<AnswerPair> pairs) =>
        Suppression.Disclose(scale, pairs, PairedStatisticsCalculator.Compute(scale, pairs, Few), K);

    [Fact]
    public void Two_of_seven_moving_to_yes_shows_neither_the_change_in_share_nor_mcnemar()
    {
        // Issue 14 (a): +0.29 × 7 = 2 and McNemar's statistic min(b, c) gave the hidden cell away.
        var shown = Shown(StatisticScale.Binary, Pairs((0, 1, 2), (0, 0, 5)));
        Assert.Equal(DisclosureLevel.Summary, shown.Level);
        Assert.Null(shown.Statistics!.Effect);
        Assert.Null(shown.Statistics.Statistic);
        Assert.Null(shown.Statistics.PValue);
        Assert.Null(shown.Statistics.MeanDifference);
        Assert.Null(shown.Statistics.MeanPost);
        Assert.Equal([false, true, true], shown.MovesHidden);
        Assert.Null(shown.Move(2));
    }

    [Fact]
    public void Three_of_seven_moving_up_by_one_shows_neither_wilcoxon_nor_the_rank_biserial_correlation()
    {
        // "p = 0.250, r = +1.00" meant exactly three changes, all upward.
        var shown = Shown(StatisticScale.Ordinal, Pairs((2, 3, 3), (2, 2, 4)));
        Assert.Equal(DisclosureLevel.Summary, shown.Level);
        Assert.Null(shown.Statistics!.PValue);
        Assert.Null(shown.Statistics.Effect);
        Assert.Null(shown.Statistics.RankSumUp);
        Assert.Null(shown.Statistics.EffectCiLow);
    }

    [Fact]
    public void Fewer_than_k_pairs_show_nothing_but_the_count()
    {
        var shown = Shown(StatisticScale.Thermometer, Pairs((10, 30, 4)));
        Assert.Equal(DisclosureLevel.Count, shown.Level);
        Assert.Null(shown.Statistics);
        Assert.Equal([true, true, true], shown.MovesHidden);
    }

    [Fact]
    public void Safe_movement_but_a_small_cell_of_the_table_shows_the_test_and_not_the_table()
    {
        // Binary: yes→yes 2, no→no 3, no→yes 5: moved down 0, stayed 5, moved up 5 are safe; yes→yes = 2 is not.
        var shown = Shown(StatisticScale.Binary, Pairs((1, 1, 2), (0, 0, 3), (0, 1, 5)));
        Assert.Equal(DisclosureLevel.Tests, shown.Level);
        Assert.Equal(0.5, shown.Statistics!.Effect);
        Assert.Equal(0.0625, shown.Statistics.PValue!.Value, 12);
        Assert.Null(shown.Statistics.EffectCiLow);
        Assert.Null(shown.Statistics.MeanPre);
        Assert.Null(shown.Statistics.BootstrapCiLow);
        Assert.Equal([false, false, false], shown.MovesHidden);
    }

    [Fact]
    public void An_ordinal_change_of_two_made_by_fewer_than_k_people_hides_the_test_although_the_movement_counts_are_safe()
    {
        // 5 moved up by one, 2 by two, 5 stayed: up 7, same 5, down 0 are safe, but Pratt's ranks and so p
        // depend on the 2 who moved by two.
        var shown = Shown(StatisticScale.Ordinal, Pairs((2, 3, 5), (2, 4, 2), (3, 3, 5)));
        Assert.Equal(DisclosureLevel.Summary, shown.Level);
        Assert.Equal([false, false, false], shown.MovesHidden);
        Assert.Null(shown.Statistics!.PValue);
    }

    [Fact]
    public void Every_cell_safe_shows_everything()
    {
        var pairs = Pairs((1, 1, 5), (0, 1, 6), (0, 0, 5));
        var shown = Shown(StatisticScale.Binary, pairs);
        Assert.Equal(DisclosureLevel.Table, shown.Level);
        Assert.Equal(PairedStatisticsCalculator.Compute(StatisticScale.Binary, pairs, Few), shown.Statistics);
    }

    [Fact]
    public void A_thermometer_with_a_lone_unchanged_answer_shows_the_means_only()
    {
        var shown = Shown(StatisticScale.Thermometer, Pairs((40, 60, 5), (50, 50, 1)));
        Assert.Equal(DisclosureLevel.Summary, shown.Level);
        Assert.NotNull(shown.Statistics!.MeanPre);
        Assert.NotNull(shown.Statistics.MeanDifference);
        Assert.Null(shown.Statistics.PValue);
        Assert.Null(shown.Statistics.Effect);
        Assert.Null(shown.Statistics.MeanDifferenceCiLow);
    }

    [Fact]
    public void Per_community_results_are_withheld_when_the_rest_outside_both_communities_is_small()
    {
        var community = Pairs((0, 1, 5), (0, 0, 5));
        Assert.Equal(DisclosureLevel.Table, Suppression.CommunityLevel(StatisticScale.Binary, [community, community, []], K));
        Assert.Equal(DisclosureLevel.Count, Suppression.CommunityLevel(StatisticScale.Binary, [community, community, Pairs((0, 1, 2))], K));
    }

    // ---- The attacker: every sample of the same size, grouped by what would be shown. ----

    /// <summary>Everything a reader sees for one question, as one string.</summary>
    private static string Key(DisclosedStatistics shown)
    {
        if (shown.Statistics is not { } s)
        {
            return "count";
        }

        static string V(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "-";
        return string.Join('|',
            s.NPairs, shown.Move(0), shown.Move(1), shown.Move(2), s.Test, V(s.Statistic), V(s.PValue), V(s.Effect), V(s.EffectCiLow), V(s.EffectCiHigh),
            V(s.MeanPre), V(s.MeanPost), V(s.MeanDifference), V(s.MeanDifferenceCiLow), V(s.MeanDifferenceCiHigh), V(s.BootstrapCiLow), V(s.BootstrapCiHigh),
            V(s.ZStatistic), V(s.RankSumUp), V(s.RankSumDown));
    }

    /// <summary>Every multiset of n pairs over the given answer values, as cell counts of the before × after table.</summary>
    private static IEnumerable<int[]> Tables(int cells, int n)
    {
        var counts = new int[cells];
        return Fill(0, n);

        IEnumerable<int[]> Fill(int cell, int left)
        {
            if (cell == cells - 1)
            {
                counts[cell] = left;
                yield return (int[])counts.Clone();
                yield break;
            }

            for (var c = 0; c <= left; c++)
            {
                counts[cell] = c;
                foreach (var table in Fill(cell + 1, left - c))
                {
                    yield return table;
                }
            }
        }
    }

    /// <summary>Counts an attacker would like to learn: every table cell, both margins, each signed change, and the movement counts.</summary>
    private static Dictionary<string, int> Counts(double[] values, int[] table)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string name, int value) => counts[name] = counts.GetValueOrDefault(name) + value;
        var m = values.Length;
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                var c = table[(i * m) + j];
                Add($"cell {i},{j}", c);
                Add($"pre {i}", c);
                Add($"post {j}", c);
                Add($"change {j - i}", c);
                Add(j < i ? "down" : j == i ? "same" : "up", c);
            }
        }

        return counts;
    }

    [Theory]
    [InlineData(StatisticScale.Binary, 2, 14)]
    [InlineData(StatisticScale.Ordinal, 3, 10)]
    public void No_count_of_one_to_k_minus_one_is_determined_by_what_is_shown(StatisticScale scale, int points, int maxN)
    {
        var values = Enumerable.Range(scale == StatisticScale.Binary ? 0 : 1, points).Select(v => (double)v).ToArray();
        for (var n = 1; n <= maxN; n++)
        {
            var groups = new Dictionary<string, List<Dictionary<string, int>>>(StringComparer.Ordinal);
            foreach (var table in Tables(points * points, n))
            {
                var pairs = new List<AnswerPair>(n);
                for (var cell = 0; cell < table.Length; cell++)
                {
                    pairs.AddRange(Enumerable.Repeat(new AnswerPair(values[cell / points], values[cell % points]), table[cell]));
                }

                var key = Key(Shown(scale, pairs));
                if (!groups.TryGetValue(key, out var group))
                {
                    groups[key] = group = [];
                }

                group.Add(Counts(values, table));
            }

            foreach (var group in groups.Values)
            {
                foreach (var sample in group)
                {
                    foreach (var (name, value) in sample)
                    {
                        if (value is > 0 and < K)
                        {
                            // Some other sample that shows exactly the same numbers has a different value here.
                            Assert.True(group.Any(other => other.GetValueOrDefault(name) != value),
                                $"n = {n}: \"{name}\" = {value} is determined by what is shown");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Whatever_is_shown_is_a_function_of_safe_cells_and_no_hidden_movement_count_is_exposed() =>
        Prop.ForAll(
            Gen.Elements(StatisticScale.Binary, StatisticScale.Ordinal, StatisticScale.Thermometer).ToArbitrary(),
            Gen.ArrayOf(from pre in Gen.Choose(0, 4) from post in Gen.Choose(0, 4) select (pre, post)).ToArbitrary(),
            (scale, raw) =>
            {
                var pairs = raw.Select(p => scale == StatisticScale.Binary
                    ? new AnswerPair(p.pre % 2, p.post % 2)
                    : scale == StatisticScale.Ordinal ? new AnswerPair(p.pre + 1, p.post + 1) : new AnswerPair(p.pre * 25, p.post * 25)).ToList();
                var shown = Shown(scale, pairs);
                var moves = new[] { pairs.Count(p => p.Post < p.Pre), pairs.Count(p => p.Post == p.Pre), pairs.Count(p => p.Post > p.Pre) };
                if (pairs.Count is > 0 and < K)
                {
                    Assert.Null(shown.Statistics);
                    return;
                }

                for (var i = 0; i < 3; i++)
                {
                    Assert.True(shown.Move(i) is null || Suppression.IsSafe(moves[i], K));
                }

                if (shown.Statistics is { PValue: not null } || shown.Statistics is { Effect: not null })
                {
                    Assert.True(shown.Level >= DisclosureLevel.Tests);
                    Assert.All(moves, m => Assert.True(Suppression.IsSafe(m, K)));
                    Assert.All(pairs.GroupBy(p => p.Post - p.Pre), g => Assert.True(scale != StatisticScale.Ordinal || Suppression.IsSafe(g.Count(), K)));
                }

                if (scale != StatisticScale.Thermometer && shown.Statistics is { MeanPre: not null })
                {
                    Assert.All(pairs.GroupBy(p => (p.Pre, p.Post)), g => Assert.True(Suppression.IsSafe(g.Count(), K)));
                }
            }).QuickCheckThrowOnFailure();
}
