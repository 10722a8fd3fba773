using System.Globalization;
using System.Security.Claims;
using System.Text;
using Kinodialog.Core.Csv;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kinodialog.Web.Features.Screenings;

public static class ScreeningsApi
{
    public static IServiceCollection AddScreenings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ScreeningsOptions>()
            .Bind(configuration.GetSection(ScreeningsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<ScreeningAccess>();
        services.AddScoped<GetScreening>();
        services.AddScoped<SaveScreening>();
        services.AddScoped<UpdateScreening>();
        services.AddScoped<ListScreenings>();
        services.AddScoped<ListPublicScreenings>();
        services.AddSingleton<AudienceCache>();
        services.AddScoped<AudienceSessions>();
        services.AddScoped<JoinScreening>();
        services.AddScoped<JoinLinks>();
        services.AddSingleton<JoinAttemptLimiter>();
        services.AddSingleton<ScreeningEvents>();
        services.AddScoped<ScreeningLiveEvents>();
        services.AddSingleton<ISaveChangesInterceptor, CheckedOutScreeningGuard>();
        services.AddExceptionHandler<CheckedOutExceptionHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapScreeningsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/screenings").RequireAuthorization(Policies.OrganiseScreenings).WithTags("Screenings");
        group.MapGet("/{id:guid}/calendar.ics", CalendarAsync);
        group.MapGet("/{id:guid}/events", (Guid id, HttpContext context, ScreeningLiveEvents live) => live.HandleAsync(id, context));
        group.MapGet("/export.csv", ExportAsync).RequireAuthorization(Policies.OverseeScreenings);
        return endpoints;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CalendarAsync(Guid id, HttpContext context, GetScreening get, TimeProvider clock, CancellationToken cancellationToken)
    {
        var culture = LocalizationExtensions.CurrentCulture();
        var screening = await get.HandleAsync(id, context.User, culture.Name, cancellationToken);
        if (screening is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Screening not found");
        }

        var url = $"{context.Request.Scheme}://{context.Request.Host}/{culture.UrlSegment}/screenings/{id}";
        var description = string.Join("\n", screening.Films.Select(f => f.Title));
        var ics = CalendarFile.Create(screening, url, description, clock.GetUtcNow().UtcDateTime);
        return TypedResults.File(Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", $"screening-{screening.StartsAtUtc:yyyyMMdd}.ics");
    }

    private static async Task<FileContentHttpResult> ExportAsync(string? country, string? status, string? from, string? to, ClaimsPrincipal user, ListScreenings list, StaffAuditLog audit, CancellationToken cancellationToken)
    {
        var rows = await list.HandleAsync(ParseQuery(country, status, from, to), user, cancellationToken);
        await audit.RecordAsync(StaffAuditActions.Exported, user, detail: "screenings.csv");
        var csv = CsvWriter.AppendRow(new StringBuilder(), ["id", "title", "start_local", "time_zone", "city", "country", "visibility", "status", "organiser", "films", "attendance", "joined"]);
        foreach (var r in rows)
        {
            CsvWriter.AppendRow(csv, [
                r.Id.ToString(), r.Title, r.LocalStart.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), r.TimeZoneId, r.City, r.Country,
                r.Visibility.ToString(), r.Status.ToString(), r.OwnerName, r.FilmCount.ToString(CultureInfo.InvariantCulture),
                r.AttendanceTotal?.ToString(CultureInfo.InvariantCulture) ?? "", r.Participants.ToString(CultureInfo.InvariantCulture)]);
        }

        return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", "screenings.csv");
    }

    internal static ListScreenings.Query ParseQuery(string? country, string? status, string? from, string? to) => new(
        string.IsNullOrWhiteSpace(country) ? null : country.Trim(),
        Enum.TryParse<ScreeningStatus>(status, ignoreCase: true, out var s) ? s : null,
        DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f) ? f : null,
        DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null);
}
