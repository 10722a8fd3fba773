using System.Text.Json;
using System.Text.Json.Serialization;
using Kinodialog.Core.Surveys;
using Kinodialog.Web.Features.Audience;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kinodialog.Web.Features.Surveys;

public static class SurveysApi
{
    public static IServiceCollection AddSurveys(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SurveysOptions>()
            .Bind(configuration.GetSection(SurveysOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<QuestionnaireCache>();
        services.AddSingleton<AudienceCache>();
        services.AddScoped<QuestionnaireCatalog>();
        services.AddScoped<AudienceSessions>();
        services.AddScoped<SubmitAnswers>();
        services.AddScoped<ParticipantCards>();
        services.AddScoped<EnterPaperAnswers>();
        services.AddScoped<SurveyResults>();
        services.AddSingleton<SurveyIngest>();
        services.AddHostedService(sp => sp.GetRequiredService<SurveyIngest>());
        return services;
    }

    public static IEndpointRouteBuilder MapSurveysApi(this IEndpointRouteBuilder endpoints)
    {
        var staff = endpoints.MapGroup("/api/screenings").RequireAuthorization(Accounts.Policies.OrganiseScreenings).WithTags("Surveys");
        // Row-level pairs only for programme staff and administrators (never organisers, who know the room).
        staff.MapGet("/{id:guid}/survey/pairs.csv", PairsAsync).RequireAuthorization(Accounts.Policies.OverseeScreenings);
        staff.MapGet("/impact/pairs.csv", PooledPairsAsync).RequireAuthorization(Accounts.Policies.OverseeScreenings);
        return endpoints;
    }

    /// <summary>The phone's survey endpoints, inside the audience group (which lets only joined phones through).</summary>
    public static RouteGroupBuilder MapSurveysAudienceApi(this RouteGroupBuilder audience)
    {
        ArgumentNullException.ThrowIfNull(audience);
        audience.MapPost("/answers", SubmitAsync).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxAnswerSetBytes));
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
    private static async Task<IResult> SubmitAsync(string code, HttpContext context, SubmitAnswers submit, CancellationToken cancellationToken)
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

        if (body is null || ParsePhase(body.Phase) is not { } phase)
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

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(int status, IReadOnlyList<string> errors) =>
        TypedResults.Problem(statusCode: status, title: errors.Count > 0 ? errors[0] : "Not stored", extensions: new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>Anonymous pairs of one screening: no tokens, no codes, no times; pair numbers shuffled.</summary>
    private static async Task<IResult> PairsAsync(Guid id, HttpContext context, SurveyResults results, Accounts.StaffAuditLog audit, CancellationToken cancellationToken)
    {
        var csv = await results.PairsCsvForScreeningAsync(id, context.User, cancellationToken);
        if (csv is not null)
        {
            await audit.RecordAsync(Accounts.StaffAuditActions.Exported, context.User, detail: $"survey pairs.csv, screening {id}");
        }

        return csv is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Screening not found")
            : Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"survey-pairs-{id}.csv");
    }

    private static async Task<IResult> PooledPairsAsync(string? country, Guid? film, DateOnly? from, DateOnly? to, SurveyResults results, HttpContext context, Accounts.StaffAuditLog audit, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(Accounts.StaffAuditActions.Exported, context.User, detail: "impact survey pairs.csv");
        var csv = await results.PooledPairsCsvAsync(new PoolFilter(country, film, from, to), cancellationToken);
        return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", "survey-pairs.csv");
    }

    private static Ok<StateResponse> StateAsync(HttpContext context)
    {
        var screening = context.JoinedPhone().Screening;
        return TypedResults.Ok(new StateResponse(StageName(screening.Stage), screening.Open));
    }

    public static SurveyPhase? ParsePhase(string? phase) => phase switch
    {
        "profile" => SurveyPhase.Profile,
        "pre" => SurveyPhase.Pre,
        "post" => SurveyPhase.Post,
        _ => null,
    };

    public static string PhaseName(SurveyPhase phase) => phase switch
    {
        SurveyPhase.Profile => "profile",
        SurveyPhase.Pre => "pre",
        _ => "post",
    };

    public static string StageName(Core.Screenings.AudienceStage stage) => stage switch
    {
        Core.Screenings.AudienceStage.PreSurvey => "pre-survey",
        Core.Screenings.AudienceStage.Films => "films",
        Core.Screenings.AudienceStage.PostSurvey => "post-survey",
        Core.Screenings.AudienceStage.Dialogue => "dialogue",
        _ => "waiting",
    };
}
