using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Kinodialog.Core.Surveys;

/// <summary>The statistics of one question of a pairs file.</summary>
/// <param name="Question">The question id.</param>
/// <param name="Scale">The question's scale.</param>
/// <param name="Clusters">Screenings the pairs come from.</param>
/// <param name="Statistics">Pooled over screenings (cluster bootstrap) when there is more than one; as it
/// may be shown (<see cref="Suppression.Disclose(PairedStatistics, DisclosureLevel, int)"/>): every value
/// above the question's disclosure level is null.</param>
/// <param name="Suppressed">True when fewer than k pairs: nothing but the question and scale may be shown.</param>
/// <param name="HiddenMovement">Which of (moved up, same, moved down) <see cref="Suppression.Hide"/> hides.</param>
public sealed record QuestionStatistics(
    string Question, StatisticScale Scale, int Clusters, PairedStatistics Statistics, bool Suppressed, IReadOnlyList<bool> HiddenMovement);

/// <summary>
/// Statistics for every question of an anonymous pairs file (see <see cref="PairsCsv"/>), in the order the
/// questions first appear, and their JSON form.
/// </summary>
public static class SurveyStatsReport
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // Keep Armenian, Cyrillic and Azerbaijani question ids readable; HTML-sensitive characters stay escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>
    /// Computes each question's statistics: pooled over screenings with the cluster bootstrap
    /// (<see cref="PairedStatisticsCalculator.ComputePooled"/>) when the question's pairs come from more
    /// than one screening, otherwise <see cref="PairedStatisticsCalculator.Compute"/>. Privacy rules: a
    /// question with fewer than k pairs is marked <see cref="QuestionStatistics.Suppressed"/>, every other
    /// goes through <see cref="Suppression.Disclose(StatisticScale, IReadOnlyList{AnswerPair}, PairedStatistics, int)"/>
    /// (values that could reveal a count of 1 to k − 1 become null, movement counts through
    /// <see cref="Suppression.Hide"/>), and when pooling, screenings with fewer than k pairs for the question
    /// are left out.
    /// </summary>
    public static IReadOnlyList<QuestionStatistics> Compute(IReadOnlyList<PairsCsvRow> rows, BootstrapOptions? options = null, int k = Suppression.MinimumK)
    {
        ArgumentNullException.ThrowIfNull(rows);
        k = Suppression.NormaliseK(k);
        var result = new List<QuestionStatistics>();
        foreach (var question in rows.GroupBy(r => r.Question, StringComparer.Ordinal))
        {
            var scale = question.First().Scale;
            var pairs = question.Select(r => new AnswerPair(r.Pre, r.Post, r.Screening)).ToArray();
            if (pairs.Select(p => p.Cluster).Distinct(StringComparer.Ordinal).Skip(1).Any())
            {
                // Pooled: a screening with fewer than k pairs for the question never enters (the same rule as the impact page).
                pairs = [.. pairs.GroupBy(p => p.Cluster, StringComparer.Ordinal).Where(g => Suppression.ScreeningMayBeShown(g.Count(), k)).SelectMany(g => g)];
            }

            var clusters = pairs.Select(p => p.Cluster).Distinct(StringComparer.Ordinal).Count();
            var statistics = clusters > 1
                ? PairedStatisticsCalculator.ComputePooled(scale, pairs, options)
                : PairedStatisticsCalculator.Compute(scale, pairs, options);
            var shown = Suppression.Disclose(scale, pairs, statistics, k);
            bool[] hidden = [shown.MovesHidden[2], shown.MovesHidden[1], shown.MovesHidden[0]];
            result.Add(new QuestionStatistics(question.Key, scale, clusters, shown.Statistics ?? statistics, statistics.NPairs < k, hidden));
        }

        return result;
    }

    /// <summary>Reads nothing: computes <see cref="Compute"/> for the rows and returns <see cref="ToJson(IReadOnlyList{QuestionStatistics})"/>.</summary>
    public static string ToJson(IReadOnlyList<PairsCsvRow> rows, BootstrapOptions? options = null, int k = Suppression.MinimumK) =>
        ToJson(Compute(rows, options, k));

    /// <summary>
    /// <c>{"questions":[{"question", "scale", "n_pairs", "clusters", "suppressed", "test", "statistic",
    /// "p_value", "effect", "effect_ci_low", "effect_ci_high", "moved_up", "same", "moved_down", "mean_pre",
    /// "mean_post", "mean_difference", "mean_difference_ci_low", "mean_difference_ci_high",
    /// "bootstrap_ci_low", "bootstrap_ci_high"}]}</c>. Undefined values are null; so is everything after
    /// "suppressed" for a suppressed question, and each hidden movement count.
    /// </summary>
    public static string ToJson(IReadOnlyList<QuestionStatistics> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var output = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(output, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("questions");
            foreach (var question in questions)
            {
                var s = question.Statistics;
                var show = !question.Suppressed;
                json.WriteStartObject();
                json.WriteString("question", question.Question);
                json.WriteString("scale", PairsCsv.ScaleName(question.Scale));
                json.WriteNumber("n_pairs", s.NPairs);
                json.WriteNumber("clusters", question.Clusters);
                json.WriteBoolean("suppressed", question.Suppressed);
                if (show)
                {
                    json.WriteString("test", s.Test);
                }
                else
                {
                    json.WriteNull("test");
                }

                Number(json, "statistic", show ? s.Statistic : null);
                Number(json, "p_value", show ? s.PValue : null);
                Number(json, "effect", show ? s.Effect : null);
                Number(json, "effect_ci_low", show ? s.EffectCiLow : null);
                Number(json, "effect_ci_high", show ? s.EffectCiHigh : null);
                Number(json, "moved_up", show && !question.HiddenMovement[0] ? s.MovedUp : null);
                Number(json, "same", show && !question.HiddenMovement[1] ? s.Same : null);
                Number(json, "moved_down", show && !question.HiddenMovement[2] ? s.MovedDown : null);
                Number(json, "mean_pre", show ? s.MeanPre : null);
                Number(json, "mean_post", show ? s.MeanPost : null);
                Number(json, "mean_difference", show ? s.MeanDifference : null);
                Number(json, "mean_difference_ci_low", show ? s.MeanDifferenceCiLow : null);
                Number(json, "mean_difference_ci_high", show ? s.MeanDifferenceCiHigh : null);
                Number(json, "bootstrap_ci_low", show ? s.BootstrapCiLow : null);
                Number(json, "bootstrap_ci_high", show ? s.BootstrapCiHigh : null);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
