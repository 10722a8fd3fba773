using Kinodialog.Core.Localization;
using Kinodialog.Core.Surveys;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Questionnaires;

/// <summary>Names of question types and timings, and publishing problems as sentences, in the reader's language.</summary>
public static class QuestionnaireText
{
    public static string TypeName(IStringLocalizer<QuestionnairesResource> l, QuestionType type) => type switch
    {
        QuestionType.SingleChoice => l["Single choice"],
        QuestionType.MultipleChoice => l["Multiple choice"],
        QuestionType.Likert => l["Scale (Likert)"],
        QuestionType.Thermometer => l["Thermometer 0–100"],
        _ => l["Short text"],
    };

    public static string TimingName(IStringLocalizer<QuestionnairesResource> l, QuestionTiming when) => when switch
    {
        QuestionTiming.Profile => l["Profile (once, about the person)"],
        QuestionTiming.Pre => l["Before the films"],
        QuestionTiming.Post => l["After the films"],
        _ => l["Before and after the films"],
    };

    /// <summary>The language's own name ("Հայերեն"), or the code for an unknown one.</summary>
    public static string LanguageName(string? culture) => SupportedCultures.Find(culture)?.NativeName ?? culture ?? "";

    /// <summary>One publishing problem as a sentence naming the question, the choice or item and the language.</summary>
    public static string Describe(IStringLocalizer<QuestionnairesResource> l, QuestionnaireIssue issue)
    {
        var q = issue.QuestionId ?? "";
        var part = issue.Part ?? "";
        var language = LanguageName(issue.Culture);
        return issue.Code switch
        {
            "title-missing" => l["The title in {0} is missing.", language],
            "no-questions" => l["The questionnaire has no questions."],
            "too-many-questions" => l["The questionnaire has more than {0} questions.", QuestionnaireRules.MaxQuestions],
            "bad-id" => l["Question “{0}”: the id must start with a lower-case Latin letter and contain only lower-case Latin letters, digits and hyphens (at most 40).", q],
            "duplicate-id" => l["Question “{0}”: another question has the same id.", q],
            "label-missing" => l["Question “{0}”: the label in {1} is missing.", q, language],
            "choice-label-missing" => l["Question “{0}”, choice “{1}”: the label in {2} is missing.", q, part, language],
            "item-label-missing" => l["Question “{0}”, item “{1}”: the label in {2} is missing.", q, part, language],
            "bad-choice-code" => l["Question “{0}”: the choice code “{1}” must contain only lower-case Latin letters, digits and hyphens (at most 40).", q, part],
            "duplicate-choice" => l["Question “{0}”: the choice code “{1}” appears twice.", q, part],
            "too-few-choices" => l["Question “{0}”: a choice or scale question needs at least two choices that are not excluded.", q],
            "likert-needs-values" => l["Question “{0}”: every point of a scale that is not excluded needs a numeric value.", q],
            "no-choices-allowed" => l["Question “{0}”: a thermometer or short text question may only have excluded choices (don't know / prefer not to say).", q],
            "bad-item-code" => l["Question “{0}”: the item code “{1}” must start with a lower-case Latin letter and contain only lower-case Latin letters, digits and hyphens.", q, part],
            "skip-unknown-question" => l["Question “{0}”: it is shown only after an answer to “{1}”, which is not an earlier question.", q, part],
            "skip-unknown-choice" => l["Question “{0}”: it is shown only after the answer “{1}”, which the earlier question does not offer.", q, part],
            "other-name-missing" => l["Question “{0}”: a name used for {{other}} is missing for {1} in {2}.", q, OtherCommunity(l, part), language],
            _ => l["Question “{0}”: {1}", q, issue.Code],
        };
    }

    private static string OtherCommunity(IStringLocalizer<QuestionnairesResource> l, string part) =>
        DraftForms.CommunityName(l, part == "neutral" ? "" : part);
}
