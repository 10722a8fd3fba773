namespace Kinodialog.Core.Surveys;

/// <summary>
/// Paired pre/post statistics for one question (see the "Statistics" section of the perception-survey
/// spec). All intervals are 95%.
/// <list type="bullet">
/// <item><b>Binary</b> (0/1, 1 = yes): McNemar's test with the exact two-sided binomial p-value
/// min(1, 2 P(X ≤ min(b, c))), X ~ Bin(b + c, ½), p = 1 when b + c = 0; b = yes→no, c = no→yes.
/// Effect (c − b)/n = p_post − p_pre with Newcombe's (1998) "method 10" interval for a difference of
/// paired proportions: the Wilson score limits of both marginal proportions combined with the estimated
/// correlation φ between pre and post, φ's numerator AD − BC reduced by n/2 when positive (0 when that
/// goes negative) and φ = 0 when a margin is empty. Unlike the Wald interval it does not collapse to a
/// point when there are no discordant pairs and stays inside [−1, 1].</item>
/// <item><b>Ordinal</b>: Wilcoxon's signed-rank test on d = post − pre with Pratt's zero handling
/// (zeros ranked with the others, then left out of the sums). Exact p-value conditional on the observed
/// midranks when at most 50 differences are non-zero (and the doubled ranks sum to at most 4,000,000,
/// which bounds memory), otherwise the normal approximation with the tie
/// and Pratt zero corrections of scipy (no continuity correction). Statistic = min(T⁺, T⁻).
/// Effect = matched-pairs rank-biserial correlation r = (T⁺ − T⁻)/(T⁺ + T⁻) (Kerby's simple difference:
/// share of the rank total moving up minus share moving down) over the same Pratt ranks; the zeros' ranks
/// are <i>not</i> in the denominator, so r = 1 when every mover moved up; without zeros it is King and
/// Kerby's r = (T⁺ − T⁻)/(n(n+1)/2). Its interval is a bootstrap percentile interval of pairs.</item>
/// <item><b>Thermometer</b> (0–100): mean difference with the t-interval, paired t-test, Cohen's
/// d_z = mean(d)/sd(d) (sd with n − 1), bootstrap percentile intervals of the mean difference and of
/// d_z.</item>
/// </list>
/// <para>
/// The bootstrap resamples pairs (or, pooled, screenings and then pairs within each chosen screening)
/// with a seeded xoshiro256** generator. Pairs are first sorted canonically, so the order of the input
/// never matters. Every resample is evaluated twice: on the pairs sorted by (pre, post) and on the pairs
/// sorted by (post, pre). Both are valid bootstrap draws of the same sample, and together they make the
/// bootstrap distribution of swapped data (pre ↔ post) exactly the mirror image of the original, so
/// swapping flips every interval exactly. The interval of 2 × draws values is (v[k], v[N − 1 − k]),
/// k = ⌊0.025 N⌋, over the draws where the statistic is defined (null when fewer than half are).
/// </para>
/// </summary>
public static class PairedStatisticsCalculator
{
    /// <summary>The standard normal 0.975 quantile, for Wilson score limits.</summary>
    private const double Z975 = 1.959963984540054;

    /// <summary>Statistics of the pairs of one screening (or of independent pairs).</summary>
    public static PairedStatistics Compute(StatisticScale scale, IReadOnlyList<AnswerPair> pairs, BootstrapOptions? options = null) =>
        Run(scale, pairs, options ?? BootstrapOptions.Default, pooled: false);

    /// <summary>
    /// Statistics of pairs pooled across screenings (<see cref="AnswerPair.Cluster"/>): point estimates and
    /// the test on all pairs; every interval from the cluster bootstrap (resample screenings with
    /// replacement, then pairs within each chosen screening). The t-interval, which assumes independent
    /// pairs, is left out (null).
    /// </summary>
    public static PairedStatistics ComputePooled(StatisticScale scale, IReadOnlyList<AnswerPair> pairs, BootstrapOptions? options = null) =>
        Run(scale, pairs, options ?? BootstrapOptions.Default, pooled: true);

    private static PairedStatistics Run(StatisticScale scale, IReadOnlyList<AnswerPair> pairs, BootstrapOptions options, bool pooled)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Draws < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Draws, "At least one bootstrap draw is needed.");
        }

        Validate(scale, pairs);
        // default(AnswerPair) has a null cluster: it belongs to the unnamed one.
        var byPre = pairs.Select(p => p.Cluster is null ? p with { Cluster = "" } : p).ToArray();
        Array.Sort(byPre, ComparePreFirst);
        var n = byPre.Length;
        var differences = new double[n];
        var up = 0;
        var down = 0;
        for (var i = 0; i < n; i++)
        {
            differences[i] = byPre[i].Post - byPre[i].Pre;
            up += differences[i] > 0 ? 1 : 0;
            down += differences[i] < 0 ? 1 : 0;
        }

        var clusters = pooled ? byPre.Select(p => p.Cluster).Distinct(StringComparer.Ordinal).Count() : 1;
        var test = scale switch
        {
            StatisticScale.Binary => PairedTests.McNemarExact,
            StatisticScale.Ordinal => PairedTests.WilcoxonPrattExact,
            _ => PairedTests.PairedT,
        };
        var empty = new PairedStatistics(scale, 0, test, null, null, null, null, null, 0, 0, 0, null, null, null, null, null, null, null)
        {
            Clusters = clusters,
        };
        if (n == 0)
        {
            return empty with { Clusters = 0 };
        }

        var meanPre = SortedSum(byPre.Select(p => p.Pre)) / n;
        var meanPost = SortedSum(byPre.Select(p => p.Post)) / n;
        var meanDifference = SignedSum(differences) / n;
        var intervals = Bootstrap(scale, byPre, options, pooled);
        var result = empty with
        {
            NPairs = n,
            MovedUp = up,
            Same = n - up - down,
            MovedDown = down,
            MeanPre = meanPre,
            MeanPost = meanPost,
            MeanDifference = meanDifference,
            BootstrapCiLow = intervals.Mean?.Low,
            BootstrapCiHigh = intervals.Mean?.High,
        };

        return scale switch
        {
            StatisticScale.Binary => Binary(result, byPre, pooled, intervals.Effect),
            StatisticScale.Ordinal => Ordinal(result, differences, intervals.Effect),
            _ => Thermometer(result, differences, meanDifference, pooled, intervals.Effect),
        };
    }

    private static PairedStatistics Binary(PairedStatistics result, AnswerPair[] pairs, bool pooled, Interval? bootstrap)
    {
        int yesYes = 0, yesNo = 0, noYes = 0, noNo = 0;
        foreach (var pair in pairs)
        {
            if (pair.Pre == 1)
            {
                if (pair.Post == 1)
                {
                    yesYes++;
                }
                else
                {
                    yesNo++;
                }
            }
            else if (pair.Post == 1)
            {
                noYes++;
            }
            else
            {
                noNo++;
            }
        }

        int b = yesNo, c = noYes, n = pairs.Length;
        var discordant = b + c;
        var p = discordant == 0 ? 1 : Math.Min(1, 2 * SpecialFunctions.BinomialHalfCdf(Math.Min(b, c), discordant));
        Interval? interval = pooled ? bootstrap : NewcombeInterval(yesYes, b, c, noNo);
        return result with
        {
            Statistic = Math.Min(b, c),
            PValue = p,
            Effect = (c - b) / (double)n,
            EffectCiLow = interval?.Low,
            EffectCiHigh = interval?.High,
        };
    }

    /// <summary>
    /// Newcombe's (1998) method 10 for p_post − p_pre from a paired 2×2 table: a = yes→yes, b = yes→no,
    /// c = no→yes, d = no→no. The lower limit is computed as minus the upper limit of the mirrored table,
    /// so that swapping pre and post mirrors the interval exactly.
    /// </summary>
    internal static Interval NewcombeInterval(int a, int b, int c, int d) =>
        new(-NewcombeUpper(a, c, b, d), NewcombeUpper(a, b, c, d));

    private static double NewcombeUpper(int a, int b, int c, int d)
    {
        double n = a + b + c + d;
        double post = a + c;
        double pre = a + b;
        var pPost = post / n;
        var pPre = pre / n;
        var (_, postHigh) = Wilson(post, n);
        var (preLow, _) = Wilson(pre, n);
        var phi = 0.0;
        var margins = (double)(a + b) * (c + d) * (a + c) * (b + d);
        if (margins > 0)
        {
            var numerator = ((double)a * d) - ((double)b * c);
            var corrected = numerator > n / 2 ? numerator - (n / 2) : numerator < 0 ? numerator : 0;
            phi = corrected / Math.Sqrt(margins);
        }

        var upPost = postHigh - pPost;
        var downPre = pPre - preLow;
        // Mathematically the radicand is at least (upPost − downPre)² and the limit at most 1; rounding is clamped.
        var radicand = Math.Max(0, (upPost * upPost) - (2 * phi * upPost * downPre) + (downPre * downPre));
        return Math.Min(1, pPost - pPre + Math.Sqrt(radicand));
    }

    /// <summary>The 95% Wilson score interval of a proportion x/n.</summary>
    private static (double Low, double High) Wilson(double x, double n)
    {
        const double z2 = Z975 * Z975;
        var centre = (x + (z2 / 2)) / (n + z2);
        var half = Z975 / (n + z2) * Math.Sqrt((x * (n - x) / n) + (z2 / 4));
        return (centre - half, centre + half);
    }

    private static PairedStatistics Ordinal(PairedStatistics result, double[] differences, Interval? bootstrap)
    {
        var test = SignedRankTest.Run(differences);
        var total = test.RankSumUp + test.RankSumDown;
        return result with
        {
            Test = test.Exact ? PairedTests.WilcoxonPrattExact : PairedTests.WilcoxonPrattNormal,
            Statistic = test.Statistic,
            PValue = test.PValue,
            ZStatistic = test.Z,
            RankSumUp = test.RankSumUp,
            RankSumDown = test.RankSumDown,
            Effect = total > 0 ? (test.RankSumUp - test.RankSumDown) / total : null,
            EffectCiLow = bootstrap?.Low,
            EffectCiHigh = bootstrap?.High,
        };
    }

    private static PairedStatistics Thermometer(PairedStatistics result, double[] differences, double mean, bool pooled, Interval? bootstrap)
    {
        var n = differences.Length;
        result = result with { EffectCiLow = bootstrap?.Low, EffectCiHigh = bootstrap?.High };
        if (n < 2)
        {
            return result;
        }

        var squares = new double[n];
        for (var i = 0; i < n; i++)
        {
            var deviation = differences[i] - mean;
            squares[i] = deviation * deviation;
        }

        Array.Sort(squares);
        var sd = Math.Sqrt(Sum(squares) / (n - 1));
        if (!(sd > 0))
        {
            return result;
        }

        var se = sd / Math.Sqrt(n);
        var t = mean / se;
        var halfWidth = SpecialFunctions.StudentTQuantile(0.975, n - 1) * se;
        return result with
        {
            Statistic = t,
            PValue = SpecialFunctions.StudentTTwoSidedP(t, n - 1),
            Effect = mean / sd,
            MeanDifferenceCiLow = pooled ? null : mean - halfWidth,
            MeanDifferenceCiHigh = pooled ? null : mean + halfWidth,
        };
    }

    internal readonly record struct Interval(double Low, double High);

    private readonly record struct BootstrapIntervals(Interval? Mean, Interval? Effect);

    /// <summary>
    /// Percentile intervals of the mean difference and of the effect from the (cluster) bootstrap.
    /// Each resample is evaluated on the pairs in (pre, post) order and in (post, pre) order.
    /// </summary>
    private static BootstrapIntervals Bootstrap(StatisticScale scale, AnswerPair[] byPre, BootstrapOptions options, bool pooled)
    {
        var groups = pooled
            ? byPre.GroupBy(p => p.Cluster, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray()).ToArray()
            : [byPre];

        // Ranks in a resample only depend on how many of each distinct |d| it holds: number the distinct
        // magnitudes once, then rank every resample by counting instead of sorting.
        var magnitudes = byPre.Select(p => Math.Abs(p.Post - p.Pre)).Distinct().Order().ToArray();
        var first = new double[groups.Length][];
        var second = new double[groups.Length][];
        var firstClass = new int[groups.Length][];
        var secondClass = new int[groups.Length][];
        for (var g = 0; g < groups.Length; g++)
        {
            var members = groups[g];
            Array.Sort(members, ComparePreFirst);
            first[g] = [.. members.Select(p => p.Post - p.Pre)];
            firstClass[g] = [.. first[g].Select(d => Array.BinarySearch(magnitudes, Math.Abs(d)))];
            Array.Sort(members, ComparePostFirst);
            second[g] = [.. members.Select(p => p.Post - p.Pre)];
            secondClass[g] = [.. second[g].Select(d => Array.BinarySearch(magnitudes, Math.Abs(d)))];
        }

        var random = new Xoshiro256StarStar(options.Seed);
        var means = new double[2 * options.Draws];
        var effects = new double[2 * options.Draws];
        var capacity = pooled ? groups.Length * groups.Max(g => g.Length) : byPre.Length;
        var bufferFirst = new Resample(capacity, magnitudes.Length);
        var bufferSecond = new Resample(capacity, magnitudes.Length);
        for (var draw = 0; draw < options.Draws; draw++)
        {
            var count = 0;
            for (var c = 0; c < groups.Length; c++)
            {
                var chosen = groups.Length == 1 ? 0 : random.NextInt(groups.Length);
                var size = first[chosen].Length;
                for (var i = 0; i < size; i++)
                {
                    var index = random.NextInt(size);
                    bufferFirst.Differences[count] = first[chosen][index];
                    bufferFirst.Classes[count] = firstClass[chosen][index];
                    bufferSecond.Differences[count] = second[chosen][index];
                    bufferSecond.Classes[count] = secondClass[chosen][index];
                    count++;
                }
            }

            (means[2 * draw], effects[2 * draw]) = DrawStatistics(scale, bufferFirst, count);
            (means[(2 * draw) + 1], effects[(2 * draw) + 1]) = DrawStatistics(scale, bufferSecond, count);
        }

        return new BootstrapIntervals(Percentile(means), Percentile(effects));
    }

    /// <summary>One resample: the differences, the index of each |d| among the sample's distinct magnitudes, and counters.</summary>
    private sealed class Resample(int capacity, int classes)
    {
        public double[] Differences { get; } = new double[capacity];

        public int[] Classes { get; } = new int[capacity];

        public int[] Total { get; } = new int[classes];

        public int[] Up { get; } = new int[classes];

        public int[] Down { get; } = new int[classes];
    }

    /// <summary>The mean difference and the scale's effect of one resample (NaN where undefined).</summary>
    private static (double Mean, double Effect) DrawStatistics(StatisticScale scale, Resample resample, int n)
    {
        var d = resample.Differences.AsSpan(0, n);
        var sum = 0.0;
        foreach (var value in d)
        {
            sum += value;
        }

        var mean = sum / n;
        switch (scale)
        {
            case StatisticScale.Binary:
                return (mean, mean);
            case StatisticScale.Ordinal:
                var r = RankBiserialByCounting(d, resample);
                return (mean, r);
            default:
                if (n < 2)
                {
                    return (mean, double.NaN);
                }

                var squares = 0.0;
                foreach (var value in d)
                {
                    var deviation = value - mean;
                    squares += deviation * deviation;
                }

                var sd = Math.Sqrt(squares / (n - 1));
                return (mean, sd > 0 ? mean / sd : double.NaN);
        }
    }

    /// <summary>
    /// (T⁺ − T⁻)/(T⁺ + T⁻) with Pratt midranks of |d|, from counts per distinct magnitude: the magnitudes
    /// are numbered in ascending order, so the midrank of class c is (values in classes below c) +
    /// (count of c + 1)/2. Sums of halves are exact, so the result does not depend on the order.
    /// </summary>
    private static double RankBiserialByCounting(ReadOnlySpan<double> d, Resample resample)
    {
        Array.Clear(resample.Total);
        Array.Clear(resample.Up);
        Array.Clear(resample.Down);
        for (var i = 0; i < d.Length; i++)
        {
            var c = resample.Classes[i];
            resample.Total[c]++;
            if (d[i] > 0)
            {
                resample.Up[c]++;
            }
            else if (d[i] < 0)
            {
                resample.Down[c]++;
            }
        }

        var below = 0;
        var up = 0.0;
        var down = 0.0;
        for (var c = 0; c < resample.Total.Length; c++)
        {
            var count = resample.Total[c];
            if (count == 0)
            {
                continue;
            }

            var midrank = below + ((count + 1) / 2.0);
            up += resample.Up[c] * midrank;
            down += resample.Down[c] * midrank;
            below += count;
        }

        var total = up + down;
        return total > 0 ? (up - down) / total : double.NaN;
    }

    /// <summary>(v[k], v[N − 1 − k]) of the sorted defined values, k = ⌊0.025 N⌋; null when fewer than half are defined.</summary>
    private static Interval? Percentile(double[] values)
    {
        var defined = values.Where(v => !double.IsNaN(v)).ToArray();
        if (defined.Length == 0 || defined.Length * 2 < values.Length)
        {
            return null;
        }

        Array.Sort(defined);
        var k = (int)Math.Floor(0.025 * defined.Length);
        return new Interval(defined[k], defined[defined.Length - 1 - k]);
    }

    private static void Validate(StatisticScale scale, IReadOnlyList<AnswerPair> pairs)
    {
        if (!Enum.IsDefined(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Unknown scale.");
        }

        foreach (var pair in pairs)
        {
            if (!double.IsFinite(pair.Pre) || !double.IsFinite(pair.Post))
            {
                throw new ArgumentException("Answers must be finite numbers.", nameof(pairs));
            }

            if (scale == StatisticScale.Binary && (pair.Pre is not (0 or 1) || pair.Post is not (0 or 1)))
            {
                throw new ArgumentException("Binary answers must be 0 or 1.", nameof(pairs));
            }
        }
    }

    private static int ComparePreFirst(AnswerPair x, AnswerPair y)
    {
        var order = x.Pre.CompareTo(y.Pre);
        order = order != 0 ? order : x.Post.CompareTo(y.Post);
        return order != 0 ? order : string.CompareOrdinal(x.Cluster, y.Cluster);
    }

    private static int ComparePostFirst(AnswerPair x, AnswerPair y)
    {
        var order = x.Post.CompareTo(y.Post);
        order = order != 0 ? order : x.Pre.CompareTo(y.Pre);
        return order != 0 ? order : string.CompareOrdinal(x.Cluster, y.Cluster);
    }

    /// <summary>A sum that depends only on the multiset of values: summed in ascending order.</summary>
    private static double SortedSum(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return Sum(sorted);
    }

    /// <summary>
    /// Σ d as (sum of the positive values) − (sum of the magnitudes of the negative ones), each in
    /// ascending order: the same for any order, and exactly negated when every d is negated.
    /// </summary>
    private static double SignedSum(double[] differences)
    {
        var positive = differences.Where(d => d > 0).ToArray();
        var negative = differences.Where(d => d < 0).Select(d => -d).ToArray();
        Array.Sort(positive);
        Array.Sort(negative);
        return Sum(positive) - Sum(negative);
    }

    private static double Sum(double[] values)
    {
        var total = 0.0;
        foreach (var value in values)
        {
            total += value;
        }

        return total;
    }
}
