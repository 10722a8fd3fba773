using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

/// <summary>
/// Every number here comes from reference_values.py (same folder; run with /usr/bin/python3, Debian's
/// python3-scipy 1.10 and numpy 1.24) on the data sets of <see cref="SurveyData"/>:
/// <list type="bullet">
/// <item>ordinal: exact p by brute-force enumeration of all 2^m sign assignments of the Pratt ranks
/// (n = 6, 12, 20) or by counting sums of doubled ranks (n = 40; the counting is asserted equal to brute force
/// for n = 6, 12, 20), normal approximation by scipy.stats.wilcoxon(d, zero_method='pratt', correction=False,
/// method='approx'); r = (T⁺ − T⁻)/(T⁺ + T⁻) over scipy.stats.rankdata(|d|);</item>
/// <item>thermometer: scipy.stats.ttest_rel(post, pre), numpy mean/std(ddof=1), and for the t-interval the root
/// of scipy.stats.t.sf(x, n − 1) = 0.025 (scipy 1.10's t.ppf is off by up to 4e-10);</item>
/// <item>binary: scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue; Newcombe's method 10 written out
/// in Python from the paper's formulas with scipy.stats.norm.ppf(0.975).</item>
/// </list>
/// </summary>
public sealed class PairedStatisticsReferenceTests
{
    private static readonly BootstrapOptions FewDraws = new(Draws: 400);

    private static double[] Differences(AnswerPair[] pairs) => [.. pairs.Select(p => p.Post - p.Pre)];

    // n=6 d=[3, 3, -1, 0, 3, -1]: ranks 1 (zero), 2.5, 2.5, 5, 5, 5; T+ = 15, T- = 5.
    // n=12 d=[3, 3, -1, 0, 3, -1, 1, 3, -1, 2, 0, -1]: T+ = 55, T- = 20, two zeros.
    [Theory]
    [InlineData(6, 15.0, 5.0, 1, 0.4375, 0.5)]
    [InlineData(12, 55.0, 20.0, 2, 0.146484375, 0.4666666666666667)]
    [InlineData(20, 169.0, 35.0, 3, 0.00982666015625, 0.6568627450980392)]
    [InlineData(40, 645.0, 154.0, 6, 0.0004810489481315017, 0.6145181476846058)]
    public void Ordinal_small_samples_use_the_exact_conditional_p_value(int n, double up, double down, int zeros, double p, double r)
    {
        var result = PairedStatisticsCalculator.Compute(StatisticScale.Ordinal, SurveyData.Ordinal(n), FewDraws);
        Assert.Equal(PairedTests.WilcoxonPrattExact, result.Test);
        Assert.Equal(n, result.NPairs);
        Assert.Equal((up, down), (result.RankSumUp, result.RankSumDown));
        Assert.Equal(Math.Min(up, down), result.Statistic);
        Assert.Equal(zeros, result.Same);
        Assert.Equal(n, result.MovedUp + result.Same + result.MovedDown);
        Tolerance.Close(p, result.PValue, 1e-13);
        Tolerance.Close(r, result.Effect, 1e-14);
        Assert.Null(result.ZStatistic);
    }

    [Fact]
    public void Ordinal_normal_approximation_matches_scipy_at_n_40()
    {
        // scipy.stats.wilcoxon(d, zero_method='pratt', correction=False, method='approx') on SurveyData.Ordinal(40).
        var test = SignedRankTest.Run(Differences(SurveyData.Ordinal(40)), exact: false);
        Assert.False(test.Exact);
        Assert.Equal(154.0, test.Statistic);
        Tolerance.Close(-3.349838890464513, test.Z, 1e-12);
        Tolerance.Close(0.0008085857614753281, test.PValue, 1e-12);
    }

    [Fact]
    public void Ordinal_large_samples_use_the_normal_approximation_with_tie_and_zero_corrections()
    {
        // n=300: T+ = 35561, T- = 8643, 43 zeros; scipy statistic 8643.0, z -9.091840400426404, p 9.737656115085311e-20.
        var result = PairedStatisticsCalculator.Compute(StatisticScale.Ordinal, SurveyData.Ordinal(300), FewDraws);
        Assert.Equal(PairedTests.WilcoxonPrattNormal, result.Test);
        Assert.Equal((35561.0, 8643.0), (result.RankSumUp, result.RankSumDown));
        Assert.Equal(8643.0, result.Statistic);
        Assert.Equal(43, result.Same);
        Tolerance.Close(-9.091840400426404, result.ZStatistic, 1e-12);
        Tolerance.Close(9.737656115085311e-20, result.PValue, 1e-12);
        Tolerance.Close(0.6089494163424124, result.Effect, 1e-14);
    }

    [Fact]
    public void The_exact_ordinal_p_value_agrees_with_brute_force_on_a_hand_made_example()
    {
        // d = [1, 1, 1, 2, -2, 0]: |d| ranks 1 (zero), 3, 3, 3, 5.5, 5.5; nonzero ranks 3, 3, 3, 5.5, 5.5 (S = 20).
        // T+ = 14.5, T- = 5.5. Of the 32 sign assignments, 6 give a positive rank sum <= 5.5 (the empty set,
        // each single 3, each single 5.5): p = 2 * 6/32 = 0.375 (reference_values.exact_brute_force).
        var pairs = new[] { (3, 4), (2, 3), (5, 6), (1, 3), (6, 4), (4, 4) }.Select(p => new AnswerPair(p.Item1, p.Item2)).ToArray();
        var result = PairedStatisticsCalculator.Compute(StatisticScale.Ordinal, pairs, FewDraws);
        Assert.Equal(0.375, result.PValue);
        Assert.Equal(5.5, result.Statistic);
        Tolerance.Close(0.45, result.Effect, 1e-15);
    }

    [Theory]
    [InlineData(6, 31.5, 42.166666666666664, 10.666666666666666, 2.140001504689087, 0.08531718206716542, 0.8736519558794142, -2.1461932869548956, 23.479526620288226)]
    [InlineData(12, 39.0, 49.166666666666664, 10.166666666666666, 2.850059970193112, 0.015795035023686732, 0.822741445498785, 2.315364344977106, 18.017968988356227)]
    [InlineData(40, 48.75, 55.625, 6.875, 3.948926454663513, 0.00031893835816607324, 0.6243800954615174, 3.3535365757241853, 10.396463424275815)]
    [InlineData(300, 49.876666666666665, 56.973333333333336, 7.096666666666667, 10.763152711738694, 4.7416801497754825e-23, 0.6214109115451386, 5.799115543976458, 8.394217789356874)]
    public void Thermometer_matches_scipy(int n, double meanPre, double meanPost, double meanDifference, double t, double p, double dz, double low, double high)
    {
        var result = PairedStatisticsCalculator.Compute(StatisticScale.Thermometer, SurveyData.Thermometer(n), FewDraws);
        Assert.Equal(PairedTests.PairedT, result.Test);
        Tolerance.Close(meanPre, result.MeanPre, 1e-14);
        Tolerance.Close(meanPost, result.MeanPost, 1e-14);
        Tolerance.Close(meanDifference, result.MeanDifference, 1e-14);
        Tolerance.Close(t, result.Statistic, 1e-12);
        Tolerance.Close(p, result.PValue, 1e-10);
        Tolerance.Close(dz, result.Effect, 1e-12);
        Tolerance.Close(low, result.MeanDifferenceCiLow, 1e-12);
        Tolerance.Close(high, result.MeanDifferenceCiHigh, 1e-12);
    }

    [Theory]
    [InlineData(6, 1, 1, 1.0, 0.0, -0.44177725603643586, 0.44177725603643586)]
    [InlineData(12, 3, 3, 1.0, 0.0, -0.3482054039322486, 0.3482054039322486)]
    [InlineData(40, 7, 13, 0.26317596435546875, 0.15, -0.06620428945064738, 0.34766295464834557)]
    [InlineData(300, 51, 102, 4.554006265861126e-05, 0.17, 0.09020668546132889, 0.24675867616027755)]
    public void Binary_matches_the_exact_binomial_test_and_newcombes_interval(int n, int b, int c, double p, double effect, double low, double high)
    {
        var result = PairedStatisticsCalculator.Compute(StatisticScale.Binary, SurveyData.Binary(n), FewDraws);
        Assert.Equal(PairedTests.McNemarExact, result.Test);
        Assert.Equal((c, b), (result.MovedUp, result.MovedDown));
        Assert.Equal(Math.Min(b, c), result.Statistic);
        Tolerance.Close(p, result.PValue, 1e-12);
        Tolerance.Close(effect, result.Effect, 1e-15);
        Tolerance.Close(low, result.EffectCiLow, 1e-12);
        Tolerance.Close(high, result.EffectCiHigh, 1e-12);
    }

    [Theory]
    [InlineData(5, 0, 4, 3, 0.008235968993070997, 0.5673880327298577)]
    [InlineData(10, 0, 0, 10, -0.08975665937768049, 0.08975665937768049)]
    // Altman et al., Statistics with Confidence (2000), table 6.2, with pre = the first classification.
    [InlineData(14, 5, 0, 22, -0.22649268435121125, -0.011483241383033277)]
    [InlineData(0, 3, 0, 0, -1.0, -0.20592328245977842)]
    [InlineData(0, 0, 0, 7, -0.35433043506668743, 0.35433043506668743)]
    public void Newcombes_interval_matches_the_python_reference_at_the_edges(int a, int b, int c, int d, double low, double high)
    {
        var interval = PairedStatisticsCalculator.NewcombeInterval(a, b, c, d);
        Tolerance.Close(low, interval.Low, 1e-12);
        Tolerance.Close(high, interval.High, 1e-12);
    }

    [Fact]
    public void Newcombes_interval_is_inside_minus_one_to_one_and_contains_the_estimate_for_every_table_up_to_forty()
    {
        for (var n = 1; n <= 40; n++)
        {
            for (var a = 0; a <= n; a++)
            {
                for (var b = 0; a + b <= n; b++)
                {
                    for (var c = 0; a + b + c <= n; c++)
                    {
                        var interval = PairedStatisticsCalculator.NewcombeInterval(a, b, c, n - a - b - c);
                        var estimate = (c - b) / (double)n;
                        Assert.True(
                            interval.Low >= -1 && interval.High <= 1 && interval.Low <= estimate && estimate <= interval.High,
                            $"({a}, {b}, {c}, {n - a - b - c}): {interval}");
                    }
                }
            }
        }
    }

    [Fact]
    public void McNemar_without_discordant_pairs_has_p_one_and_an_interval_around_zero()
    {
        var pairs = Enumerable.Repeat(new AnswerPair(1, 1), 4).Concat(Enumerable.Repeat(new AnswerPair(0, 0), 3)).ToArray();
        var result = PairedStatisticsCalculator.Compute(StatisticScale.Binary, pairs, FewDraws);
        Assert.Equal(1.0, result.PValue);
        Assert.Equal(0.0, result.Statistic);
        Assert.Equal(0.0, result.Effect);
        Assert.True(result.EffectCiLow < 0 && result.EffectCiHigh > 0);
    }

    [Fact]
    public void McNemar_p_value_is_twice_the_smaller_binomial_tail()
    {
        // b = 1, c = 9: p = 2 * (1 + 10) / 1024 = 0.021484375 (scipy.stats.binomtest(1, 10).pvalue).
        var pairs = Enumerable.Repeat(new AnswerPair(1, 0), 1).Concat(Enumerable.Repeat(new AnswerPair(0, 1), 9)).ToArray();
        var result = PairedStatisticsCalculator.Compute(StatisticScale.Binary, pairs, FewDraws);
        Assert.Equal(0.021484375, result.PValue!.Value, 15);
        Assert.Equal(1.0, result.Statistic);
        Assert.Equal(0.8, result.Effect);
    }
}
