using System.Globalization;
using System.Text.Json;
using Kinodialog.Core.Surveys;
using Kinodialog.Web.Cli;

namespace Kinodialog.Web.Tests.Features.Shared;

/// <summary>`survey stats` run in-process: it needs no database and no host.</summary>
public sealed class SurveyCommandTests
{
    private static List<PairsCsvRow> Rows()
    {
        var rows = new List<PairsCsvRow>();
        for (var i = 0; i < 24; i++)
        {
            var screening = i < 12 ? "s1" : "s2";
            var pair = (i + 1).ToString(CultureInfo.InvariantCulture);
            // 6 moved down, 18 up, none stayed: every movement count is safe, so every statistic may be shown.
            var pre = 10 + (i * 37 % 71);
            var change = (i * 7 % 23) - 5;
            rows.Add(new PairsCsvRow(screening, "default", "1", pair, "warmth", StatisticScale.Thermometer, pre, pre + (change == 0 ? 3 : change)));
            rows.Add(new PairsCsvRow(screening, "default", "1", pair, "business", StatisticScale.Binary, i % 3 == 0 ? 1 : 0, i % 2 == 0 ? 1 : 0));
        }

        return rows;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await KinodialogCommandLine.InvokeAsync(args, writer);
        return (exit, writer.ToString());
    }

    [Fact]
    public async Task Survey_stats_prints_the_core_statistics_as_json()
    {
        var file = Path.Combine(Path.GetTempPath(), $"kinodialog-pairs-{Guid.NewGuid():N}.csv");
        var rows = Rows();
        await File.WriteAllTextAsync(file, PairsCsv.Write(rows));
        try
        {
            var (exit, output) = await RunAsync("survey", "stats", "--input", file, "--json");
            Assert.True(exit == 0, output);
            using var json = JsonDocument.Parse(output);
            var questions = json.RootElement.GetProperty("questions").EnumerateArray().ToList();
            Assert.Equal(["warmth", "business"], questions.Select(q => q.GetProperty("question").GetString()));

            var expected = PairedStatisticsCalculator.ComputePooled(
                StatisticScale.Thermometer,
                [.. rows.Where(r => r.Question == "warmth").Select(r => new AnswerPair(r.Pre, r.Post, r.Screening))]);
            var warmth = questions[0];
            Assert.Equal("thermometer", warmth.GetProperty("scale").GetString());
            Assert.Equal(24, warmth.GetProperty("n_pairs").GetInt32());
            Assert.Equal(2, warmth.GetProperty("clusters").GetInt32());
            Assert.Equal(expected.Test, warmth.GetProperty("test").GetString());
            Assert.Equal(expected.Statistic, warmth.GetProperty("statistic").GetDouble());
            Assert.Equal(expected.PValue, warmth.GetProperty("p_value").GetDouble());
            Assert.Equal(expected.Effect, warmth.GetProperty("effect").GetDouble());
            Assert.Equal(expected.EffectCiLow, warmth.GetProperty("effect_ci_low").GetDouble());
            Assert.Equal(expected.EffectCiHigh, warmth.GetProperty("effect_ci_high").GetDouble());
            Assert.Equal(expected.BootstrapCiLow, warmth.GetProperty("bootstrap_ci_low").GetDouble());

            var business = questions[1];
            Assert.Equal("mcnemar_exact", business.GetProperty("test").GetString());
            // 4 of 24 moved from yes to no: McNemar's p and the change in share would give that count away.
            Assert.Equal(JsonValueKind.Null, business.GetProperty("p_value").ValueKind);
            Assert.Equal(JsonValueKind.Null, business.GetProperty("effect").ValueKind);
            Assert.Equal(JsonValueKind.Null, business.GetProperty("moved_down").ValueKind);

            var (tableExit, table) = await RunAsync("survey", "stats", "--input", file);
            Assert.Equal(0, tableExit);
            Assert.Contains("warmth", table, StringComparison.Ordinal);
            Assert.Contains(expected.Statistic!.Value.ToString("0.###", CultureInfo.InvariantCulture), table, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Survey_stats_rejects_a_bad_file_with_line_numbered_errors()
    {
        var file = Path.Combine(Path.GetTempPath(), $"kinodialog-pairs-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "pair,question,pre,post\n1,warmth,40,50\n2,warmth,abc,50\n3,warmth,40,150\n");
        try
        {
            var (exit, output) = await RunAsync("survey", "stats", "--input", file, "--json");
            Assert.Equal(1, exit);
            Assert.Contains("line 3: column \"pre\": \"abc\" is not a number", output, StringComparison.Ordinal);
            Assert.Contains("line 4: column \"post\"", output, StringComparison.Ordinal);
            Assert.DoesNotContain("\"questions\"", output, StringComparison.Ordinal);

            var (missingExit, _) = await RunAsync("survey", "stats", "--input", file + ".missing");
            Assert.Equal(2, missingExit);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Survey_is_a_command_not_a_server_start() =>
        Assert.True(KinodialogCommandLine.IsCommand(["survey", "stats", "--input", "x.csv"]));
}
