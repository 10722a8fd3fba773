using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

public sealed class BootstrapTests
{
    [Fact]
    public void The_same_seed_gives_identical_intervals_and_another_seed_different_ones()
    {
        var pairs = SurveyData.Thermometer(60);
        var first = PairedStatisticsCalculator.Compute(StatisticScale.Thermometer, pairs);
        var second = PairedStatisticsCalculator.Compute(StatisticScale.Thermometer, pairs, new BootstrapOptions());
        var other = PairedStatisticsCalculator.Compute(StatisticScale.Thermometer, pairs, new BootstrapOptions(Seed: 7));
        Assert.Equal(first, second);
        Assert.NotEqual((first.BootstrapCiLow, first.BootstrapCiHigh), (other.BootstrapCiLow, other.BootstrapCiHigh));
        Assert.Equal(first.MeanDifference, other.MeanDifference);
    }

    [Fact]
    public void The_default_options_draw_five_thousand_resamples_with_the_published_seed()
    {
        Assert.Equal(5000, BootstrapOptions.Default.Draws);
        Assert.Equal(0x4B494E4F4449414CUL, BootstrapOptions.Default.Seed);
    }

    [Fact]
    public void The_generator_is_pinned_so_reports_reproduce_on_every_platform()
    {
        // xoshiro256** seeded by SplitMix64(0); the same three outputs from a ten-line Python re-implementation
        // of the published algorithms (Blackman and Vigna; Steele et al.).
        var random = new Xoshiro256StarStar(0);
        var values = Enumerable.Range(0, 3).Select(_ => random.NextUInt64()).ToArray();
        Assert.Equal([0x99EC5F36CB75F2B4UL, 0xBF6E1F784956452AUL, 0x1A5F849D4933E6E0UL], values);
    }

    [Fact]
    public void Bounded_draws_cover_the_range_evenly()
    {
        var random = new Xoshiro256StarStar(42);
        var counts = new int[6];
        for (var i = 0; i < 60_000; i++)
        {
            counts[random.NextInt(6)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_600, 10_400));
    }

    [Theory]
    [InlineData(StatisticScale.Binary)]
    [InlineData(StatisticScale.Ordinal)]
    [InlineData(StatisticScale.Thermometer)]
    public void Intervals_contain_the_point_estimates(StatisticScale scale)
    {
        var pairs = scale switch
        {
            StatisticScale.Binary => SurveyData.Binary(120),
            StatisticScale.Ordinal => SurveyData.Ordinal(120),
            _ => SurveyData.Thermometer(120),
        };
        var result = PairedStatisticsCalculator.Compute(scale, pairs);
        Assert.InRange(result.Effect!.Value, result.EffectCiLow!.Value, result.EffectCiHigh!.Value);
        Assert.InRange(result.MeanDifference!.Value, result.BootstrapCiLow!.Value, result.BootstrapCiHigh!.Value);
        Assert.True(result.EffectCiLow < result.EffectCiHigh);
    }

    [Fact]
    public void On_a_large_sample_the_bootstrap_interval_is_close_to_the_t_interval()
    {
        // n = 300: t-interval (5.799, 8.394). Percentile bootstrap of the mean should agree to within 10% of its width.
        var result = PairedStatisticsCalculator.Compute(StatisticScale.Thermometer, SurveyData.Thermometer(300));
        var width = result.MeanDifferenceCiHigh!.Value - result.MeanDifferenceCiLow!.Value;
        Assert.InRange(result.BootstrapCiLow!.Value, result.MeanDifferenceCiLow.Value - (0.1 * width), result.MeanDifferenceCiLow.Value + (0.1 * width));
        Assert.InRange(result.BootstrapCiHigh!.Value, result.MeanDifferenceCiHigh.Value - (0.1 * width), result.MeanDifferenceCiHigh.Value + (0.1 * width));
        // d_z's interval: its standard error is about √(1/n + d_z²/(2n)) ≈ 0.063, so the 95% interval is about 0.25 wide.
        var effectWidth = result.EffectCiHigh!.Value - result.EffectCiLow!.Value;
        Assert.InRange(effectWidth, 0.2, 0.3);
    }

    [Fact]
    public void Pooling_screenings_that_disagree_widens_the_interval()
    {
        // Three screenings: one moved a lot, one a little, one not at all. The cluster bootstrap must see the
        // disagreement between screenings that a bootstrap of independent pairs hides.
        var pairs = new List<AnswerPair>();
        foreach (var (screening, shift) in new[] { ("a", 20), ("b", 8), ("c", -4) })
        {
            pairs.AddRange(SurveyData.Thermometer(50).Select(p => new AnswerPair(p.Pre, Math.Clamp(p.Pre + shift + ((p.Post - p.Pre) / 4), 0, 100), screening)));
        }

        var pooled = PairedStatisticsCalculator.ComputePooled(StatisticScale.Thermometer, pairs);
        var naive = PairedStatisticsCalculator.Compute(StatisticScale.Thermometer, pairs);
        Assert.Equal(3, pooled.Clusters);
        Assert.Equal(1, naive.Clusters);
        Assert.Equal(naive.MeanDifference, pooled.MeanDifference);
        Assert.Equal(naive.PValue, pooled.PValue);
        Assert.Null(pooled.MeanDifferenceCiLow);
        Assert.NotNull(naive.MeanDifferenceCiLow);
        Assert.True(pooled.BootstrapCiHigh - pooled.BootstrapCiLow > 2 * (naive.BootstrapCiHigh - naive.BootstrapCiLow));
        Assert.InRange(pooled.MeanDifference!.Value, pooled.BootstrapCiLow!.Value, pooled.BootstrapCiHigh!.Value);
    }

    [Fact]
    public void The_cluster_bootstrap_resamples_whole_screenings()
    {
        // Screening a: everyone +10; screening b: nobody moved. Pairs within a screening are all alike, so a
        // resample's mean is 10 (a, a), 5 (a, b or b, a) or 0 (b, b), with probabilities ¼, ½, ¼: the 2.5% and
        // 97.5% points are exactly 0 and 10. Resampling pairs alone would give an interval around 5.
        var pairs = Enumerable.Range(0, 20).Select(i => new AnswerPair(i * 4, (i * 4) + 10, "a"))
            .Concat(Enumerable.Range(0, 20).Select(i => new AnswerPair(i * 5, i * 5, "b")))
            .ToArray();
        var pooled = PairedStatisticsCalculator.ComputePooled(StatisticScale.Thermometer, pairs);
        Assert.Equal(5.0, pooled.MeanDifference);
        Assert.Equal((0.0, 10.0), (pooled.BootstrapCiLow, pooled.BootstrapCiHigh));
        var naive = PairedStatisticsCalculator.Compute(StatisticScale.Thermometer, pairs);
        Assert.InRange(naive.BootstrapCiLow!.Value, 2, 5);
        Assert.InRange(naive.BootstrapCiHigh!.Value, 5, 8);
    }

    [Fact]
    public void A_single_screening_pooled_gives_the_same_bootstrap_as_unpooled()
    {
        var pairs = SurveyData.Ordinal(30).Select(p => p with { Cluster = "only" }).ToArray();
        var pooled = PairedStatisticsCalculator.ComputePooled(StatisticScale.Ordinal, pairs);
        var single = PairedStatisticsCalculator.Compute(StatisticScale.Ordinal, pairs);
        Assert.Equal((single.EffectCiLow, single.EffectCiHigh), (pooled.EffectCiLow, pooled.EffectCiHigh));
        Assert.Equal((single.BootstrapCiLow, single.BootstrapCiHigh), (pooled.BootstrapCiLow, pooled.BootstrapCiHigh));
    }

    [Fact]
    public void Too_few_draws_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PairedStatisticsCalculator.Compute(StatisticScale.Binary, SurveyData.Binary(5), new BootstrapOptions(Draws: 0)));
}
