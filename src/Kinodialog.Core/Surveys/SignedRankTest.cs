namespace Kinodialog.Core.Surveys;

/// <summary>The result of <see cref="SignedRankTest.Run"/>.</summary>
internal readonly record struct SignedRankResult(
    double RankSumUp, double RankSumDown, double Statistic, double PValue, bool Exact, double? Z, int NonZero);

/// <summary>
/// Wilcoxon's signed-rank test with Pratt's treatment of zero differences: |d| is ranked with the zeros
/// (midranks for ties), then the zeros' ranks are left out of T⁺ and T⁻.
/// </summary>
internal static class SignedRankTest
{
    /// <summary>Exact p-values are used up to this many non-zero differences (as scipy's "auto").</summary>
    public const int ExactLimit = 50;

    /// <summary>Bound on the exact distribution's support (sum of doubled ranks), to bound memory.</summary>
    private const int ExactSupportLimit = 4_000_000;

    /// <summary>
    /// Runs the test on the differences. <paramref name="exact"/>: null chooses (exact when at most
    /// <see cref="ExactLimit"/> differences are non-zero), true/false forces the method.
    /// </summary>
    public static SignedRankResult Run(ReadOnlySpan<double> differences, bool? exact = null)
    {
        var n = differences.Length;
        var ranks = new double[n];
        var (up, down, zeros) = RankSums(differences, ranks);
        var nonZero = n - zeros;
        var statistic = Math.Min(up, down);
        if (nonZero == 0)
        {
            // Nobody moved: T⁺ = T⁻ = 0 under every sign assignment.
            return new SignedRankResult(up, down, statistic, 1, true, null, 0);
        }

        var doubledTotal = 0L;
        var doubled = new int[nonZero];
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            if (differences[i] != 0)
            {
                doubled[k] = (int)Math.Round(2 * ranks[i]);
                doubledTotal += doubled[k];
                k++;
            }
        }

        var useExact = exact ?? (nonZero <= ExactLimit && doubledTotal <= ExactSupportLimit);
        if (useExact)
        {
            return new SignedRankResult(up, down, statistic, ExactPValue(doubled, doubledTotal, up), true, null, nonZero);
        }

        // Normal approximation exactly as scipy.stats.wilcoxon(zero_method="pratt", correction=False).
        double count = n;
        double zeroCount = zeros;
        var mean = count * (count + 1) * 0.25;
        var variance = count * (count + 1) * ((2 * count) + 1);
        mean -= zeroCount * (zeroCount + 1) * 0.25;
        variance -= zeroCount * (zeroCount + 1) * ((2 * zeroCount) + 1);
        variance -= 0.5 * TieCorrection(doubled);
        var se = Math.Sqrt(variance / 24);
        var z = (statistic - mean) / se;
        var p = 2 * SpecialFunctions.NormalSurvival(Math.Abs(z));
        return new SignedRankResult(up, down, statistic, p, false, z, nonZero);
    }

    /// <summary>
    /// Fills <paramref name="ranks"/> with the midranks of |d| (zeros included) and returns T⁺, T⁻ and the
    /// number of zeros. Rank sums are sums of halves, so they are exact whatever the order.
    /// </summary>
    public static (double Up, double Down, int Zeros) RankSums(ReadOnlySpan<double> differences, Span<double> ranks)
    {
        var n = differences.Length;
        var magnitudes = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            magnitudes[i] = Math.Abs(differences[i]);
            order[i] = i;
        }

        Array.Sort(magnitudes, order);
        var up = 0.0;
        var down = 0.0;
        var zeros = 0;
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && magnitudes[end] == magnitudes[start])
            {
                end++;
            }

            // Positions start..end-1 share the midrank of ranks start+1..end.
            var midrank = (start + 1 + end) / 2.0;
            for (var j = start; j < end; j++)
            {
                var d = differences[order[j]];
                ranks[order[j]] = midrank;
                if (d > 0)
                {
                    up += midrank;
                }
                else if (d < 0)
                {
                    down += midrank;
                }
                else
                {
                    zeros++;
                }
            }

            start = end;
        }

        return (up, down, zeros);
    }

    /// <summary>Σ t(t² − 1) over groups of tied non-zero ranks (given as doubled ranks).</summary>
    private static double TieCorrection(int[] doubled)
    {
        var sorted = (int[])doubled.Clone();
        Array.Sort(sorted);
        var total = 0.0;
        var start = 0;
        while (start < sorted.Length)
        {
            var end = start + 1;
            while (end < sorted.Length && sorted[end] == sorted[start])
            {
                end++;
            }

            double t = end - start;
            if (t > 1)
            {
                total += t * ((t * t) - 1);
            }

            start = end;
        }

        return total;
    }

    /// <summary>
    /// The exact two-sided p-value conditional on the observed ranks: every non-zero rank is positive or
    /// negative with probability ½. The distribution of 2T⁺ is counted by dynamic programming over the
    /// doubled ranks (integers even with midranks); counts stay below 2⁵³, so they are exact in doubles.
    /// p = min(1, 2 P(T⁺ ≤ min(t⁺, S − t⁺))), the distribution being symmetric about S/2.
    /// </summary>
    private static double ExactPValue(int[] doubled, long doubledTotal, double up)
    {
        var counts = new double[doubledTotal + 1];
        counts[0] = 1;
        var reached = 0;
        foreach (var rank in doubled)
        {
            for (var s = reached; s >= 0; s--)
            {
                if (counts[s] != 0)
                {
                    counts[s + rank] += counts[s];
                }
            }

            reached += rank;
        }

        var observed = (long)Math.Round(2 * up);
        var smaller = Math.Min(observed, doubledTotal - observed);
        var tail = 0.0;
        for (var s = 0; s <= smaller; s++)
        {
            tail += counts[s];
        }

        return Math.Min(1, 2 * tail / Math.Pow(2, doubled.Length));
    }
}
