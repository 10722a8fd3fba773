namespace Kinodialog.Core.Surveys;

/// <summary>One stored answer set, as the pairing needs it: who (an opaque key), where, when, what.</summary>
public sealed record ResponseRecord(string Participant, string Cluster, SurveyPhase Phase, long Order, IReadOnlyDictionary<string, string> Answers, string? Community);

/// <summary>Counts of a screening's (or a pool's) answer sets: always reported first.</summary>
public sealed record ResponseCounts(int Pre, int Post, int Matched, int PreOnly, int PostOnly);

/// <summary>
/// The pairs of one compared answer key (a question, or one item of a multi-item question), with
/// the counts the spec asks for; "don't know" / "prefer not to say" are counted apart, not paired.
/// </summary>
public sealed record QuestionPairs(
    string Key,
    SurveyQuestion Question,
    SurveyItem? Item,
    StatisticScale Scale,
    int PreAnswers,
    int PostAnswers,
    int PreExcluded,
    int PostExcluded,
    IReadOnlyList<AnswerPair> Pairs,
    IReadOnlyList<string?> PairCommunities,
    IReadOnlyList<string> PairParticipants)
{
    public int Matched => Pairs.Count;

    /// <summary>Pooled (<see cref="SurveyPairing.PairPooled"/>): the counts as they may be shown, decided from
    /// the screenings' own pages; null for one screening (<see cref="CountDisclosure.Paired"/> decides).</summary>
    public QuestionCountsShown? PooledShown { get; init; }

    public IReadOnlyList<AnswerPair> ForCommunity(string community) =>
        Pairs.Where((_, i) => PairCommunities[i] == community).ToList();
}

public static class SurveyPairing
{
    /// <summary>How a question's answers are compared: two counted choices = binary, more = ordinal, 0–100 = thermometer.</summary>
    public static StatisticScale? ScaleOf(SurveyQuestion question)
    {
        if (!question.IsPaired)
        {
            return null;
        }

        if (question.Type == QuestionType.Thermometer)
        {
            return StatisticScale.Thermometer;
        }

        var counted = question.Choices.Where(c => !c.Excluded && c.Value is not null).ToList();
        return counted.Count switch
        {
            < 2 => null,
            2 when question.Type == QuestionType.SingleChoice => StatisticScale.Binary,
            _ => StatisticScale.Ordinal,
        };
    }

    /// <summary>The latest answer set per participant and phase (by <see cref="ResponseRecord.Order"/>).</summary>
    public static IReadOnlyList<ResponseRecord> Latest(IEnumerable<ResponseRecord> responses) =>
        responses.GroupBy(r => (r.Cluster, r.Participant, r.Phase))
            .Select(g => g.OrderByDescending(r => r.Order).First())
            .ToList();

    public static ResponseCounts Count(IEnumerable<ResponseRecord> responses)
    {
        var latest = Latest(responses);
        var pre = latest.Where(r => r.Phase == SurveyPhase.Pre).Select(r => (r.Cluster, r.Participant)).ToHashSet();
        var post = latest.Where(r => r.Phase == SurveyPhase.Post).Select(r => (r.Cluster, r.Participant)).ToHashSet();
        var matched = pre.Count(post.Contains);
        return new ResponseCounts(pre.Count, post.Count, matched, pre.Count - matched, post.Count - matched);
    }

    /// <summary>Pairs per compared answer key of a questionnaire, in questionnaire order.</summary>
    public static IReadOnlyList<QuestionPairs> Pair(QuestionnaireDefinition definition, IEnumerable<ResponseRecord> responses)
    {
        var latest = Latest(responses);
        var pre = latest.Where(r => r.Phase == SurveyPhase.Pre).ToDictionary(r => (r.Cluster, r.Participant));
        var post = latest.Where(r => r.Phase == SurveyPhase.Post).ToDictionary(r => (r.Cluster, r.Participant));
        var result = new List<QuestionPairs>();
        foreach (var question in definition.Questions)
        {
            if (ScaleOf(question) is not { } scale)
            {
                continue;
            }

            var items = question.ItemList.Count == 0 ? [null] : question.ItemList.Cast<SurveyItem?>().ToList();
            foreach (var item in items)
            {
                var key = item is null ? question.Id : question.Id + "." + item.Code;
                int preAnswers = 0, postAnswers = 0, preExcluded = 0, postExcluded = 0;
                foreach (var r in pre.Values)
                {
                    Tally(r, ref preAnswers, ref preExcluded);
                }

                foreach (var r in post.Values)
                {
                    Tally(r, ref postAnswers, ref postExcluded);
                }

                // Canonical order (cluster, participant) so every result is independent of storage order.
                var pairs = new List<(string Cluster, string Participant, AnswerPair Pair, string? Community)>();
                foreach (var (id, before) in pre)
                {
                    if (post.TryGetValue(id, out var after)
                        && QuestionnaireRules.NumericValue(question, before.Answers.GetValueOrDefault(key)) is { } x
                        && QuestionnaireRules.NumericValue(question, after.Answers.GetValueOrDefault(key)) is { } y)
                    {
                        pairs.Add((id.Cluster, id.Participant, new AnswerPair(scale == StatisticScale.Binary ? Binary(question, x) : x, scale == StatisticScale.Binary ? Binary(question, y) : y, id.Cluster), after.Community ?? before.Community));
                    }
                }

                pairs.Sort((a, b) => string.CompareOrdinal(a.Cluster, b.Cluster) is var c && c != 0 ? c : string.CompareOrdinal(a.Participant, b.Participant));
                result.Add(new QuestionPairs(key, question, item, scale, preAnswers, postAnswers, preExcluded, postExcluded,
                    pairs.Select(p => p.Pair).ToList(), pairs.Select(p => p.Community).ToList(), pairs.Select(p => p.Participant).ToList()));

                void Tally(ResponseRecord r, ref int answers, ref int excluded)
                {
                    if (!r.Answers.TryGetValue(key, out var value))
                    {
                        return;
                    }

                    if (QuestionnaireRules.NumericValue(question, value) is null)
                    {
                        excluded++;
                    }
                    else
                    {
                        answers++;
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Pairs of a pool of screenings (<see cref="ResponseRecord.Cluster"/>) under the disclosure rule: for
    /// each compared key only the screenings whose own page shows at least k pairs for that key as a number
    /// contribute (<see cref="CountDisclosure.MayEnterPool"/>) — their pairs and their answer counts — so that
    /// no difference between two pooled filters, nor between a pool and a screening's page, can describe fewer
    /// than k people of one screening. The answers before and after, and each phase's "don't know" count, are
    /// shown pooled only when every contributing screening's page shows them (<see cref="QuestionPairs.PooledShown"/>):
    /// every pooled count is then a sum of counts already shown.
    /// </summary>
    public static IReadOnlyList<QuestionPairs> PairPooled(QuestionnaireDefinition definition, IEnumerable<ResponseRecord> responses, int k)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(responses);
        var perScreening = responses.GroupBy(r => r.Cluster, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Totals: Count(g), Questions: Pair(definition, g)))
            .ToList();
        var empty = Pair(definition, []);
        var result = new List<QuestionPairs>(empty.Count);
        for (var i = 0; i < empty.Count; i++)
        {
            var screenings = perScreening.Where(s => CountDisclosure.MayEnterPool(s.Totals.Matched, s.Questions[i].Matched, k)).ToList();
            var kept = screenings.Select(s => s.Questions[i]).ToList();
            var own = screenings.Select(s => CountDisclosure.Paired(
                s.Totals, s.Questions[i].Matched, s.Questions[i].PreAnswers, s.Questions[i].PostAnswers, s.Questions[i].PreExcluded, s.Questions[i].PostExcluded, k)).ToList();
            var answers = own.All(c => c.PreAnswers is not null && c.PostAnswers is not null);
            result.Add(empty[i] with
            {
                PooledShown = new QuestionCountsShown(
                    CountShown.Number,
                    answers ? kept.Sum(q => q.PreAnswers) : null,
                    answers ? kept.Sum(q => q.PostAnswers) : null,
                    own.All(c => c.PreExcluded is not null) ? kept.Sum(q => q.PreExcluded) : null,
                    own.All(c => c.PostExcluded is not null) ? kept.Sum(q => q.PostExcluded) : null),
                PreAnswers = kept.Sum(q => q.PreAnswers),
                PostAnswers = kept.Sum(q => q.PostAnswers),
                PreExcluded = kept.Sum(q => q.PreExcluded),
                PostExcluded = kept.Sum(q => q.PostExcluded),
                Pairs = kept.SelectMany(q => q.Pairs).ToList(),
                PairCommunities = kept.SelectMany(q => q.PairCommunities).ToList(),
                PairParticipants = kept.SelectMany(q => q.PairParticipants).ToList(),
            });
        }

        return result;
    }

    /// <summary>Binary items are coded 1 for the choice with the larger value ("approve"), 0 for the other.</summary>
    private static double Binary(SurveyQuestion question, double value)
    {
        var max = question.Choices.Where(c => !c.Excluded && c.Value is not null).Max(c => c.Value!.Value);
        return value >= max ? 1 : 0;
    }
}
