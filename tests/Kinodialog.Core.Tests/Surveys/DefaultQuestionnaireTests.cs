using Kinodialog.Core.Localization;
using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

public sealed class DefaultQuestionnaireTests
{
    private static readonly IReadOnlyList<string> AllCultures = SupportedCultures.All.Select(c => c.Name).ToList();

    [Fact]
    public void The_built_in_default_questionnaire_can_be_published_in_all_four_languages()
    {
        var issues = QuestionnaireRules.Validate(DefaultQuestionnaire.Create(), AllCultures);

        Assert.True(issues.Count == 0, string.Join("; ", issues));
    }

    [Fact]
    public void The_built_in_default_questionnaire_survives_a_round_trip_through_json()
    {
        var original = DefaultQuestionnaire.Create();

        var json = original.ToJson();
        var copy = QuestionnaireDefinition.FromJson(json);

        Assert.Equal(json, copy.ToJson());
        Assert.Equal(original.Questions.Select(q => q.Id), copy.Questions.Select(q => q.Id));
        Assert.Equal(original.Questions.Select(q => (q.Type, q.When)), copy.Questions.Select(q => (q.Type, q.When)));
        Assert.Equal(original.Titles["hy"], copy.Titles["hy"]);
        Assert.Equal(
            original.Questions.SelectMany(q => q.Choices).Select(c => (c.Code, c.Value, c.Excluded, c.Labels["az-Latn"])),
            copy.Questions.SelectMany(q => q.Choices).Select(c => (c.Code, c.Value, c.Excluded, c.Labels["az-Latn"])));
        Assert.Equal(
            original.Questions.SelectMany(q => q.ItemList).Select(i => (i.Code, i.Labels["ru"])),
            copy.Questions.SelectMany(q => q.ItemList).Select(i => (i.Code, i.Labels["ru"])));
        Assert.Equal(original.OtherNames["armenian"]["ru"]["instr"], copy.OtherNames["armenian"]["ru"]["instr"]);
        Assert.Empty(QuestionnaireRules.Validate(copy, AllCultures));
    }

    [Fact]
    public void A_missing_Armenian_label_is_reported_with_its_question_and_culture()
    {
        var original = DefaultQuestionnaire.Create();
        var trust = original.Find("trust")!;
        var labels = trust.Labels.Where(l => l.Key != "hy").ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        var changed = original with { Questions = original.Questions.Select(q => q == trust ? q with { Labels = labels } : q).ToList() };

        var issues = QuestionnaireRules.Validate(changed, AllCultures);

        Assert.Equal([new QuestionnaireIssue("label-missing", "trust", null, "hy")], issues);
    }
}
