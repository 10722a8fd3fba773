using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

/// <summary>
/// The thermometer's distributions (<see cref="ThermometerBins"/>, merged by <see cref="DistributionMerge"/>):
/// hand-computed bins and merges, then a reader who enumerates every before × after table of the same pairs that
/// shows the same two merged distributions, looking for a set of cells pinned at 1 to k − 1.
/// </summary>
public sealed class ThermometerBinsTests
{
    private const int K = 5;

    [Theory]
    [InlineData(0, 0)]
    [InlineData(20, 0)]
    [InlineData(20.5, 1)]
    [InlineData(21, 1)]
    [InlineData(40, 1)]
    [InlineData(50, 2)]
    [InlineData(60, 2)]
    [InlineData(61, 3)]
    [InlineData(80, 3)]
    [InlineData(81, 4)]
    [InlineData(100, 4)]
    [InlineData(-3, 0)]
    [InlineData(130, 4)]
    public void Values_fall_in_five_bins_of_about_twenty_points(double value, int bin) =>
        Assert.Equal(bin, ThermometerBins.Bin(value));

    [Fact]
    public void The_bins_are_named_by_their_ends()
    {
        Assert.Equal(["0–20", "21–40", "41–60", "61–80", "81–100"], ThermometerBins.Labels);
        Assert.Equal(["0-20", "21-40", "41-60", "61-80", "81-100"], ThermometerBins.Codes);
    }

    [Fact]
    public void Twelve_pairs_from_cold_and_lukewarm_to_lukewarm_and_warm_show_every_bin()
    {
        // Before: 6 at 10, 6 at 50; after: 6 at 50, 6 at 90. Every bin is 0 or 6 in both rows: nothing merged.
        var before = ThermometerBins.Tally([.. Enumerable.Repeat(10.0, 6), .. Enumerable.Repeat(50.0, 6)]);
        var after = ThermometerBins.Tally([.. Enumerable.Repeat(50.0, 6), .. Enumerable.Repeat(90.0, 6)]);
        Assert.Equal([6, 0, 6, 0, 0], before);
        Assert.Equal([0, 0, 6, 0, 6], after);
        var groups = DistributionMerge.Merge([before, after], K);
        Assert.Equal(
            [(0, 0, 6, 0), (1, 1, 0, 0), (2, 2, 6, 6), (3, 3, 0, 0), (4, 4, 0, 6)],
            groups.Select(g => (g.First, g.Last, g.Counts[0]!.Value, g.Counts[1]!.Value)));
    }

    [Fact]
    public void Small_bins_are_merged_with_their_neighbours_never_hidden_alone()
    {
        // Warmth 30 + i before (i = 0 … 11: 11 in 21–40, 1 in 41–60), 50 + 2i after (6 in 41–60, 6 in 61–80):
        // the lone 41–60 before is merged through to 81–100 and then into 21–40, so one group of 12 and 12 is left.
        var before = ThermometerBins.Tally(Enumerable.Range(0, 12).Select(i => 30.0 + i));
        var after = ThermometerBins.Tally(Enumerable.Range(0, 12).Select(i => 50.0 + (2 * i)));
        Assert.Equal([0, 11, 1, 0, 0], before);
        Assert.Equal([0, 0, 6, 6, 0], after);
        var groups = DistributionMerge.Merge([before, after], K);
        Assert.Equal([(0, 0, 0, 0), (1, 4, 12, 12)], groups.Select(g => (g.First, g.Last, g.Counts[0]!.Value, g.Counts[1]!.Value)));

        // 7 cold, 3 lukewarm, 5 warm before; 5, 5, 5 after: 0–20 alone (7, 5), 21–100 together (8, 10).
        var mixed = DistributionMerge.Merge([[7, 0, 3, 0, 5], [5, 0, 5, 0, 5]], K);
        Assert.All(mixed, g => Assert.All(g.Counts, c => Assert.True(c is 0 or >= K)));
        Assert.Equal([(0, 0, 7, 5), (1, 1, 0, 0), (2, 4, 8, 10)], mixed.Select(g => (g.First, g.Last, g.Counts[0]!.Value, g.Counts[1]!.Value)));
    }

    /// <summary>Every way of splitting <paramref name="n"/> people into <paramref name="cells"/> cells.</summary>
    private static IEnumerable<int[]> Splits(int cells, int n)
    {
        if (cells == 1)
        {
            yield return [n];
            yield break;
        }

        for (var first = 0; first <= n; first++)
        {
            foreach (var rest in Splits(cells - 1, n - first))
            {
                yield return [first, .. rest];
            }
        }
    }

    [Theory]
    [InlineData(3, 5)]
    [InlineData(3, 8)]
    [InlineData(3, 11)]
    public void No_set_of_before_and_after_bin_cells_is_pinned_at_one_to_k_minus_one_by_the_shown_distributions(int bins, int pairs)
    {
        // The reader sees the pairs and the two merged distributions (no movement count is shown for 0–100). For
        // every group of tables that show the same, no set of cells of the bins × bins table has the same count of
        // 1 to k − 1 in all of them; nor does a shown group hold 1 to k − 1.
        var cells = bins * bins;
        var seen = new Dictionary<string, (int[] Min, int[] Max)>(StringComparer.Ordinal);
        foreach (var table in Splits(cells, pairs))
        {
            var before = Enumerable.Range(0, bins).Select(i => Enumerable.Range(0, bins).Sum(j => table[(i * bins) + j])).ToArray();
            var after = Enumerable.Range(0, bins).Select(j => Enumerable.Range(0, bins).Sum(i => table[(i * bins) + j])).ToArray();
            var groups = DistributionMerge.Merge([before, after], K);
            Assert.All(groups, g => Assert.All(g.Counts, c => Assert.True(c is null or 0 or >= K)));
            var key = string.Join(';', groups.Select(g => $"{g.First}-{g.Last}:{g.Counts[0]}/{g.Counts[1]}"));
            var sets = new int[1 << cells];
            for (var set = 1; set < sets.Length; set++)
            {
                var lowest = System.Numerics.BitOperations.TrailingZeroCount(set);
                sets[set] = sets[set & (set - 1)] + table[lowest];
            }

            if (!seen.TryGetValue(key, out var range))
            {
                seen[key] = ((int[])sets.Clone(), (int[])sets.Clone());
                continue;
            }

            for (var set = 1; set < sets.Length; set++)
            {
                range.Min[set] = Math.Min(range.Min[set], sets[set]);
                range.Max[set] = Math.Max(range.Max[set], sets[set]);
            }
        }

        var pinned = seen.SelectMany(g => Enumerable.Range(1, (1 << cells) - 1)
            .Where(set => g.Value.Min[set] == g.Value.Max[set] && g.Value.Min[set] is >= 1 and < K)
            .Select(set => $"{g.Key}: cells {Convert.ToString(set, 2)} = {g.Value.Min[set]}")).Take(5).ToList();
        Assert.Empty(pinned);
    }
}
