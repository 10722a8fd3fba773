using Kinodialog.Core.Surveys;
using Microsoft.AspNetCore.Http;

namespace Kinodialog.Web.Features.Questionnaires;

/// <summary>What the survey form partial needs: the questions of a phase, labels for a culture and community, values so far.</summary>
public sealed record SurveyForm(
    PublishedQuestionnaire Questionnaire,
    SurveyPhase Phase,
    string Culture,
    string? Community,
    Guid AnswerSetId,
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyList<string> Errors,
    string SubmitLabel,
    bool HiddenFields = true)
{
    public const string Prefix = "a.";

    public IEnumerable<SurveyQuestion> Questions => QuestionnaireRules.QuestionsFor(Questionnaire.Definition, Phase);

    public string Text(IReadOnlyDictionary<string, string> labels) => Questionnaire.Definition.Text(labels, Culture, Community);

    public string? Value(string key) => Values.TryGetValue(key, out var value) ? value : null;

    public bool Chosen(string key, string code) => Value(key)?.Split(',').Contains(code, StringComparer.Ordinal) == true;

    /// <summary>Reads the answers of a posted form (fields "a.key"; several values of one key are joined).</summary>
    public static Dictionary<string, string> Read(IFormCollection form, QuestionnaireDefinition definition)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, values) in form)
        {
            if (!field.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var key = field[Prefix.Length..];
            var present = values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
            if (present.Count == 0)
            {
                continue;
            }

            var question = definition.Find(key.Split('.')[0]);
            if (question?.Type == QuestionType.Thermometer && present.Count > 1)
            {
                // The number box and "prefer not to say": the explicit choice wins.
                present = [present.FirstOrDefault(v => question.Choices.Any(c => c.Code == v)) ?? present[0]];
            }

            answers[key] = string.Join(',', present);
        }

        return answers;
    }
}
