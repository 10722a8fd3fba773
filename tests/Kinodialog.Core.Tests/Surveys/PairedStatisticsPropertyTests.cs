using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

/// <summary>Invariants: the order of the pairs never matters; swapping pre and post mirrors every effect and interval.</summary>
public sealed class PairedStatisticsPropertyTests
{
    private static readonly BootstrapOptions Options = new(Draws: 100, Seed: 12345);

    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(40);

    private static Gen<AnswerPair[]> Pairs(StatisticScale scale, bool clustered)
    {
        var value = scale switch
        {
            StatisticScale.Binary => Gen.Elements(0.0, 1.0),
            StatisticScale.Ordinal => Gen.Choose(1, 5).Select(v => (double)v),
            _ => Gen.OneOf(Gen.Choose(0, 100).Select(v => (double)v), Gen.Choose(0, 1000).Select(v => v / 10.0)),
        };
        var cluster = clustered ? Gen.Elements("s1", "s2", "s3") : Gen.Constant("");
        var pair = from pre in value from post in value from c in cluster select new AnswerPair(pre, post, c);
        return Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(pair, n));
    }

    private static Gen<(AnswerPair[] Pairs, int Seed)> PairsAndShuffle(StatisticScale scale, bool clustered) =>
        from pairs in Pairs(scale, clustered) from seed in Gen.Choose(0, int.MaxValue) select (pairs, seed);

    private static PairedStatistics Run(StatisticScale scale, bool pooled, AnswerPair[] pairs) => pooled
        ? PairedStatisticsCalculator.ComputePooled(scale, pairs, Options)
        : PairedStatisticsCalculator.Compute(scale, pairs, Options);

    public static TheoryData<StatisticScale, bool> Cases()
    {
        var data = new TheoryData<StatisticScale, bool>();
        foreach (var scale in Enum.GetValues<StatisticScale>())
        {
            data.Add(scale, false);
            data.Add(scale, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Results_do_not_depend_on_the_order_of_the_pairs(StatisticScale scale, bool pooled) =>
        Check.One(Config, Prop.ForAll(PairsAndShuffle(scale, pooled).ToArbitrary(), input =>
        {
            var shuffled = input.Pairs.ToArray();
#pragma warning disable CA5394 // A seeded shuffle of test data, not security.
            new Random(input.Seed).Shuffle(shuffled);
#pragma warning restore CA5394
            Assert.Equal(Run(scale, pooled, input.Pairs), Run(scale, pooled, shuffled));
        }));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Swapping_pre_and_post_mirrors_every_effect_and_interval(StatisticScale scale, bool pooled) =>
        Check.One(Config, Prop.ForAll(Pairs(scale, pooled).ToArbitrary(), pairs =>
        {
            var original = Run(scale, pooled, pairs);
            var swapped = Run(scale, pooled, SurveyData.Swap(pairs));
            Assert.Equal(original.NPairs, swapped.NPairs);
            Assert.Equal((original.MovedUp, original.Same, original.MovedDown), (swapped.MovedDown, swapped.Same, swapped.MovedUp));
            Assert.Equal(original.PValue, swapped.PValue);
            Assert.Equal(Negate(original.Effect), swapped.Effect);
            Assert.Equal(Negate(original.EffectCiHigh), swapped.EffectCiLow);
            Assert.Equal(Negate(original.EffectCiLow), swapped.EffectCiHigh);
            Assert.Equal(Negate(original.MeanDifference), swapped.MeanDifference);
            Assert.Equal(Negate(original.MeanDifferenceCiHigh), swapped.MeanDifferenceCiLow);
            Assert.Equal(Negate(original.MeanDifferenceCiLow), swapped.MeanDifferenceCiHigh);
            Assert.Equal(Negate(original.BootstrapCiHigh), swapped.BootstrapCiLow);
            Assert.Equal(Negate(original.BootstrapCiLow), swapped.BootstrapCiHigh);
            Assert.Equal((original.MeanPre, original.MeanPost), (swapped.MeanPost, swapped.MeanPre));
            Assert.Equal(scale == StatisticScale.Thermometer ? Negate(original.Statistic) : original.Statistic, swapped.Statistic);
        }));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Intervals_are_ordered_and_effects_stay_in_range(StatisticScale scale, bool pooled) =>
        Check.One(Config, Prop.ForAll(Pairs(scale, pooled).ToArbitrary(), pairs =>
        {
            var result = Run(scale, pooled, pairs);
            Assert.True(result.EffectCiLow is null || result.EffectCiLow <= result.EffectCiHigh);
            Assert.True(result.BootstrapCiLow is null || result.BootstrapCiLow <= result.BootstrapCiHigh);
            Assert.True(result.PValue is null || result.PValue is >= 0 and <= 1);
            if (scale != StatisticScale.Thermometer)
            {
                Assert.True(result.Effect is null || result.Effect is >= -1 and <= 1);
                Assert.True(result.EffectCiLow is null || (result.EffectCiLow >= -1 && result.EffectCiHigh <= 1));
            }
        }));

    private static double? Negate(double? value) => value is null ? null : -value.Value;
}
