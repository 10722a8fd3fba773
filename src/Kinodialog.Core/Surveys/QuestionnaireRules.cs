using System.Globalization;
using System.Text.RegularExpressions;

namespace Kinodialog.Core.Surveys;

/// <summary>A problem with a questionnaire: a code the UI translates, the question (and choice/item) and the culture.</summary>
public sealed record QuestionnaireIssue(string Code, string? QuestionId = null, string? Part = null, string? Culture = null);

/// <summary>A problem with an answer set: a code, the answer key and the value sent.</summary>
public sealed record AnswerIssue(string Code, string Key, string? Value = null);

public static partial class QuestionnaireRules
{
    public const int MaxTextLength = 500;
    public const int MaxQuestions = 60;

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    /// <summary>Choice codes may also start with a digit: scale points ("1" … "5") and bands ("18-24").</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChoiceCodePattern();

    public static bool IsValidCode(string? code) => code is not null && CodePattern().IsMatch(code);

    public static bool IsValidChoiceCode(string? code) => code is not null && ChoiceCodePattern().IsMatch(code);

    /// <summary>
    /// What stops a version from being published for the given cultures: a missing label names the
    /// question (and choice or item) and the culture; also duplicate or malformed ids, choice
    /// questions without choices, skip logic pointing forward or to an unknown choice, and
    /// <c>{other:form}</c> names missing for a culture.
    /// </summary>
    public static IReadOnlyList<QuestionnaireIssue> Validate(QuestionnaireDefinition definition, IReadOnlyList<string> cultures)
    {
        var issues = new List<QuestionnaireIssue>();
        foreach (var culture in cultures)
        {
            if (Missing(definition.Titles, culture))
            {
                issues.Add(new("title-missing", Culture: culture));
            }
        }

        if (definition.Questions.Count == 0)
        {
            issues.Add(new("no-questions"));
        }
        else if (definition.Questions.Count > MaxQuestions)
        {
            issues.Add(new("too-many-questions"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var question in definition.Questions)
        {
            var id = question.Id;
            if (!IsValidCode(id))
            {
                issues.Add(new("bad-id", id));
            }
            else if (!seen.Add(id))
            {
                issues.Add(new("duplicate-id", id));
            }

            foreach (var culture in cultures)
            {
                if (Missing(question.Labels, culture))
                {
                    issues.Add(new("label-missing", id, null, culture));
                }

                foreach (var choice in question.Choices.Where(c => Missing(c.Labels, culture)))
                {
                    issues.Add(new("choice-label-missing", id, choice.Code, culture));
                }

                foreach (var item in question.ItemList.Where(i => Missing(i.Labels, culture)))
                {
                    issues.Add(new("item-label-missing", id, item.Code, culture));
                }
            }

            var codes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var choice in question.Choices)
            {
                if (!IsValidChoiceCode(choice.Code))
                {
                    issues.Add(new("bad-choice-code", id, choice.Code));
                }
                else if (!codes.Add(choice.Code))
                {
                    issues.Add(new("duplicate-choice", id, choice.Code));
                }
            }

            var counted = question.Choices.Count(c => !c.Excluded);
            switch (question.Type)
            {
                case QuestionType.SingleChoice or QuestionType.MultipleChoice or QuestionType.Likert when counted < 2:
                    issues.Add(new("too-few-choices", id));
                    break;
                case QuestionType.Likert when question.Choices.Any(c => !c.Excluded && c.Value is null):
                    issues.Add(new("likert-needs-values", id));
                    break;
                case QuestionType.Thermometer or QuestionType.ShortText when counted > 0:
                    issues.Add(new("no-choices-allowed", id));
                    break;
            }

            foreach (var item in question.ItemList.Where(i => !IsValidCode(i.Code)))
            {
                issues.Add(new("bad-item-code", id, item.Code));
            }

            if (question.ShowIf is { } condition)
            {
                var earlier = definition.Questions.TakeWhile(q => !ReferenceEquals(q, question)).FirstOrDefault(q => q.Id == condition.QuestionId);
                if (earlier is null)
                {
                    issues.Add(new("skip-unknown-question", id, condition.QuestionId));
                }
                else if (earlier.Choices.All(c => c.Code != condition.ChoiceCode))
                {
                    issues.Add(new("skip-unknown-choice", id, condition.ChoiceCode));
                }
            }

            foreach (var culture in cultures)
            {
                var texts = question.Labels.TryGetValue(culture, out var l) ? [l] : new List<string>();
                texts.AddRange(question.Choices.Select(c => c.Labels.GetValueOrDefault(culture) ?? ""));
                texts.AddRange(question.ItemList.Select(i => i.Labels.GetValueOrDefault(culture) ?? ""));
                foreach (var form in texts.SelectMany(OtherForms.Used).Distinct())
                {
                    foreach (var community in new[] { "armenian", "azerbaijani", "" })
                    {
                        if (!HasOtherName(definition, community, culture, form))
                        {
                            issues.Add(new("other-name-missing", id, community.Length == 0 ? "neutral" : community, culture));
                        }
                    }
                }
            }
        }

        return issues.Distinct().ToList();
    }

    private static bool Missing(IReadOnlyDictionary<string, string> labels, string culture) =>
        !labels.TryGetValue(culture, out var text) || string.IsNullOrWhiteSpace(text);

    private static bool HasOtherName(QuestionnaireDefinition definition, string community, string culture, string form) =>
        definition.OtherNames.TryGetValue(community, out var byCulture)
        && byCulture.TryGetValue(culture, out var forms)
        && forms.TryGetValue(form, out var name) && !string.IsNullOrWhiteSpace(name);

    /// <summary>Whether a question is shown, given the answers so far (skip logic).</summary>
    public static bool IsShown(SurveyQuestion question, IReadOnlyDictionary<string, string> answers) =>
        question.ShowIf is not { } condition
        || (answers.TryGetValue(condition.QuestionId, out var value) && value.Split(',').Contains(condition.ChoiceCode, StringComparer.Ordinal));

    /// <summary>The questions of a phase, in order.</summary>
    public static IEnumerable<SurveyQuestion> QuestionsFor(QuestionnaireDefinition definition, SurveyPhase phase) =>
        definition.Questions.Where(q => q.AskedIn(phase));

    /// <summary>
    /// Checks an answer set against a version: unknown keys, unknown choices, numbers out of range,
    /// texts too long. Every question is optional. Returns the cleaned answers (skipped questions
    /// removed, values trimmed) and the issues; an answer set with issues must not be stored.
    /// </summary>
    public static (Dictionary<string, string> Answers, IReadOnlyList<AnswerIssue> Issues) CheckAnswers(
        QuestionnaireDefinition definition, SurveyPhase phase, IReadOnlyDictionary<string, string> answers)
    {
        var issues = new List<AnswerIssue>();
        var clean = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new Dictionary<string, SurveyQuestion>(StringComparer.Ordinal);
        foreach (var question in QuestionsFor(definition, phase))
        {
            foreach (var key in question.AnswerKeys)
            {
                keys[key] = question;
            }
        }

        foreach (var (key, raw) in answers)
        {
            if (!keys.TryGetValue(key, out var question))
            {
                issues.Add(new("unknown-question", key, raw));
                continue;
            }

            var value = (raw ?? "").Trim();
            if (value.Length == 0)
            {
                continue;
            }

            switch (question.Type)
            {
                case QuestionType.SingleChoice or QuestionType.Likert:
                    if (question.Choices.All(c => c.Code != value))
                    {
                        issues.Add(new("unknown-choice", key, value));
                        continue;
                    }

                    break;
                case QuestionType.MultipleChoice:
                    var chosen = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
                    if (chosen.Any(c => question.Choices.All(q => q.Code != c)))
                    {
                        issues.Add(new("unknown-choice", key, value));
                        continue;
                    }

                    value = string.Join(',', chosen);
                    break;
                case QuestionType.Thermometer:
                    if (question.Choices.Any(c => c.Code == value))
                    {
                        break;
                    }

                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 0 or > 100)
                    {
                        issues.Add(new("out-of-range", key, value));
                        continue;
                    }

                    value = number.ToString(CultureInfo.InvariantCulture);
                    break;
                case QuestionType.ShortText:
                    if (value.Length > MaxTextLength)
                    {
                        issues.Add(new("text-too-long", key));
                        continue;
                    }

                    break;
            }

            clean[key] = value;
        }

        foreach (var question in definition.Questions.Where(q => !IsShown(q, clean)))
        {
            foreach (var key in question.AnswerKeys)
            {
                clean.Remove(key);
            }
        }

        return (clean, issues);
    }

    /// <summary>
    /// The number used in statistics for an answer, or null when there is none, it is excluded
    /// ("don't know", "prefer not to say") or the question is not compared.
    /// </summary>
    public static double? NumericValue(SurveyQuestion question, string? value)
    {
        if (value is null || !question.IsPaired)
        {
            return null;
        }

        var choice = question.Choices.FirstOrDefault(c => c.Code == value);
        if (choice is not null)
        {
            return choice.Excluded ? null : choice.Value;
        }

        return question.Type == QuestionType.Thermometer
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
    }
}
