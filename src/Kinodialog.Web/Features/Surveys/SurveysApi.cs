using System.Text.Json;
using System.Text.Json.Serialization;
using Kinodialog.Core.Surveys;
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

    /// <summary>Anonymous pairs of one screening: no tokens, no codes, no times; pair numbers shuffled.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PairsAsync(Guid id, HttpContext context, SurveyResults results, Accounts.StaffAuditLog audit, CancellationToken cancellationToken)
    {
        var csv = await results.PairsCsvForScreeningAsync(id, context.User, cancellationToken);
        if (csv is not null)
        {
            await audit.RecordAsync(Accounts.StaffAuditActions.Exported, context.User, detail: $"survey pairs.csv, screening {id}");
        }

        return csv is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Screening not found")
            : TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"survey-pairs-{id}.csv");
    }

    private static async Task<FileContentHttpResult> PooledPairsAsync(string? country, Guid? film, DateOnly? from, DateOnly? to, SurveyResults results, HttpContext context, Accounts.StaffAuditLog audit, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(Accounts.StaffAuditActions.Exported, context.User, detail: "impact survey pairs.csv");
        var csv = await results.PooledPairsCsvAsync(new PoolFilter(country, film, from, to), cancellationToken);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", "survey-pairs.csv");
    }
}
