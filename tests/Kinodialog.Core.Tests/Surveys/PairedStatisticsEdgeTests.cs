using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

public sealed class PairedStatisticsEdgeTests
{
    [Theory]
    [InlineData(StatisticScale.Binary)]
    [InlineData(StatisticScale.Ordinal)]
    [InlineData(StatisticScale.Thermometer)]
    public void No_pairs_give_counts_of_zero_and_no_statistics(StatisticScale scale)
    {
        var result = PairedStatisticsCalculator.Compute(scale, []);
        Assert.Equal((0, 0, 0, 0), (result.NPairs, result.MovedUp, result.Same, result.MovedDown));
        Assert.All(
            new[] { result.Statistic, result.PValue, result.Effect, result.EffectCiLow, result.EffectCiHigh, result.MeanPre, result.MeanDifference, result.BootstrapCiLow },
            Assert.Null);
    }

    [Fact]
    public void A_thermometer_without_variance_has_no_t_test_and_no_d_z()
    {
        var pairs = new[] { new AnswerPair(40, 50), new AnswerPair(60, 70), new AnswerPair(10, 20) };
        var result = PairedStatisticsCalculator.Compute(StatisticScale.Thermometer, pairs);
        Assert.Equal(10.0, result.MeanDifference);
        Assert.Null(result.Statistic);
        Assert.Null(result.PValue);
        Assert.Null(result.Effect);
        Assert.Null(result.EffectCiLow);
        Assert.Null(result.MeanDifferenceCiLow);
        Assert.Equal((10.0, 10.0), (result.BootstrapCiLow, result.BootstrapCiHigh));
        Assert.Equal(3, result.MovedUp);
    }

    [Fact]
    public void One_thermometer_pair_has_a_mean_difference_only()
    {
        var result = PairedStatisticsCalculator.Compute(StatisticScale.Thermometer, [new AnswerPair(30, 45.5)]);
        Assert.Equal(15.5, result.MeanDifference);
        Assert.Equal((30.0, 45.5), (result.MeanPre, result.MeanPost));
        Assert.Null(result.PValue);
        Assert.Null(result.Effect);
    }

    [Fact]
    public void An_ordinal_question_where_nobody_moved_has_p_one_and_no_effect()
    {
        var pairs = Enumerable.Range(1, 6).Select(i => new AnswerPair(i % 5, i % 5)).ToArray();
        var result = PairedStatisticsCalculator.Compute(StatisticScale.Ordinal, pairs);
        Assert.Equal(1.0, result.PValue);
        Assert.Equal(0.0, result.Statistic);
        Assert.Null(result.Effect);
        Assert.Null(result.EffectCiLow);
        Assert.Equal(6, result.Same);
    }

    [Fact]
    public void When_every_mover_moved_up_the_rank_biserial_correlation_is_one()
    {
        var pairs = new[] { new AnswerPair(1, 2), new AnswerPair(2, 2), new AnswerPair(3, 5), new AnswerPair(4, 4), new AnswerPair(2, 3) };
        var result = PairedStatisticsCalculator.Compute(StatisticScale.Ordinal, pairs);
        Assert.Equal(1.0, result.Effect);
        Assert.Equal(0.0, result.Statistic);
        Assert.Equal((3, 2, 0), (result.MovedUp, result.Same, result.MovedDown));
    }

    [Fact]
    public void Binary_answers_other_than_zero_and_one_are_refused() =>
        Assert.Throws<ArgumentException>(() => PairedStatisticsCalculator.Compute(StatisticScale.Binary, [new AnswerPair(0, 2)]));

    [Fact]
    public void Non_finite_answers_are_refused() =>
        Assert.Throws<ArgumentException>(() => PairedStatisticsCalculator.Compute(StatisticScale.Thermometer, [new AnswerPair(double.NaN, 2)]));
}
