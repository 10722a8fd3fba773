using System.Text.Json;
using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

public sealed class SurveyStatsReportTests
{
    private static readonly BootstrapOptions Options = new(Draws: 500);

    private static List<PairsCsvRow> Rows(string screening, string question, StatisticScale scale, IEnumerable<AnswerPair> pairs) =>
        [.. pairs.Select((p, i) => new PairsCsvRow(screening, "default", "1", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), question, scale, p.Pre, p.Post))];

    [Fact]
    public void Questions_come_in_the_order_they_first_appear_with_the_documented_fields()
    {
        var rows = Rows("s1", "warmth", StatisticScale.Thermometer, SurveyData.Thermometer(12))
            .Concat(Rows("s1", "business", StatisticScale.Binary, SurveyData.Binary(40)))
            .Concat(Rows("s1", "trust", StatisticScale.Ordinal, SurveyData.Ordinal(12)))
            .ToList();
        using var json = JsonDocument.Parse(SurveyStatsReport.ToJson(rows, Options));
        var questions = json.RootElement.GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal(["warmth", "business", "trust"], questions.Select(q => q.GetProperty("question").GetString()));
        Assert.Equal(["thermometer", "binary", "ordinal"], questions.Select(q => q.GetProperty("scale").GetString()));
        foreach (var name in new[] { "question", "scale", "n_pairs", "test", "statistic", "p_value", "effect", "effect_ci_low", "effect_ci_high", "clusters" })
        {
            Assert.All(questions, q => Assert.True(q.TryGetProperty(name, out _), name));
        }

        var warmth = questions[0];
        // What is written is what the disclosure rule lets through (Suppression.Disclose), value for value.
        var data = SurveyData.Thermometer(12);
        var expected = Suppression.Disclose(StatisticScale.Thermometer, data, PairedStatisticsCalculator.Compute(StatisticScale.Thermometer, data, Options), 5).Statistics!;
        Assert.Equal(12, warmth.GetProperty("n_pairs").GetInt32());
        Assert.Equal(1, warmth.GetProperty("clusters").GetInt32());
        Assert.Equal("paired_t", warmth.GetProperty("test").GetString());
        Assert.Equal(expected.Statistic, Number(warmth, "statistic"));
        Assert.Equal(expected.PValue, Number(warmth, "p_value"));
        Assert.Equal(expected.Effect, Number(warmth, "effect"));
        Assert.Equal(expected.EffectCiLow, Number(warmth, "effect_ci_low"));
        Assert.Equal(expected.MeanDifferenceCiHigh, Number(warmth, "mean_difference_ci_high"));
        Assert.Equal(expected.MeanPre, Number(warmth, "mean_pre"));
        Assert.NotNull(expected.MeanPre);
        Assert.Equal("mcnemar_exact", questions[1].GetProperty("test").GetString());
        var business = SurveyData.Binary(40);
        var businessShown = Suppression.Disclose(StatisticScale.Binary, business, PairedStatisticsCalculator.Compute(StatisticScale.Binary, business, Options), 5);
        Assert.Equal(businessShown.Statistics!.PValue, Number(questions[1], "p_value"));
        Assert.True(businessShown.Level >= DisclosureLevel.Tests || businessShown.Statistics.PValue is null);
        Assert.Equal("wilcoxon_pratt_exact", questions[2].GetProperty("test").GetString());
    }

    private static double? Number(JsonElement question, string name) =>
        question.GetProperty(name).ValueKind == JsonValueKind.Null ? null : question.GetProperty(name).GetDouble();

    [Fact]
    public void A_screening_with_fewer_than_k_pairs_is_left_out_of_pooled_statistics()
    {
        var rows = Rows("s1", "warmth", StatisticScale.Thermometer, SurveyData.Thermometer(20))
            .Concat(Rows("s2", "warmth", StatisticScale.Thermometer, SurveyData.Thermometer(3)))
            .ToList();
        var question = Assert.Single(SurveyStatsReport.Compute(rows, Options));
        Assert.Equal(1, question.Clusters);
        Assert.Equal(20, question.Statistics.NPairs);
    }

    [Fact]
    public void Several_screenings_are_pooled_with_the_cluster_bootstrap()
    {
        var rows = Rows("s1", "warmth", StatisticScale.Thermometer, SurveyData.Thermometer(20))
            .Concat(Rows("s2", "warmth", StatisticScale.Thermometer, SurveyData.Thermometer(30).Skip(10)))
            .ToList();
        var question = Assert.Single(SurveyStatsReport.Compute(rows, Options));
        var pairs = rows.Select(r => new AnswerPair(r.Pre, r.Post, r.Screening)).ToArray();
        Assert.Equal(2, question.Clusters);
        var pooled = PairedStatisticsCalculator.ComputePooled(StatisticScale.Thermometer, pairs, Options);
        Assert.Equal(Suppression.Disclose(StatisticScale.Thermometer, pairs, pooled, 5).Statistics, question.Statistics);
        // One pair of 40 did not move: the t-test, d_z and every interval would be computed from that lone cell.
        Assert.Equal(1, pooled.Same);
        Assert.Null(question.Statistics.PValue);
        Assert.Null(question.Statistics.MeanDifferenceCiLow);
        Assert.Equal(pooled.MeanDifference, question.Statistics.MeanDifference);
    }

    [Fact]
    public void Questions_with_fewer_than_k_pairs_and_small_movement_cells_are_suppressed()
    {
        var rows = Rows("s1", "warmth", StatisticScale.Thermometer, SurveyData.Thermometer(4))
            .Concat(Rows("s1", "trust", StatisticScale.Ordinal, SurveyData.Ordinal(12)))
            .ToList();
        using var json = JsonDocument.Parse(SurveyStatsReport.ToJson(rows, Options));
        var questions = json.RootElement.GetProperty("questions").EnumerateArray().ToList();
        Assert.True(questions[0].GetProperty("suppressed").GetBoolean());
        Assert.Equal(4, questions[0].GetProperty("n_pairs").GetInt32());
        Assert.Equal(JsonValueKind.Null, questions[0].GetProperty("effect").ValueKind);
        Assert.Equal(JsonValueKind.Null, questions[0].GetProperty("mean_pre").ValueKind);
        // trust, n = 12: 6 up, 2 same, 4 down -> "same" and "down" are under 5, so every non-zero count is
        // hidden (with "up" shown, 2 + 4 = 6 could be split only so far; see Suppression.Hide).
        Assert.False(questions[1].GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, questions[1].GetProperty("moved_up").ValueKind);
        Assert.Equal(JsonValueKind.Null, questions[1].GetProperty("same").ValueKind);
        Assert.Equal(JsonValueKind.Null, questions[1].GetProperty("moved_down").ValueKind);
    }
}
