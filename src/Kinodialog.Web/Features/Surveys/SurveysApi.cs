using System.Text.Json.Serialization;
using Kinodialog.Core.Surveys;
using Kinodialog.Web.Features.Screenings;

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
        var audience = endpoints.MapGroup("/api/audience/{code}").WithTags("Audience").DisableAntiforgery();
        audience.MapPost("/answers", SubmitAsync);
        audience.MapGet("/state", StateAsync);

        var staff = endpoints.MapGroup("/api/screenings").RequireAuthorization(Accounts.Policies.OrganiseScreenings).WithTags("Surveys");
        // Row-level pairs only for programme staff and administrators (never organisers, who know the room).
        staff.MapGet("/{id:guid}/survey/pairs.csv", PairsAsync).RequireAuthorization(Accounts.Policies.OverseeScreenings);
        staff.MapGet("/impact/pairs.csv", PooledPairsAsync).RequireAuthorization(Accounts.Policies.OverseeScreenings);
        return endpoints;
    }

    public sealed record AnswerSetBody(Guid Id, string? Phase, Guid QuestionnaireVersion, Dictionary<string, string>? Answers);

    public sealed record SubmitResponse([property: JsonPropertyName("id")] Guid Id, [property: JsonPropertyName("stored")] bool Stored);

    public sealed record StateResponse(
        [property: JsonPropertyName("stage")] string Stage,
        [property: JsonPropertyName("open")] bool Open);

    private static async Task<IResult> SubmitAsync(string code, AnswerSetBody? body, HttpContext context, SubmitAnswers submit, CancellationToken cancellationToken)
    {
        if (body is null || ParsePhase(body.Phase) is not { } phase)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable answer set", detail: "Expected {id, phase: profile|pre|post, questionnaireVersion, answers}.");
        }

        var token = context.Request.Cookies[JoinScreening.CookieName(code.ToUpperInvariant())];
        var result = await submit.HandleAsync(code, token, new SubmitAnswers.Command(body.Id, phase, body.QuestionnaireVersion, body.Answers ?? []), cancellationToken);
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
    private static async Task<IResult> PairsAsync(Guid id, HttpContext context, SurveyResults results, CancellationToken cancellationToken)
    {
        var csv = await results.PairsCsvForScreeningAsync(id, context.User, cancellationToken);
        return csv is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Screening not found")
            : Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"survey-pairs-{id}.csv");
    }

    private static async Task<IResult> PooledPairsAsync(string? country, Guid? film, DateOnly? from, DateOnly? to, SurveyResults results, CancellationToken cancellationToken)
    {
        var csv = await results.PooledPairsCsvAsync(new PoolFilter(country, film, from, to), cancellationToken);
        return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", "survey-pairs.csv");
    }

    private static async Task<IResult> StateAsync(string code, AudienceSessions sessions, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        var screening = await sessions.ScreeningAsync(code, cancellationToken);
        return screening is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new StateResponse(StageName(screening.Stage), screening.Open));
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
