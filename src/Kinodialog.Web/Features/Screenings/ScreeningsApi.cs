using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Kinodialog.Core.Csv;
using Kinodialog.Core.Screenings;
using Kinodialog.Data;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
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
        services.AddSingleton<ISaveChangesInterceptor, CheckedOutScreeningGuard>();
        services.AddExceptionHandler<CheckedOutExceptionHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapScreeningsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/screenings").RequireAuthorization(Policies.OrganiseScreenings).WithTags("Screenings");
        group.MapGet("/{id:guid}/calendar.ics", CalendarAsync);
        group.MapGet("/{id:guid}/events", EventsAsync);
        group.MapGet("/export.csv", ExportAsync).RequireAuthorization(Policies.OverseeScreenings);
        return endpoints;
    }

    private static async Task<IResult> CalendarAsync(Guid id, HttpContext context, GetScreening get, TimeProvider clock, CancellationToken cancellationToken)
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
        return Results.File(Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", $"screening-{screening.StartsAtUtc:yyyyMMdd}.ics");
    }

    /// <summary>Server-Sent Events for run mode: the counts now, then again after every change.</summary>
    private static async Task EventsAsync(Guid id, HttpContext context, ScreeningAccess access, KinodialogDbContext db, ScreeningEvents events, TimeProvider clock)
    {
        var cancellationToken = context.RequestAborted;
        if (!await access.For(context.User).AnyAsync(s => s.Id == id, cancellationToken))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = events.Subscribe(id);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var state = await db.Screenings.AsNoTracking().Where(s => s.Id == id)
                    .Select(s => new { s.Stage, s.CurrentFilm, s.ClosedAt, s.JoinCode, s.OpenedAt, s.StartsAtUtc, s.Status, s.CheckedOutToDeviceId })
                    .FirstAsync(cancellationToken);
                var joined = await db.Participants.CountAsync(p => p.ScreeningId == id && p.OnPhone, cancellationToken);
                var answered = await db.SurveyResponses.Where(r => r.ScreeningId == id && r.Phase != Core.Surveys.SurveyPhase.Profile)
                    .GroupBy(r => r.Phase).Select(g => new { Phase = g.Key, People = g.Select(r => r.ParticipantId).Distinct().Count() })
                    .ToListAsync(cancellationToken);
                var payload = JsonSerializer.Serialize(new
                {
                    joined,
                    answeredPre = answered.FirstOrDefault(a => a.Phase == Core.Surveys.SurveyPhase.Pre)?.People ?? 0,
                    answeredPost = answered.FirstOrDefault(a => a.Phase == Core.Surveys.SurveyPhase.Post)?.People ?? 0,
                    stage = state.Stage.ToString(),
                    currentFilm = state.CurrentFilm,
                    closed = state.ClosedAt is not null,
                    joinOpen = state.JoinCode is not null && state.ClosedAt is null && state.Status != ScreeningStatus.Cancelled && state.CheckedOutToDeviceId == null
                        && (state.OpenedAt is not null || clock.GetUtcNow().UtcDateTime >= state.StartsAtUtc - ScreeningClock.JoinOpensBefore),
                });
                await context.Response.WriteAsync($"event: counts\ndata: {payload}\n\n", cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);

                using var keepAlive = new CancellationTokenSource(TimeSpan.FromSeconds(20), clock);
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, keepAlive.Token);
                try
                {
                    await subscription.Changes.ReadAsync(heartbeat.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the projector page was closed
        }
    }

    private static async Task<IResult> ExportAsync(string? country, string? status, string? from, string? to, ClaimsPrincipal user, ListScreenings list, StaffAuditLog audit, CancellationToken cancellationToken)
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

        return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", "screenings.csv");
    }

    internal static ListScreenings.Query ParseQuery(string? country, string? status, string? from, string? to) => new(
        string.IsNullOrWhiteSpace(country) ? null : country.Trim(),
        Enum.TryParse<ScreeningStatus>(status, ignoreCase: true, out var s) ? s : null,
        DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f) ? f : null,
        DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null);
}
