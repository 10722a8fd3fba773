using Kinodialog.Core.Surveys;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Questionnaires;
using Kinodialog.Web.Features.Screenings;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Surveys;

/// <summary>
/// A phone (or the no-JavaScript form) sends one answer set. Checked against the questionnaire
/// version, then stored through <see cref="SurveyIngest"/>; the id makes a resend harmless.
/// </summary>
public sealed class SubmitAnswers(AudienceSessions sessions, QuestionnaireCatalog catalog, SurveyIngest ingest, TimeProvider clock, IStringLocalizer<SurveysResource> l)
{
    public sealed record Command(Guid Id, SurveyPhase Phase, Guid QuestionnaireVersionId, IReadOnlyDictionary<string, string> Answers);

    public enum Outcome
    {
        Stored,
        Duplicate,
        Invalid,
        NotJoined,
        NotOpen,
    }

    public sealed record Result(Outcome Outcome, IReadOnlyList<string> Errors)
    {
        public bool Acknowledged => Outcome is Outcome.Stored or Outcome.Duplicate;
    }

    public async Task<Result> HandleAsync(string code, string? token, Command command, CancellationToken cancellationToken)
    {
        var screening = await sessions.ScreeningAsync(code, cancellationToken);
        if (screening is null || !screening.Open)
        {
            return new(Outcome.NotOpen, [l["This screening is closed or the code is wrong; answers can no longer be sent."]]);
        }

        var participant = await sessions.ParticipantAsync(screening.Id, token, cancellationToken);
        if (participant is null)
        {
            return new(Outcome.NotJoined, [l["This phone has not joined the screening. Join with the code first."]]);
        }

        if (command.Id == Guid.Empty || !Enum.IsDefined(command.Phase))
        {
            return new(Outcome.Invalid, [l["The answers could not be read. Please send them again."]]);
        }

        if (!screening.PhaseOpened(command.Phase))
        {
            return new(Outcome.NotOpen, [l["This survey has not been opened yet."]]);
        }

        var questionnaire = await catalog.ForScreeningAsync(screening.QuestionnaireVersionId, cancellationToken);
        if (questionnaire.VersionId != command.QuestionnaireVersionId)
        {
            return new(Outcome.Invalid, [l["The questionnaire has changed since this page was opened. Please reload the page."]]);
        }

        var (answers, issues) = QuestionnaireRules.CheckAnswers(questionnaire.Definition, command.Phase, command.Answers);
        if (issues.Count > 0)
        {
            return new(Outcome.Invalid, issues.Select(i => Describe(questionnaire.Definition, i)).ToList());
        }

        var response = new SurveyResponse
        {
            Id = command.Id,
            ScreeningId = screening.Id,
            ParticipantId = participant.Value,
            QuestionnaireVersionId = questionnaire.VersionId,
            Phase = command.Phase,
            Source = ResponseSource.Phone,
            ReceivedAt = clock.GetUtcNow().UtcDateTime,
            Answers = SurveyAnswers.ToJson(answers),
        };
        var stored = await ingest.SubmitAsync(response, SurveyAnswers.DeclaredCommunity(answers), cancellationToken);
        return new(stored ? Outcome.Stored : Outcome.Duplicate, []);
    }

    public string Describe(QuestionnaireDefinition definition, AnswerIssue issue)
    {
        var questionId = issue.Key.Split('.')[0];
        var question = definition.Find(questionId);
        var name = question is null ? issue.Key : definition.Text(question.Labels, System.Globalization.CultureInfo.CurrentUICulture.Name, null);
        return issue.Code switch
        {
            "unknown-question" => l["\"{0}\" is not a question of this survey.", issue.Key],
            "unknown-choice" => l["\"{0}\": \"{1}\" is not one of the choices.", name, issue.Value ?? ""],
            "out-of-range" => l["\"{0}\": give a whole number from 0 to 100.", name],
            "text-too-long" => l["\"{0}\": the text is too long (at most {1} characters).", name, QuestionnaireRules.MaxTextLength],
            _ => l["\"{0}\": the answer could not be read.", name],
        };
    }
}

/// <summary>Answer sets as stored: a JSON object of answer key → value.</summary>
public static class SurveyAnswers
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new() { WriteIndented = false };

    public static string ToJson(IReadOnlyDictionary<string, string> answers) => System.Text.Json.JsonSerializer.Serialize(answers, Json);

    /// <summary>
    /// The community a profile answer set declares: armenian, azerbaijani or other; "" when the
    /// person preferred not to say (clears an earlier answer); null when the set does not say.
    /// </summary>
    public static string? DeclaredCommunity(IReadOnlyDictionary<string, string> answers) =>
        !answers.TryGetValue(QuestionnaireDefinition.CommunityQuestion, out var declared) ? null
        : declared is "armenian" or "azerbaijani" or "other" ? declared : "";

    public static Dictionary<string, string> FromJson(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json, Json) ?? [];
}
