using System.Globalization;
using Kinodialog.Core.Localization;
using Kinodialog.Core.Surveys;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Questionnaires;

/// <summary>A problem with what was typed into one field of the editor, in the reader's language.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Turns the editor's form into a questionnaire definition and back, and applies its buttons.</summary>
public static class DraftForms
{
    /// <summary>The rows of the <c>{other}</c> names table: the participant's own community ("" = did not say).</summary>
    public static IReadOnlyList<string> Communities { get; } = ["armenian", "azerbaijani", ""];

    public static List<string?> Labels(IReadOnlyDictionary<string, string> labels) =>
        SupportedCultures.All.Select(c => labels.TryGetValue(c.Name, out var text) ? text : null).ToList();

    /// <summary>The names of one cell as text lines "form = name" (the plain <c>{other}</c> as "= name").</summary>
    public static string NameLines(IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> names, string community, string culture) =>
        names.TryGetValue(community, out var byCulture) && byCulture.TryGetValue(culture, out var forms)
            ? string.Join("\n", forms.OrderBy(f => f.Key.Length == 0 ? 0 : 1).Select(f => (f.Key.Length == 0 ? "" : f.Key + " ") + "= " + f.Value))
            : "";

    /// <summary>The name a question goes by in messages: its id, or its position while it has none.</summary>
    public static string QuestionName(DraftInput.QuestionInput question, int index) =>
        string.IsNullOrWhiteSpace(question.Id) ? (index + 1).ToString(CultureInfo.CurrentCulture) : question.Id.Trim();

    /// <summary>
    /// Reads the form. Anything that cannot be stored (a value that is not a number, an unknown type,
    /// a malformed line of names) is a field error; anything that merely cannot be published yet
    /// (a missing label, a duplicate id) is kept for <see cref="QuestionnaireRules.Validate"/> to report.
    /// </summary>
    public static (QuestionnaireDefinition Definition, IReadOnlyList<FieldError> Errors) Read(DraftInput input, IStringLocalizer<QuestionnairesResource> l, string prefix)
    {
        input.Normalised();
        var errors = new List<FieldError>();
        var titles = Labels(input.Titles, $"{prefix}.Titles", l["Title"], errors, l);
        var questions = new List<SurveyQuestion>();
        for (var i = 0; i < input.Questions.Count; i++)
        {
            var q = input.Questions[i];
            var field = $"{prefix}.Questions[{i}]";
            var name = QuestionName(q, i);
            if (!Enum.TryParse<QuestionType>(q.Type, ignoreCase: false, out var type) || !Enum.IsDefined(type))
            {
                type = QuestionType.SingleChoice;
                errors.Add(new(field + ".Type", l["Question “{0}”: choose one of the question types.", name]));
            }

            if (!Enum.TryParse<QuestionTiming>(q.When, ignoreCase: false, out var when) || !Enum.IsDefined(when))
            {
                when = QuestionTiming.Both;
                errors.Add(new(field + ".When", l["Question “{0}”: choose when the question is asked.", name]));
            }

            var choices = new List<SurveyChoice>();
            for (var j = 0; j < q.Choices.Count; j++)
            {
                var c = q.Choices[j];
                var code = (c.Code ?? "").Trim();
                var choiceName = code.Length == 0 ? (j + 1).ToString(CultureInfo.CurrentCulture) : code;
                double? value = null;
                var rawValue = (c.Value ?? "").Trim();
                if (rawValue.Length > 0)
                {
                    if (double.TryParse(rawValue.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                    {
                        value = number;
                    }
                    else
                    {
                        errors.Add(new($"{field}.Choices[{j}].Value", l["Question “{0}”, choice “{1}”: the value “{2}” is not a number.", name, choiceName, rawValue]));
                    }
                }

                choices.Add(new SurveyChoice(code, Labels(c.Labels, $"{field}.Choices[{j}].Labels", l["Question “{0}”, choice “{1}”", name, choiceName], errors, l), value, c.Excluded));
            }

            var items = q.Items.Select((item, j) => new SurveyItem(
                (item.Code ?? "").Trim(),
                Labels(item.Labels, $"{field}.Items[{j}].Labels", l["Question “{0}”, item “{1}”", name, (item.Code ?? "").Trim()], errors, l))).ToList();
            SkipCondition? showIf = null;
            if (q.ShowIf is { Length: > 0 } condition)
            {
                var at = condition.IndexOf('=', StringComparison.Ordinal);
                showIf = at > 0 ? new SkipCondition(condition[..at], condition[(at + 1)..]) : null;
            }

            var better = BetterEnd.Higher;
            if (q.Better is { Length: > 0 } end && (!Enum.TryParse(end, ignoreCase: false, out better) || !Enum.IsDefined(better)))
            {
                better = BetterEnd.Higher;
                errors.Add(new(field + ".Better", l["Question “{0}”: choose which end of the scale is better.", name]));
            }

            questions.Add(new SurveyQuestion(
                (q.Id ?? "").Trim(), type, when, Labels(q.Labels, field + ".Labels", l["Question “{0}”", name], errors, l), choices, items.Count == 0 ? null : items, showIf, better));
        }

        var otherNames = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>(StringComparer.Ordinal);
        for (var k = 0; k < Communities.Count; k++)
        {
            var byCulture = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            for (var c = 0; c < SupportedCultures.All.Count; c++)
            {
                var forms = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var line in (input.OtherNames[k].Lines[c] ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    var at = line.IndexOf('=', StringComparison.Ordinal);
                    var form = at < 0 ? "" : line[..at].Trim();
                    var text = at < 0 ? "" : line[(at + 1)..].Trim();
                    if (at < 0 || text.Length == 0 || !(form.Length == 0 || QuestionnaireRules.IsValidChoiceCode(form)) || forms.ContainsKey(form))
                    {
                        errors.Add(new(
                            $"{prefix}.OtherNames[{k}].Lines[{c}]",
                            l["Names of the other community for {0}, in {1}: the line “{2}” is not of the form “form = name” (or a form appears twice).", CommunityName(l, Communities[k]), SupportedCultures.All[c].NativeName, line]));
                        continue;
                    }

                    forms[form] = text;
                }

                if (forms.Count > 0)
                {
                    byCulture[SupportedCultures.All[c].Name] = forms;
                }
            }

            otherNames[Communities[k]] = byCulture;
        }

        return (new QuestionnaireDefinition(titles, questions, otherNames), errors);
    }

    private static Dictionary<string, string> Labels(List<string?> labels, string field, string what, List<FieldError> errors, IStringLocalizer<QuestionnairesResource> l)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var c = 0; c < SupportedCultures.All.Count && c < labels.Count; c++)
        {
            var text = (labels[c] ?? "").Trim();
            if (text.Length > QuestionnaireRules.MaxTextLength)
            {
                errors.Add(new($"{field}[{c}]", l["{0}: the text in {1} is longer than {2} characters.", what, SupportedCultures.All[c].NativeName, QuestionnaireRules.MaxTextLength]));
            }
            else if (text.Length > 0)
            {
                result[SupportedCultures.All[c].Name] = text;
            }
        }

        return result;
    }

    public static string CommunityName(IStringLocalizer<QuestionnairesResource> l, string community) => community switch
    {
        "armenian" => l["Armenian participants"],
        "azerbaijani" => l["Azerbaijani participants"],
        _ => l["participants who did not say (neutral)"],
    };

    /// <summary>
    /// Applies one of the editor's structural buttons ("add-question", "remove-question:2",
    /// "up:2", "down:2", "add-choice:2", "remove-choice:2:0", "add-item:2", "remove-item:2:0").
    /// Returns the index of the question to scroll to, or null for an unknown or impossible change.
    /// </summary>
    public static int? Apply(DraftInput input, string operation)
    {
        input.Normalised();
        var parts = operation.Split(':');
        var numbers = parts.Skip(1).Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList();
        var questions = input.Questions;
        int? Question(int at) => at >= 0 && at < questions.Count ? at : null;
        switch (parts[0])
        {
            case "add-question" when questions.Count < QuestionnaireRules.MaxQuestions:
                var n = questions.Count + 1;
                while (questions.Any(q => q.Id == "question-" + n.ToString(CultureInfo.InvariantCulture)))
                {
                    n++;
                }

                questions.Add(new DraftInput.QuestionInput
                {
                    Id = "question-" + n.ToString(CultureInfo.InvariantCulture),
                    Type = nameof(QuestionType.SingleChoice),
                    When = nameof(QuestionTiming.Both),
                });
                input.Normalised();
                return questions.Count - 1;
            case "remove-question" when numbers.Count == 1 && Question(numbers[0]) is { } at:
                questions.RemoveAt(at);
                return Math.Max(0, at - 1);
            case "up" when numbers.Count == 1 && Question(numbers[0]) is { } at && at > 0:
                (questions[at - 1], questions[at]) = (questions[at], questions[at - 1]);
                return at - 1;
            case "down" when numbers.Count == 1 && Question(numbers[0]) is { } at && at < questions.Count - 1:
                (questions[at + 1], questions[at]) = (questions[at], questions[at + 1]);
                return at + 1;
            case "add-choice" when numbers.Count == 1 && Question(numbers[0]) is { } at:
                var choices = questions[at].Choices;
                var code = choices.Count + 1;
                while (choices.Any(c => c.Code == code.ToString(CultureInfo.InvariantCulture)))
                {
                    code++;
                }

                choices.Add(new DraftInput.ChoiceInput { Code = code.ToString(CultureInfo.InvariantCulture) });
                input.Normalised();
                return at;
            case "remove-choice" when numbers.Count == 2 && Question(numbers[0]) is { } at && numbers[1] >= 0 && numbers[1] < questions[at].Choices.Count:
                questions[at].Choices.RemoveAt(numbers[1]);
                return at;
            case "add-item" when numbers.Count == 1 && Question(numbers[0]) is { } at:
                var items = questions[at].Items;
                var item = items.Count + 1;
                while (items.Any(i => i.Code == "item-" + item.ToString(CultureInfo.InvariantCulture)))
                {
                    item++;
                }

                items.Add(new DraftInput.ItemInput { Code = "item-" + item.ToString(CultureInfo.InvariantCulture) });
                input.Normalised();
                return at;
            case "remove-item" when numbers.Count == 2 && Question(numbers[0]) is { } at && numbers[1] >= 0 && numbers[1] < questions[at].Items.Count:
                questions[at].Items.RemoveAt(numbers[1]);
                return at;
            default:
                return null;
        }
    }
}
