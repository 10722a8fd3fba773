using System.CommandLine;
using System.Globalization;
using Kinodialog.Core.Surveys;

namespace Kinodialog.Web.Cli;

/// <summary>`survey stats`: paired statistics of an anonymous pairs CSV. Needs no database.</summary>
internal static class SurveyCommands
{
    public static Command Build(TextWriter output)
    {
        var input = new Option<FileInfo>("--input")
        {
            Description = "Anonymous pairs CSV: screening,questionnaire,version,pair,question,scale,pre,post (pair, question, pre and post required; any column order).",
            Required = true,
        };
        var asJson = new Option<bool>("--json")
        {
            Description = "Print {\"questions\": [{\"question\", \"scale\", \"n_pairs\", \"test\", \"statistic\", \"p_value\", \"effect\", \"effect_ci_low\", \"effect_ci_high\", \"clusters\", ...}]} as JSON.",
        };
        var stats = new Command("stats", "Paired pre/post statistics per question (McNemar, Wilcoxon signed-rank, paired t with bootstrap), pooled over screenings when the file has several. Questions with fewer than 5 pairs are suppressed.")
        {
            input, asJson,
        };
        stats.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(input)!;
            if (!file.Exists)
            {
                await output.WriteLineAsync($"{file.FullName}: no such file");
                return 2;
            }

            var read = PairsCsv.Read(await File.ReadAllTextAsync(file.FullName, ct));
            if (!read.Succeeded)
            {
                await output.WriteLineAsync(Invariant($"{file.Name}: {read.Errors.Count} error(s); nothing was computed."));
                foreach (var error in read.Errors)
                {
                    await output.WriteLineAsync($"{file.Name}: {error.Message} [{error.Code}]");
                }

                return 1;
            }

            var questions = SurveyStatsReport.Compute(read.Rows);
            if (parse.GetValue(asJson))
            {
                await output.WriteLineAsync(SurveyStatsReport.ToJson(questions));
            }
            else
            {
                await WriteTableAsync(output, file.Name, questions);
            }

            return 0;
        });
        return new Command("survey", "Perception-survey tools.") { stats };
    }

    private static async Task WriteTableAsync(TextWriter output, string fileName, IReadOnlyList<QuestionStatistics> questions)
    {
        await output.WriteLineAsync(Invariant($"{fileName}: {questions.Count} question(s); 95% intervals; up/same/down: pairs that moved (- = hidden, fewer than 5)"));
        var header = new[] { "question", "scale", "pairs", "screenings", "test", "statistic", "p", "effect", "95% interval", "up/same/down" };
        var lines = new List<string[]> { header };
        foreach (var q in questions)
        {
            var s = q.Statistics;
            if (q.Suppressed)
            {
                lines.Add([q.Question, PairsCsv.ScaleName(q.Scale), Count(s.NPairs), Count(q.Clusters), "suppressed: fewer than 5 pairs", "", "", "", "", ""]);
                continue;
            }

            var movement = string.Join('/', new[] { s.MovedUp, s.Same, s.MovedDown }.Select((count, i) => q.HiddenMovement[i] ? "-" : Count(count)));
            lines.Add(
            [
                q.Question, PairsCsv.ScaleName(q.Scale), Count(s.NPairs), Count(q.Clusters), s.Test,
                Format(s.Statistic, "0.###"), Format(s.PValue, "0.####"), Format(s.Effect, "0.###"),
                s.EffectCiLow is null ? "-" : $"[{Format(s.EffectCiLow, "0.###")}, {Format(s.EffectCiHigh, "0.###")}]",
                movement,
            ]);
        }

        var widths = Enumerable.Range(0, header.Length).Select(c => lines.Max(l => l[c].Length)).ToArray();
        foreach (var line in lines)
        {
            await output.WriteLineAsync(string.Join("  ", line.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(double? value, string format) =>
        value is not { } number ? "-"
        : Math.Abs(number) is > 0 and < 0.0001 ? number.ToString("0.0E+0", CultureInfo.InvariantCulture)
        : number.ToString(format, CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
