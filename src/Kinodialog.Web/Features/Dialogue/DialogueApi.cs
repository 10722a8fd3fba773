using System.Text.Json.Serialization;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kinodialog.Web.Features.Dialogue;

public static class DialogueApi
{
    public static IServiceCollection AddDialogue(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<RemoveRawAudienceData>();
        services.AddSingleton<RetentionWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionWorker>());
        services.AddSingleton<DialogueCache>();
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
        var staff = endpoints.MapGroup("/api/screenings").RequireAuthorization(Accounts.Policies.OrganiseScreenings).WithTags("Dialogue");
        staff.MapGet("/{id:guid}/dialogue/summary", SummaryAsync);
        endpoints.MapPolisApi();
        return endpoints;
    }

    private static async Task<Results<Ok<LiveSummary>, ProblemHttpResult>> SummaryAsync(Guid id, HttpContext context, DialogueSummaries summaries, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        var summary = await summaries.HandleAsync(id, context.User, LocalizationExtensions.CurrentCulture().Name, cancellationToken);
        return summary is null ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Screening not found") : TypedResults.Ok(summary);
    }
}
