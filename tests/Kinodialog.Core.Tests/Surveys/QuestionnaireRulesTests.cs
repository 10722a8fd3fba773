using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

public sealed class QuestionnaireRulesTests
{
    private static readonly QuestionnaireDefinition Default = DefaultQuestionnaire.Create();

    [Theory]
    [InlineData("armenian", "en", "Would you approve or disapprove of people of your nationality doing business with Azerbaijanis?")]
    [InlineData("azerbaijani", "en", "Would you approve or disapprove of people of your nationality doing business with Armenians?")]
    [InlineData(null, "en", "Would you approve or disapprove of people of your nationality doing business with people from the other side?")]
    [InlineData("azerbaijani", "ru", "Вы бы одобрили или не одобрили, если бы люди вашей национальности вели бизнес с армянами?")]
    [InlineData("armenian", "az-Latn", "Millətinizdən olan insanların azərbaycanlılarla biznes qurmasını bəyənərdinizmi, yoxsa bəyənməzdiniz?")]
    [InlineData("azerbaijani", "hy", "Կհավանեի՞ք, թե՞ ոչ, որ ձեր ազգության մարդիկ գործ անեն հայերի հետ։")]
    public void Other_is_the_other_community_in_the_readers_language_and_grammatical_form(string? community, string culture, string expected) =>
        Assert.Equal(expected, Default.Text(Default.Find("business")!.Labels, culture, community));

    [Fact]
    public void Every_label_of_the_default_questionnaire_resolves_for_every_community_and_culture()
    {
        foreach (var culture in new[] { "en", "hy", "az-Latn", "ru" })
        {
            foreach (var community in new[] { "armenian", "azerbaijani", "other", null })
            {
                foreach (var question in Default.Questions)
                {
                    Assert.DoesNotContain("{other", Default.Text(question.Labels, culture, community), StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void Publishing_names_the_question_and_language_of_a_missing_label_and_a_missing_other_form()
    {
        var trust = Default.Find("trust")!;
        var labels = trust.Labels.Where(l => l.Key != "hy").ToDictionary();
        var broken = Default with
        {
            Questions = [.. Default.Questions.Select(q => q == trust ? q with { Labels = labels } : q), new SurveyQuestion("extra", QuestionType.SingleChoice, QuestionTiming.Pre,
                new Dictionary<string, string> { ["en"] = "With {other:nowhere}?", ["hy"] = "?", ["az-Latn"] = "?", ["ru"] = "?" },
                [new("a", new Dictionary<string, string> { ["en"] = "A", ["hy"] = "A", ["az-Latn"] = "A", ["ru"] = "A" }, 1), new("b", new Dictionary<string, string> { ["en"] = "B", ["hy"] = "B", ["az-Latn"] = "B", ["ru"] = "B" }, 2)])],
        };
        var issues = QuestionnaireRules.Validate(broken, ["en", "hy", "az-Latn", "ru"]);
        Assert.Contains(new QuestionnaireIssue("label-missing", "trust", null, "hy"), issues);
        Assert.Contains(new QuestionnaireIssue("other-name-missing", "extra", "armenian", "en"), issues);
        Assert.DoesNotContain(issues, i => i.Culture == "ru" && i.QuestionId == "trust");
        Assert.Empty(QuestionnaireRules.Validate(Default, ["en", "hy", "az-Latn", "ru"]));
    }

    [Fact]
    public void Skip_logic_must_point_back_to_a_real_choice_and_hides_answers_of_skipped_questions()
    {
        var choices = new List<SurveyChoice> { new("yes", new Dictionary<string, string> { ["en"] = "Yes" }, 1), new("no", new Dictionary<string, string> { ["en"] = "No" }, 0) };
        var first = new SurveyQuestion("met", QuestionType.SingleChoice, QuestionTiming.Pre, new Dictionary<string, string> { ["en"] = "Met anyone?" }, choices);
        var follow = new SurveyQuestion("where", QuestionType.ShortText, QuestionTiming.Pre, new Dictionary<string, string> { ["en"] = "Where?" }, [], ShowIf: new SkipCondition("met", "yes"));
        var forward = new SurveyQuestion("early", QuestionType.ShortText, QuestionTiming.Pre, new Dictionary<string, string> { ["en"] = "?" }, [], ShowIf: new SkipCondition("met", "yes"));
        var definition = new QuestionnaireDefinition(new Dictionary<string, string> { ["en"] = "T" }, [forward, first, follow], new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>());
        Assert.Contains(new QuestionnaireIssue("skip-unknown-question", "early", "met"), QuestionnaireRules.Validate(definition, ["en"]));

        var (kept, issues) = QuestionnaireRules.CheckAnswers(definition, SurveyPhase.Pre, new Dictionary<string, string> { ["met"] = "no", ["where"] = "Tbilisi" });
        Assert.Empty(issues);
        Assert.False(kept.ContainsKey("where"));
        (kept, _) = QuestionnaireRules.CheckAnswers(definition, SurveyPhase.Pre, new Dictionary<string, string> { ["met"] = "yes", ["where"] = " Tbilisi " });
        Assert.Equal("Tbilisi", kept["where"]);
    }

    [Theory]
    [InlineData("warmth", "101", "out-of-range")]
    [InlineData("warmth", "-1", "out-of-range")]
    [InlineData("warmth", "50.5", "out-of-range")]
    [InlineData("trust", "6", "unknown-choice")]
    [InlineData("safe", "3", "unknown-question")]
    [InlineData("gender", "woman", "unknown-question")]
    public void Bad_answers_are_named_and_nothing_is_kept_from_them(string key, string value, string code)
    {
        var (kept, issues) = QuestionnaireRules.CheckAnswers(Default, SurveyPhase.Pre, new Dictionary<string, string> { [key] = value });
        Assert.Equal(new AnswerIssue(code, key, value), Assert.Single(issues));
        Assert.Empty(kept);
    }

    [Fact]
    public void Dont_know_and_prefer_not_to_say_are_kept_but_have_no_number()
    {
        var business = Default.Find("business")!;
        Assert.Equal(1, QuestionnaireRules.NumericValue(business, "approve"));
        Assert.Null(QuestionnaireRules.NumericValue(business, "dont-know"));
        Assert.Null(QuestionnaireRules.NumericValue(Default.Find("warmth")!, "prefer-not"));
        Assert.Equal(42, QuestionnaireRules.NumericValue(Default.Find("warmth")!, "42"));
        Assert.Null(QuestionnaireRules.NumericValue(Default.Find("safe")!, "3"));
    }

    [Fact]
    public void The_definition_survives_a_json_round_trip()
    {
        var again = QuestionnaireDefinition.FromJson(Default.ToJson());
        Assert.Equal(Default.ToJson(), again.ToJson());
        Assert.Equal(QuestionTiming.Profile, again.Find("community")!.When);
        Assert.Equal(3, again.Find("traits")!.ItemList.Count);
    }
}
