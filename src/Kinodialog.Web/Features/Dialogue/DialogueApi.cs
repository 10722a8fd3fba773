using System.Text.Json.Serialization;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Features.Surveys;
using Kinodialog.Web.Infrastructure.Localization;

namespace Kinodialog.Web.Features.Dialogue;

public static class DialogueApi
{
    public static IServiceCollection AddDialogue(this IServiceCollection services)
    {
        services.AddScoped<AudienceDialogue>();
        services.AddScoped<DialogueModeration>();
        services.AddScoped<DialogueSummaries>();
        services.AddSingleton<DialogueRecompute>();
        services.AddHostedService(sp => sp.GetRequiredService<DialogueRecompute>());
        services.AddSingleton<VoteIngest>();
        services.AddHostedService(sp => sp.GetRequiredService<VoteIngest>());
        services.AddScoped<ProgrammeBlocklist>();
        services.AddPolisInterchange();
        return services;
    }

    public static IEndpointRouteBuilder MapDialogueApi(this IEndpointRouteBuilder endpoints)
    {
        var audience = endpoints.MapGroup("/api/audience/{code}").WithTags("Dialogue").DisableAntiforgery();
        audience.MapPost("/votes", VoteAsync);

        var staff = endpoints.MapGroup("/api/screenings").RequireAuthorization(Accounts.Policies.OrganiseScreenings).WithTags("Dialogue");
        staff.MapGet("/{id:guid}/dialogue/summary", SummaryAsync);
        endpoints.MapPolisApi();
        return endpoints;
    }

    public sealed record VoteBody(Guid Id, Guid Statement, int Vote);

    public sealed record VoteResponse([property: JsonPropertyName("id")] Guid Id, [property: JsonPropertyName("stored")] bool Stored);

    /// <summary>One vote from a phone's script; a repeated id is acknowledged without storing twice.</summary>
    private static async Task<IResult> VoteAsync(string code, VoteBody? body, HttpContext context, AudienceSessions sessions, AudienceDialogue dialogue, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable vote", detail: "Expected {id, statement, vote: 1|-1|0}.");
        }

        var screening = await sessions.ScreeningAsync(code, cancellationToken);
        if (screening is null || !screening.Open)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Screening not found");
        }

        var participant = await sessions.ParticipantAsync(screening.Id, context.Request.Cookies[JoinScreening.CookieName(screening.Code)], cancellationToken);
        if (participant is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Join the screening first");
        }

        var outcome = await dialogue.VoteAsync(screening, participant.Value, new AudienceDialogue.VoteCommand(body.Id, body.Statement, body.Vote), cancellationToken);
        return outcome switch
        {
            AudienceDialogue.VoteOutcome.Stored or AudienceDialogue.VoteOutcome.Quiet => TypedResults.Ok(new VoteResponse(body.Id, true)),
            AudienceDialogue.VoteOutcome.Duplicate => TypedResults.Ok(new VoteResponse(body.Id, false)),
            AudienceDialogue.VoteOutcome.Closed => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The dialogue is not open"),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid vote"),
        };
    }

    private static async Task<IResult> SummaryAsync(Guid id, HttpContext context, DialogueSummaries summaries, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        var summary = await summaries.HandleAsync(id, context.User, LocalizationExtensions.CurrentCulture().Name, cancellationToken);
        return summary is null ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Screening not found") : TypedResults.Ok(summary);
    }
}
