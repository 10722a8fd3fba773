namespace Kinodialog.Core.Surveys;

/// <summary>
/// Small-cell suppression for every survey report, page and export (spec, "Privacy rules"): no cell with
/// fewer than k respondents, no hidden cell that the shown total and cells determine, and no statistic
/// computed from a cell of 1 to k − 1 (<see cref="Level"/>).
/// </summary>
public static class Suppression
{
    /// <summary>The smallest k allowed; configuration can only raise it.</summary>
    public const int MinimumK = 5;

    /// <summary>The k to use for a configured value: at least <see cref="MinimumK"/>.</summary>
    public static int NormaliseK(int configured) => Math.Max(MinimumK, configured);

    /// <summary>
    /// Which cells of one set (the cells that add up to a shown total, e.g. moved down / stayed / moved up)
    /// to hide:
    /// <list type="number">
    /// <item>when the whole set has fewer than k respondents (but some), every cell, zeros included: the
    /// total itself is too small to show any breakdown of;</item>
    /// <item>otherwise, when any cell has 0 &lt; count &lt; k, every non-zero cell. Zeros are shown: a zero
    /// describes nobody.</item>
    /// </list>
    /// Why all non-zero cells and not one "partner": the reader knows the rule, the total and that a hidden
    /// cell is at least 1. With m ≥ 2 hidden cells adding up to the total S ≥ k &gt; m, the compositions
    /// (1, S − 1, …) and (S − 1, 1, …) both contain a cell below k and so would both be shown this way:
    /// no hidden cell is determined. A partner chosen by size leaks: of 13 pairs, "moved down 5, stayed
    /// hidden, moved up hidden" could only be 4 and 4, since any other split would have hidden "moved down"
    /// as the partner (found by the brute-force test in <c>DisclosureTests</c>).
    /// <paramref name="k"/> goes through <see cref="NormaliseK"/>, so it is never below 5.
    /// </summary>
    public static bool[] Hide(IReadOnlyList<int> cells, int k)
    {
        ArgumentNullException.ThrowIfNull(cells);
        k = NormaliseK(k);
        var hidden = new bool[cells.Count];
        var total = 0L;
        var anySmall = false;
        for (var i = 0; i < cells.Count; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(cells[i], nameof(cells));
            total += cells[i];
            anySmall |= cells[i] > 0 && cells[i] < k;
        }

        if (total > 0 && total < k)
        {
            Array.Fill(hidden, true);
            return hidden;
        }

        for (var i = 0; i < cells.Count; i++)
        {
            hidden[i] = anySmall && cells[i] > 0;
        }

        return hidden;
    }

    /// <summary>
    /// Whether a screening (or one question of it) with this many matched pairs may enter anything beyond
    /// its own count: row-level exports and pooled results. Fewer than k pairs never do, so that neither a
    /// file nor the difference of two pooled filters can describe a handful of people.
    /// </summary>
    public static bool ScreeningMayBeShown(int pairs, int k) => pairs >= NormaliseK(k);

    /// <summary>Whether a count may be shown as it is: 0 (it describes nobody) or at least k.</summary>
    public static bool IsSafe(int count, int k) => count == 0 || count >= NormaliseK(k);

    /// <summary>
    /// The disclosure level of one question's pairs (the one rule behind every page, export and report):
    /// <list type="number">
    /// <item>no pairs: <see cref="DisclosureLevel.Table"/> (there is nothing to reveal); 1 to k − 1 pairs:
    /// <see cref="DisclosureLevel.Count"/>;</item>
    /// <item><see cref="DisclosureLevel.Tests"/> needs every test cell safe: binary and thermometer: moved
    /// down, stayed, moved up; ordinal: the number of pairs with each signed change (−4 … +4: Pratt's ranks,
    /// and so p and r, depend on every one of them);</item>
    /// <item><see cref="DisclosureLevel.Table"/> needs every cell of the before × after table safe (binary,
    /// ordinal; thermometer: the same as for the tests);</item>
    /// <item>otherwise <see cref="DisclosureLevel.Summary"/>.</item>
    /// </list>
    /// A sum of safe cells is safe, so every coarser table is safe too: whatever is shown is a function of
    /// a table that could itself be published.
    /// </summary>
    public static DisclosureLevel Level(StatisticScale scale, IReadOnlyList<AnswerPair> pairs, int k)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        k = NormaliseK(k);
        if (pairs.Count == 0)
        {
            return DisclosureLevel.Table;
        }

        if (pairs.Count < k)
        {
            return DisclosureLevel.Count;
        }

        var moves = new int[3];
        foreach (var pair in pairs)
        {
            moves[pair.Post < pair.Pre ? 0 : pair.Post == pair.Pre ? 1 : 2]++;
        }

        var movesSafe = moves.All(m => IsSafe(m, k));
        if (scale == StatisticScale.Thermometer)
        {
            return movesSafe ? DisclosureLevel.Table : DisclosureLevel.Summary;
        }

        var changes = scale == StatisticScale.Binary
            ? movesSafe
            : pairs.GroupBy(p => p.Post - p.Pre).All(g => IsSafe(g.Count(), k));
        if (!changes)
        {
            return DisclosureLevel.Summary;
        }

        return pairs.GroupBy(p => (p.Pre, p.Post)).All(g => IsSafe(g.Count(), k)) ? DisclosureLevel.Table : DisclosureLevel.Tests;
    }

    /// <summary>
    /// The statistics of <paramref name="pairs"/> as they may be shown: <see cref="Level"/> decides, values
    /// above the level become null, and the movement counts go through <see cref="Hide"/>.
    /// <paramref name="statistics"/> must have been computed from the same pairs.
    /// </summary>
    public static DisclosedStatistics Disclose(StatisticScale scale, IReadOnlyList<AnswerPair> pairs, PairedStatistics statistics, int k) =>
        Disclose(statistics, Level(scale, pairs, k), k);

    /// <summary>The statistics shown at a given level (at most the level <see cref="Level"/> gives).</summary>
    public static DisclosedStatistics Disclose(PairedStatistics statistics, DisclosureLevel level, int k)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var movesHidden = Hide([statistics.MovedDown, statistics.Same, statistics.MovedUp], k);
        if (level == DisclosureLevel.Count)
        {
            return new DisclosedStatistics(null, level, [true, true, true]);
        }

        var s = statistics;
        if (level < DisclosureLevel.Table)
        {
            s = s with
            {
                EffectCiLow = null,
                EffectCiHigh = null,
                MeanDifferenceCiLow = null,
                MeanDifferenceCiHigh = null,
                BootstrapCiLow = null,
                BootstrapCiHigh = null,
                MeanPre = s.Scale == StatisticScale.Thermometer ? s.MeanPre : null,
                MeanPost = s.Scale == StatisticScale.Thermometer ? s.MeanPost : null,
            };
        }

        if (level < DisclosureLevel.Tests)
        {
            s = s with
            {
                Statistic = null,
                PValue = null,
                Effect = null,
                ZStatistic = null,
                RankSumUp = null,
                RankSumDown = null,
                MeanDifference = s.Scale == StatisticScale.Thermometer ? s.MeanDifference : null,
            };
        }

        return new DisclosedStatistics(s, level, movesHidden);
    }

    /// <summary>
    /// Per-community results of one question are shown at the lowest level of the communities and of the
    /// pairs in neither community (the total minus the communities describes them): with a rest of 1 to
    /// k − 1 pairs, nothing per community.
    /// </summary>
    public static DisclosureLevel CommunityLevel(StatisticScale scale, IReadOnlyList<IReadOnlyList<AnswerPair>> parts, int k)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return parts.Count == 0 ? DisclosureLevel.Count : parts.Min(part => Level(scale, part, k));
    }

    /// <summary>
    /// Whether results may be shown per community: only when every compared community has at least k
    /// respondents (k through <see cref="NormaliseK"/>). False when there is no community to compare.
    /// </summary>
    public static bool CommunityBreakdownAllowed(IReadOnlyList<int> respondentsPerCommunity, int k)
    {
        ArgumentNullException.ThrowIfNull(respondentsPerCommunity);
        k = NormaliseK(k);
        return respondentsPerCommunity.Count > 0 && respondentsPerCommunity.All(count => count >= k);
    }
}
