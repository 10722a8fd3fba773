using System.Text.Json;
using System.Text.Json.Serialization;
using Kinodialog.Core.Surveys;
using Kinodialog.Web.Features.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kinodialog.Web.Features.Audience;

/// <summary>The phone's answers to the survey and its view of the screening's stage.</summary>
public static class AnswersEndpoints
{
    /// <summary>The phone's survey endpoints (answers and the stage), inside the audience group (which lets only joined phones through).</summary>
    public static RouteGroupBuilder MapAnswers(this RouteGroupBuilder audience)
    {
        ArgumentNullException.ThrowIfNull(audience);
        audience.MapPost("/answers", SubmitAsync).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxAnswerSetBytes), new AudienceRateLimitAttribute { Sends = PhoneSend.AnswerSet });
        audience.MapGet("/state", StateAsync);
        return audience;
    }

    /// <summary>
    /// Largest answer set a phone may send: every question of a long questionnaire with a text answer
    /// of <see cref="QuestionnaireRules.MaxTextLength"/> characters fits many times over.
    /// </summary>
    public const long MaxAnswerSetBytes = 64 * 1024;

    public sealed record AnswerSetBody(Guid Id, string? Phase, Guid QuestionnaireVersion, Dictionary<string, string>? Answers);

    public sealed record SubmitResponse([property: JsonPropertyName("id")] Guid Id, [property: JsonPropertyName("stored")] bool Stored);

    public sealed record StateResponse(
        [property: JsonPropertyName("stage")] string Stage,
        [property: JsonPropertyName("open")] bool Open);

    /// <summary>The body is read only after the audience group has recognised a joined phone, and never beyond <see cref="MaxAnswerSetBytes"/>.</summary>
    private static async Task<Results<Ok<SubmitResponse>, ProblemHttpResult>> SubmitAsync(string code, HttpContext context, SubmitAnswers submit, CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the answers as application/json");
        }

        AnswerSetBody? body;
        try
        {
            body = await context.Request.ReadFromJsonAsync<AnswerSetBody>(cancellationToken);
        }
        catch (JsonException)
        {
            body = null;
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The answer set is too large");
        }

        if (body is null || SurveyPhases.Parse(body.Phase) is not { } phase)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable answer set", detail: "Expected {id, phase: profile|pre|post, questionnaireVersion, answers}.");
        }

        var phone = context.JoinedPhone();
        var result = await submit.HandleAsync(code, phone.Token, new SubmitAnswers.Command(body.Id, phase, body.QuestionnaireVersion, body.Answers ?? []), cancellationToken);
        return result.Outcome switch
        {
            SubmitAnswers.Outcome.Stored or SubmitAnswers.Outcome.Duplicate => TypedResults.Ok(new SubmitResponse(body.Id, result.Outcome == SubmitAnswers.Outcome.Stored)),
            SubmitAnswers.Outcome.NotJoined => Problem(StatusCodes.Status403Forbidden, result.Errors),
            SubmitAnswers.Outcome.NotOpen => Problem(StatusCodes.Status409Conflict, result.Errors),
            _ => Problem(StatusCodes.Status400BadRequest, result.Errors),
        };
    }

    private static ProblemHttpResult Problem(int status, IReadOnlyList<string> errors) =>
        TypedResults.Problem(statusCode: status, title: errors.Count > 0 ? errors[0] : "Not stored", extensions: new Dictionary<string, object?> { ["errors"] = errors });

    private static Ok<StateResponse> StateAsync(HttpContext context)
    {
        var screening = context.JoinedPhone().Screening;
        return TypedResults.Ok(new StateResponse(StageName(screening.Stage), screening.Open));
    }

    public static string StageName(Core.Screenings.AudienceStage stage) => stage switch
    {
        Core.Screenings.AudienceStage.PreSurvey => "pre-survey",
        Core.Screenings.AudienceStage.Films => "films",
        Core.Screenings.AudienceStage.PostSurvey => "post-survey",
        Core.Screenings.AudienceStage.Dialogue => "dialogue",
        _ => "waiting",
    };
}
