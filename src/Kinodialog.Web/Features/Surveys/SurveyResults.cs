using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Kinodialog.Core.Surveys;
using Kinodialog.Data;
using Kinodialog.Web.Features.Questionnaires;
using Kinodialog.Web.Features.Screenings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Surveys;

/// <summary>The statistics of one compared answer key, after the privacy rules.</summary>
public sealed record QuestionResult(
    string Key,
    string Label,
    string? ItemLabel,
    StatisticScale Scale,
    int? PreAnswers,
    int? PostAnswers,
    int? PreExcluded,
    int? PostExcluded,
    int Pairs,
    PairedStatistics? Statistics,
    bool[] MovesHidden,
    IReadOnlyList<CommunityResult> Communities)
{
    /// <summary>True when there are fewer pairs than the smallest cell allowed: nothing but the count is shown.</summary>
    public bool Suppressed => Statistics is null;

    /// <summary>How much of <see cref="Statistics"/> is shown (values above the level are null).</summary>
    public DisclosureLevel Level { get; init; }

    /// <summary>How <see cref="Pairs"/> is shown (<see cref="CountDisclosure.PairsShown"/>); anything counted over the
    /// pairs only with <see cref="CountShown.Number"/>.</summary>
    public CountShown PairsShown { get; init; }

    /// <summary>Whether <see cref="CountDisclosure"/> hides a count of this question (say why on the page).</summary>
    public bool CountsHidden { get; init; }

    /// <summary>Whether the test and the effect are shown.</summary>
    public bool TestsShown => Statistics is not null && Level >= DisclosureLevel.Tests;

    /// <summary>Which end of the scale is better (the questionnaire says).</summary>
    public BetterEnd Better { get; init; }

    /// <summary>The answers' labels, in scale order (the categories of <see cref="Distributions"/>).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The answers' codes, in the order of <see cref="Categories"/>.</summary>
    public IReadOnlyList<string> Codes { get; init; } = [];

    /// <summary>The answers of the pairs before (row 0) and after (row 1), merged to k
    /// (<see cref="DistributionMerge"/>); null when they may not be shown (<see cref="DistributionMerge.PairedShown"/>).</summary>
    public IReadOnlyList<DistributionGroup>? Distributions { get; init; }

    /// <summary>The distributions stand in for hidden movement counts: no movement count is shown, not even a 0
    /// (a thermometer shows no movement count at any level: its binned distributions stand beside the means).</summary>
    public bool MovesReplaced => Distributions is not null && Level < DisclosureLevel.Table && Scale != StatisticScale.Thermometer;

    /// <summary>The one-line summary to read aloud.</summary>
    public ReadAloudFact Summary { get; init; } = new(ReadAloudKind.NoAnswers, 0);
}

/// <summary>A question asked after the films only: the distribution of its answers, merged to k.</summary>
public sealed record AfterOnlyResult(
    string Key,
    string Label,
    string? ItemLabel,
    int Answers,
    int? Excluded,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Codes,
    IReadOnlyList<DistributionGroup> Distribution,
    ReadAloudFact Summary)
{
    /// <summary>How <see cref="Answers"/> is shown (<see cref="CountDisclosure.AfterOnly"/>); the distribution only with
    /// <see cref="CountShown.Number"/>.</summary>
    public CountShown AnswersShown { get; init; }

    /// <summary>Whether the distribution is shown.</summary>
    public bool DistributionShown => AnswersShown == CountShown.Number && Distribution.Count > 0;
}

/// <param name="PairsHidden">The community's pairs are hidden: with the other community's and those in neither
/// (the question's pairs minus both) a count of 1 to k − 1 (<see cref="Suppression.Hide"/>).</param>
public sealed record CommunityResult(string Community, int Pairs, PairedStatistics? Statistics, bool PairsHidden = false);

/// <summary>
/// A survey report: counts of answer sets first (they say how many took part, nothing about what
/// anyone answered, so they are shown as they are), then every compared question, where the
/// small-cell rule applies to every number that describes answers.
/// </summary>
public sealed record SurveyReport(
    string Title,
    int K,
    ResponseCounts Counts,
    int Clusters,
    bool CommunityBreakdown,
    IReadOnlyList<QuestionResult> Questions)
{
    /// <summary>The questions asked after the films only.</summary>
    public IReadOnlyList<AfterOnlyResult> AfterOnly { get; init; } = [];
}

/// <summary>Filters of the pooled report across screenings.</summary>
public sealed record PoolFilter(string? Country, Guid? FilmId, DateOnly? From, DateOnly? To);

/// <summary>
/// Survey results for one screening (organiser and programme staff) or pooled across screenings
/// (programme staff, cluster bootstrap by screening), with small-cell suppression everywhere,
/// and the anonymous pairs export.
/// </summary>
public sealed class SurveyResults(KinodialogDbContext db, ScreeningAccess access, QuestionnaireCatalog catalog, IOptions<SurveysOptions> options)
{
    public static readonly IReadOnlyList<string> Communities = ["armenian", "azerbaijani"];

    public int K => Suppression.NormaliseK(options.Value.MinCellSize);

    private BootstrapOptions Bootstrap => new(options.Value.BootstrapDraws);

    public async Task<SurveyReport?> ForScreeningAsync(Guid id, ClaimsPrincipal user, string culture, CancellationToken cancellationToken)
    {
        var screening = await access.For(user).AsNoTracking().Where(s => s.Id == id).Select(s => new { s.Title, s.QuestionnaireVersionId }).FirstOrDefaultAsync(cancellationToken);
        if (screening is null)
        {
            return null;
        }

        var questionnaire = await catalog.ForScreeningAsync(screening.QuestionnaireVersionId, cancellationToken);
        var responses = await LoadAsync(db.SurveyResponses.Where(r => r.ScreeningId == id), cancellationToken);
        return Build(screening.Title, questionnaire.Definition, responses, culture, pooled: false);
    }

    public async Task<SurveyReport> PooledAsync(PoolFilter filter, string title, string culture, CancellationToken cancellationToken)
    {
        var responses = WithoutSmallScreenings(await LoadAsync(db.SurveyResponses.Where(r => Screenings(filter).Contains(r.ScreeningId)), cancellationToken));
        var questionnaire = await catalog.DefaultAsync(cancellationToken);
        return Build(title, questionnaire.Definition, responses, culture, pooled: true);
    }

    /// <summary>The CSV of anonymous pairs of one screening; null when it is not the user's.</summary>
    public async Task<string?> PairsCsvForScreeningAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var screening = await access.For(user).AsNoTracking().Where(s => s.Id == id).Select(s => new { s.Id, s.QuestionnaireVersionId }).FirstOrDefaultAsync(cancellationToken);
        if (screening is null)
        {
            return null;
        }

        var questionnaire = await catalog.ForScreeningAsync(screening.QuestionnaireVersionId, cancellationToken);
        return PairsCsv.Write(Rows(questionnaire, await LoadAsync(db.SurveyResponses.Where(r => r.ScreeningId == id), cancellationToken)));
    }

    public async Task<string> PooledPairsCsvAsync(PoolFilter filter, CancellationToken cancellationToken)
    {
        var questionnaire = await catalog.DefaultAsync(cancellationToken);
        return PairsCsv.Write(Rows(questionnaire, await LoadAsync(db.SurveyResponses.Where(r => Screenings(filter).Contains(r.ScreeningId)), cancellationToken)));
    }

    /// <summary>
    /// A screening with fewer than k matched pairs never enters a pooled result, not even its counts: the
    /// difference of two filters (one with it, one without) would describe its handful of people.
    /// </summary>
    private List<ResponseRecord> WithoutSmallScreenings(List<ResponseRecord> responses) =>
        responses.GroupBy(r => r.Cluster, StringComparer.Ordinal)
            .Where(g => Suppression.ScreeningMayBeShown(SurveyPairing.Count(g).Matched, K))
            .SelectMany(g => g)
            .ToList();

    private IQueryable<Guid> Screenings(PoolFilter filter)
    {
        var query = db.Screenings.AsQueryable();
        if (!string.IsNullOrWhiteSpace(filter.Country))
        {
            query = query.Where(s => s.Country == filter.Country);
        }

        if (filter.FilmId is { } film)
        {
            query = query.Where(s => s.Films.Any(f => f.FilmId == film));
        }

        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(s => s.StartsAtUtc >= start);
        }

        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(s => s.StartsAtUtc < end);
        }

        return query.Select(s => s.Id);
    }

    private async Task<List<ResponseRecord>> LoadAsync(IQueryable<Data.Entities.SurveyResponse> responses, CancellationToken cancellationToken)
    {
        var rows = await responses.Where(r => r.Phase != SurveyPhase.Profile)
            .Join(db.Participants, r => r.ParticipantId, p => p.Id, (r, p) => new { r.ScreeningId, r.ParticipantId, r.Phase, r.ReceivedAt, r.Id, r.Answers, p.Community })
            .AsNoTracking().ToListAsync(cancellationToken);
        return rows.Select(r => new ResponseRecord(
                r.ParticipantId.ToString(), r.ScreeningId.ToString(), r.Phase, r.ReceivedAt.Ticks, SurveyAnswers.FromJson(r.Answers), r.Community))
            .ToList();
    }

    private SurveyReport Build(string title, QuestionnaireDefinition definition, IReadOnlyList<ResponseRecord> responses, string culture, bool pooled)
    {
        var k = K;
        var counts = SurveyPairing.Count(responses);
        var respondents = Communities
            .Select(c => responses.Where(r => r.Community == c).Select(r => (r.Cluster, r.Participant)).Distinct().Count())
            .ToList();
        var breakdown = Suppression.CommunityBreakdownAllowed(respondents, k);
        var questions = new List<QuestionResult>();
        foreach (var pairs in pooled ? SurveyPairing.PairPooled(definition, responses, k) : SurveyPairing.Pair(definition, responses))
        {
            var label = definition.Text(pairs.Question.Labels, culture, null);
            var itemLabel = pairs.Item is null ? null : definition.Text(pairs.Item.Labels, culture, null);
            // The one disclosure rule (Suppression.Level): values that could reveal a count of 1 to k − 1 are null.
            PairedStatistics? statistics = null;
            var movesHidden = new[] { true, true, true };
            var level = DisclosureLevel.Count;
            // Per-question counts against the page's totals (CountDisclosure): with the pairs withheld, nothing counted over them.
            var shownCounts = pairs.PooledShown ?? CountDisclosure.Paired(
                counts, pairs.Matched, pairs.PreAnswers, pairs.PostAnswers, pairs.PreExcluded, pairs.PostExcluded, k);
            if (pairs.Matched >= k && shownCounts.Pairs == CountShown.Number)
            {
                level = Suppression.Level(pairs.Scale, pairs.Pairs, k);
                var disclosed = Suppression.Disclose(Compute(pairs.Scale, pairs.Pairs, pooled), level, k);
                statistics = disclosed.Statistics;
                movesHidden = [.. disclosed.MovesHidden];
            }

            var communities = new List<CommunityResult>();
            if (breakdown && statistics is not null)
            {
                var parts = Communities.Select(c => pairs.ForCommunity(c)).ToList();
                var rest = pairs.Pairs.Where((_, i) => !Communities.Contains(pairs.PairCommunities[i] ?? "", StringComparer.Ordinal)).ToList();
                var communityLevel = Suppression.CommunityLevel(pairs.Scale, [.. parts, rest], k);
                // The pairs per community, with the question's pairs, also give the pairs in neither community.
                var pairsHidden = Suppression.Hide([.. parts.Select(p => p.Count), rest.Count], k);
                foreach (var ((community, subset), i) in Communities.Zip(parts).Select((c, i) => (c, i)))
                {
                    communities.Add(new CommunityResult(community, subset.Count, subset.Count >= k && communityLevel >= DisclosureLevel.Tests
                        ? Suppression.Disclose(Compute(pairs.Scale, subset, pooled), communityLevel, k).Statistics
                        : null, pairsHidden[i]));
                }
            }

            var (categories, codes, values) = Categories(pairs.Question, pairs.Scale, definition, culture);
            IReadOnlyList<DistributionGroup>? distributions = null;
            if (DistributionMerge.PairedShown(pairs.Scale, pairs.Matched, level, movesHidden, k))
            {
                // Thermometer: five bins of about 20 points (ThermometerBins), merged like any scale's answers.
                distributions = pairs.Scale == StatisticScale.Thermometer
                    ? DistributionMerge.Merge([ThermometerBins.Tally(pairs.Pairs.Select(p => p.Pre)), ThermometerBins.Tally(pairs.Pairs.Select(p => p.Post))], k)
                    : DistributionMerge.Merge([Tally(values, pairs.Pairs.Select(p => p.Pre)), Tally(values, pairs.Pairs.Select(p => p.Post))], k);
            }

            var shown = statistics is null ? null : new DisclosedStatistics(statistics, level, movesHidden);
            questions.Add(new QuestionResult(
                pairs.Key, label, itemLabel, pairs.Scale, shownCounts.PreAnswers, shownCounts.PostAnswers,
                shownCounts.PreExcluded, shownCounts.PostExcluded,
                pairs.Matched, statistics, movesHidden, communities)
            {
                Level = level,
                PairsShown = shownCounts.Pairs,
                CountsHidden = shownCounts.AnyHidden,
                Better = pairs.Question.Better,
                Categories = categories,
                Codes = codes,
                Distributions = distributions,
                Summary = shownCounts.Pairs switch
                {
                    CountShown.Hidden => new ReadAloudFact(ReadAloudKind.Withheld, 0),
                    _ => ReadAloud.Paired(pairs.Scale, pairs.Question.Better, pairs.Matched, k, shown, distributions),
                },
            });
        }

        var clusters = responses.Select(r => r.Cluster).Distinct().Count();
        return new SurveyReport(title, k, counts, clusters, breakdown, questions)
        {
            AfterOnly = AfterOnlyResults(definition, responses, culture, pooled),
        };
    }

    /// <summary>The counted answers of a compared question in scale order: their labels and the values pairs carry
    /// (binary: 0 and 1).</summary>
    private static (IReadOnlyList<string> Labels, IReadOnlyList<string> Codes, IReadOnlyList<double> Values) Categories(
        SurveyQuestion question, StatisticScale scale, QuestionnaireDefinition definition, string culture)
    {
        if (scale == StatisticScale.Thermometer)
        {
            return (ThermometerBins.Labels, ThermometerBins.Codes, []);
        }

        var counted = question.Choices.Where(c => !c.Excluded && c.Value is not null).OrderBy(c => c.Value).ToList();
        var labels = counted.Select(c => definition.Text(c.Labels, culture, null)).ToList();
        var codes = counted.Select(c => c.Code).ToList();
        return scale == StatisticScale.Binary
            ? ([labels[0], labels[^1]], [codes[0], codes[^1]], [0, 1])
            : (labels, codes, counted.Select(c => c.Value!.Value).ToList());
    }

    /// <summary>
    /// The results CSV of one screening: exactly the distributions the page shows
    /// (<c>question,phase,from,to,count</c>; answers by code, a merged group from its first to its last answer, an
    /// empty count where the page says "fewer than k"), for the before-and-after questions whose distributions
    /// are shown and every question asked after the films only. Null when the screening is not the user's.
    /// </summary>
    public async Task<string?> ResultsCsvForScreeningAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await ForScreeningAsync(id, user, "en", cancellationToken) is not { } report)
        {
            return null;
        }

        var csv = new StringBuilder();
        Kinodialog.Core.Csv.CsvWriter.AppendRow(csv, ["question", "phase", "from", "to", "count"]);
        foreach (var q in report.Questions.Where(q => q.Distributions is not null))
        {
            foreach (var group in q.Distributions!)
            {
                Kinodialog.Core.Csv.CsvWriter.AppendRow(csv, [q.Key, "pre", q.Codes[group.First], q.Codes[group.Last], Count(group.Counts[0])]);
                Kinodialog.Core.Csv.CsvWriter.AppendRow(csv, [q.Key, "post", q.Codes[group.First], q.Codes[group.Last], Count(group.Counts[1])]);
            }
        }

        foreach (var q in report.AfterOnly.Where(q => q.DistributionShown))
        {
            foreach (var group in q.Distribution)
            {
                Kinodialog.Core.Csv.CsvWriter.AppendRow(csv, [q.Key, "post", q.Codes[group.First], q.Codes[group.Last], Count(group.Counts[0])]);
            }
        }

        return csv.ToString();

        static string Count(int? count) => count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    private static int[] Tally(IReadOnlyList<double> values, IEnumerable<double> answers)
    {
        var counts = new int[values.Count];
        foreach (var answer in answers)
        {
            var index = values.Select((v, i) => (v, i)).Where(x => Math.Abs(x.v - answer) < 1e-9).Select(x => x.i + 1).FirstOrDefault() - 1;
            if (index >= 0)
            {
                counts[index]++;
            }
        }

        return counts;
    }

    /// <summary>
    /// The questions asked after the films only (single choice and scales): the latest post answers per
    /// participant, counted per answer and merged to k. The count of answers against the page's totals goes through
    /// <see cref="CountDisclosure.AfterOnly"/> (withheld: no distribution). Pooled, a screening enters a question
    /// only when its own page shows at least k answers to it, and "don't know" only when every such page shows it.
    /// </summary>
    private List<AfterOnlyResult> AfterOnlyResults(QuestionnaireDefinition definition, IReadOnlyList<ResponseRecord> responses, string culture, bool pooled)
    {
        var k = K;
        var post = SurveyPairing.Latest(responses).Where(r => r.Phase == SurveyPhase.Post).ToList();
        var totals = responses.GroupBy(r => r.Cluster, StringComparer.Ordinal).ToDictionary(g => g.Key, g => SurveyPairing.Count(g), StringComparer.Ordinal);
        var whole = SurveyPairing.Count(responses);
        var results = new List<AfterOnlyResult>();
        foreach (var question in definition.Questions.Where(q => q.When == QuestionTiming.Post && q.Type is QuestionType.SingleChoice or QuestionType.Likert))
        {
            var counted = question.Choices.Where(c => !c.Excluded).ToList();
            var ordered = counted.Count > 0 && counted.All(c => c.Value is not null);
            if (ordered)
            {
                counted = [.. counted.OrderBy(c => c.Value)];
            }

            var items = question.ItemList.Count == 0 ? [null] : question.ItemList.Cast<SurveyItem?>().ToList();
            foreach (var item in items)
            {
                var key = item is null ? question.Id : question.Id + "." + item.Code;
                int[] Tally(IEnumerable<ResponseRecord> set) =>
                    [.. counted.Select(c => set.Count(r => r.Answers.TryGetValue(key, out var a) && string.Equals(a, c.Code, StringComparison.Ordinal)))];
                int Excluded(IEnumerable<ResponseRecord> set, int[] tally) => set.Count(r => r.Answers.ContainsKey(key)) - tally.Sum();
                int[] counts;
                (CountShown Answers, int? Excluded) shown;
                if (pooled)
                {
                    var own = post.GroupBy(r => r.Cluster, StringComparer.Ordinal)
                        .Select(g => (Tally: Tally(g), Cluster: g.Key, Records: g.ToList()))
                        .Select(g => (g.Tally, Shown: CountDisclosure.AfterOnly(totals[g.Cluster], g.Tally.Sum(), Excluded(g.Records, g.Tally), k), Excluded: Excluded(g.Records, g.Tally)))
                        .Where(g => g.Shown.Answers == CountShown.Number && g.Tally.Sum() >= k)
                        .ToList();
                    counts = [.. counted.Select((_, i) => own.Sum(g => g.Tally[i]))];
                    shown = (CountShown.Number, own.All(g => g.Shown.Excluded is not null) ? own.Sum(g => g.Excluded) : null);
                }
                else
                {
                    counts = Tally(post);
                    shown = CountDisclosure.AfterOnly(whole, counts.Sum(), Excluded(post, counts), k);
                }

                var distribution = shown.Answers == CountShown.Number ? DistributionMerge.Merge(counts, k) : [];
                results.Add(new AfterOnlyResult(
                    key,
                    definition.Text(question.Labels, culture, null),
                    item is null ? null : definition.Text(item.Labels, culture, null),
                    counts.Sum(),
                    shown.Excluded,
                    [.. counted.Select(c => definition.Text(c.Labels, culture, null))],
                    [.. counted.Select(c => c.Code)],
                    distribution,
                    shown.Answers switch
                    {
                        CountShown.Hidden => new ReadAloudFact(ReadAloudKind.Withheld, 0),
                        _ => ReadAloud.AfterOnly(counts.Sum(), k, distribution, ordered, question.Better),
                    })
                {
                    AnswersShown = shown.Answers,
                });
            }
        }

        return results;
    }

    private PairedStatistics Compute(StatisticScale scale, IReadOnlyList<AnswerPair> pairs, bool pooled) =>
        pooled && pairs.Select(p => p.Cluster).Distinct().Skip(1).Any()
            ? PairedStatisticsCalculator.ComputePooled(scale, pairs, Bootstrap)
            : PairedStatisticsCalculator.Compute(scale, pairs, Bootstrap);

    /// <summary>
    /// Export rows: pair numbers are shuffled by a hash (not join order), no tokens or times; a screening
    /// with fewer than k matched pairs is left out entirely, and so is a question of a screening with
    /// fewer than k pairs.
    /// </summary>
    private IEnumerable<PairsCsvRow> Rows(PublishedQuestionnaire questionnaire, IReadOnlyList<ResponseRecord> responses)
    {
        var k = K;
        foreach (var screening in responses.GroupBy(r => r.Cluster).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!Suppression.ScreeningMayBeShown(SurveyPairing.Count(screening).Matched, k))
            {
                continue;
            }

            var numbers = screening.Select(r => r.Participant).Distinct()
                .OrderBy(p => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(screening.Key + "/" + p))), StringComparer.Ordinal)
                .Select((p, i) => (p, i + 1)).ToDictionary(x => x.p, x => x.Item2, StringComparer.Ordinal);
            var version = questionnaire.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var pairs in SurveyPairing.Pair(questionnaire.Definition, screening))
            {
                if (!Suppression.ScreeningMayBeShown(pairs.Matched, k))
                {
                    continue;
                }

                foreach (var (pair, participant) in pairs.Pairs.Zip(pairs.PairParticipants).OrderBy(p => numbers[p.Second]))
                {
                    yield return new PairsCsvRow(screening.Key, questionnaire.Key, version,
                        numbers[participant].ToString(System.Globalization.CultureInfo.InvariantCulture), pairs.Key, pairs.Scale, pair.Pre, pair.Post);
                }
            }
        }
    }
}

/// <summary>What <c>_Distribution</c> draws: the answers' labels, the merged groups and the name of each row.</summary>
public sealed record DistributionView(IReadOnlyList<string> Categories, IReadOnlyList<DistributionGroup> Groups, IReadOnlyList<string> Rows, int K);
