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
        var expected = PairedStatisticsCalculator.Compute(StatisticScale.Thermometer, SurveyData.Thermometer(12), Options);
        Assert.Equal(12, warmth.GetProperty("n_pairs").GetInt32());
        Assert.Equal(1, warmth.GetProperty("clusters").GetInt32());
        Assert.Equal("paired_t", warmth.GetProperty("test").GetString());
        Assert.Equal(expected.Statistic, warmth.GetProperty("statistic").GetDouble());
        Assert.Equal(expected.PValue, warmth.GetProperty("p_value").GetDouble());
        Assert.Equal(expected.Effect, warmth.GetProperty("effect").GetDouble());
        Assert.Equal(expected.EffectCiLow, warmth.GetProperty("effect_ci_low").GetDouble());
        Assert.Equal(expected.MeanDifferenceCiHigh, warmth.GetProperty("mean_difference_ci_high").GetDouble());
        Assert.Equal("mcnemar_exact", questions[1].GetProperty("test").GetString());
        Assert.Equal(0.26317596435546875, questions[1].GetProperty("p_value").GetDouble(), 12);
        Assert.Equal("wilcoxon_pratt_exact", questions[2].GetProperty("test").GetString());
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
        Assert.Equal(PairedStatisticsCalculator.ComputePooled(StatisticScale.Thermometer, pairs, Options), question.Statistics);
        Assert.Null(question.Statistics.MeanDifferenceCiLow);
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
        // trust, n = 12: 6 up, 2 same, 4 down -> "same" and "down" are under 5; both hidden, "up" shown.
        Assert.False(questions[1].GetProperty("suppressed").GetBoolean());
        Assert.Equal(6, questions[1].GetProperty("moved_up").GetInt32());
        Assert.Equal(JsonValueKind.Null, questions[1].GetProperty("same").ValueKind);
        Assert.Equal(JsonValueKind.Null, questions[1].GetProperty("moved_down").ValueKind);
    }
}
