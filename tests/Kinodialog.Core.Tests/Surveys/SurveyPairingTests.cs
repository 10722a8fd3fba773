using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

public sealed class SurveyPairingTests
{
    private static readonly QuestionnaireDefinition Default = DefaultQuestionnaire.Create();

    private static ResponseRecord R(string who, SurveyPhase phase, long order, string? community = null, string cluster = "s1", params (string Key, string Value)[] answers) =>
        new(who, cluster, phase, order, answers.ToDictionary(a => a.Key, a => a.Value), community);

    [Fact]
    public void Pairs_use_the_latest_answer_set_per_phase_and_leave_out_dont_know_and_the_unmatched()
    {
        var responses = new[]
        {
            R("a", SurveyPhase.Pre, 1, "armenian", answers: [("trust", "1"), ("business", "disapprove")]),
            R("a", SurveyPhase.Pre, 2, "armenian", answers: [("trust", "2"), ("business", "disapprove")]),
            R("a", SurveyPhase.Post, 3, "armenian", answers: [("trust", "4"), ("business", "approve")]),
            R("b", SurveyPhase.Pre, 1, answers: [("trust", "3"), ("business", "dont-know")]),
            R("b", SurveyPhase.Post, 2, answers: [("trust", "3"), ("business", "approve")]),
            R("c", SurveyPhase.Pre, 1, answers: [("trust", "5")]),
            R("d", SurveyPhase.Post, 1, answers: [("trust", "5")]),
        };
        Assert.Equal(new ResponseCounts(3, 3, 2, 1, 1), SurveyPairing.Count(responses));
        var pairs = SurveyPairing.Pair(Default, responses);
        var trust = pairs.Single(p => p.Key == "trust");
        Assert.Equal(StatisticScale.Ordinal, trust.Scale);
        Assert.Equal([new AnswerPair(2, 4, "s1"), new AnswerPair(3, 3, "s1")], trust.Pairs);
        Assert.Equal(["armenian", null], trust.PairCommunities);
        var business = pairs.Single(p => p.Key == "business");
        Assert.Equal(StatisticScale.Binary, business.Scale);
        Assert.Equal([new AnswerPair(0, 1, "s1")], business.Pairs);
        Assert.Equal(1, business.PreExcluded);
        Assert.Equal(["traits.friendly", "traits.trustworthy", "traits.peaceful"], pairs.Where(p => p.Key.StartsWith("traits", StringComparison.Ordinal)).Select(p => p.Key));
        Assert.DoesNotContain(pairs, p => p.Key is "safe" or "again" or "community");
    }

    [Fact]
    public void The_same_person_code_in_two_screenings_is_two_people()
    {
        var responses = new[]
        {
            R("a", SurveyPhase.Pre, 1, cluster: "s1", answers: [("warmth", "10")]),
            R("a", SurveyPhase.Post, 2, cluster: "s2", answers: [("warmth", "90")]),
        };
        Assert.Equal(0, SurveyPairing.Count(responses).Matched);
        Assert.Empty(SurveyPairing.Pair(Default, responses).Single(p => p.Key == "warmth").Pairs);
    }

    [Fact]
    public void Pairs_do_not_depend_on_the_order_responses_are_stored_in()
    {
        var random = new Random(7);
        var responses = Enumerable.Range(0, 40).SelectMany(i => new[]
        {
            R("p" + i, SurveyPhase.Pre, i, cluster: "s" + (i % 3), answers: [("warmth", (i * 2).ToString(System.Globalization.CultureInfo.InvariantCulture))]),
            R("p" + i, SurveyPhase.Post, 100 + i, cluster: "s" + (i % 3), answers: [("warmth", (i * 3 % 101).ToString(System.Globalization.CultureInfo.InvariantCulture))]),
        }).ToList();
        var expected = SurveyPairing.Pair(Default, responses).Single(p => p.Key == "warmth").Pairs;
        var shuffled = responses.OrderBy(_ => random.Next()).ToList();
        Assert.Equal(expected, SurveyPairing.Pair(Default, shuffled).Single(p => p.Key == "warmth").Pairs);
    }
}
