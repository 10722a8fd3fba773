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
    int PreAnswers,
    int PostAnswers,
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

    /// <summary>Whether the test and the effect are shown.</summary>
    public bool TestsShown => Statistics is not null && Level >= DisclosureLevel.Tests;
}

public sealed record CommunityResult(string Community, int Pairs, PairedStatistics? Statistics);

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
    IReadOnlyList<QuestionResult> Questions);

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
            if (pairs.Matched >= k)
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
                foreach (var (community, subset) in Communities.Zip(parts))
                {
                    communities.Add(new CommunityResult(community, subset.Count, subset.Count >= k && communityLevel >= DisclosureLevel.Tests
                        ? Suppression.Disclose(Compute(pairs.Scale, subset, pooled), communityLevel, k).Statistics
                        : null));
                }
            }

            questions.Add(new QuestionResult(
                pairs.Key, label, itemLabel, pairs.Scale, pairs.PreAnswers, pairs.PostAnswers,
                pairs.PreExcluded is > 0 and var pe && pe < k ? null : pairs.PreExcluded,
                pairs.PostExcluded is > 0 and var po && po < k ? null : pairs.PostExcluded,
                pairs.Matched, statistics, movesHidden, communities)
            {
                Level = level,
            });
        }

        var clusters = responses.Select(r => r.Cluster).Distinct().Count();
        return new SurveyReport(title, k, counts, clusters, breakdown, questions);
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
