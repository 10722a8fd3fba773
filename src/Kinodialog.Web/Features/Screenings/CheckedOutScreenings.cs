using Kinodialog.Core.Screenings;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Screenings;

/// <summary>A change to a screening that is checked out to a field laptop was refused (issue 16).</summary>
public sealed class ScreeningCheckedOutException(Guid screeningId, string deviceName, DateTime sinceUtc, string timeZoneId)
    : InvalidOperationException($"Screening {screeningId} is checked out to a field laptop; its central copy is read-only.")
{
    public Guid ScreeningId { get; } = screeningId;

    public string DeviceName { get; } = deviceName;

    public DateTime SinceUtc { get; } = sinceUtc;

    public string TimeZoneId { get; } = timeZoneId;

    /// <summary>The refusal in the reader's language.</summary>
    public string Describe(IStringLocalizer<ScreeningsResource> l)
    {
        ArgumentNullException.ThrowIfNull(l);
        var since = ScreeningPlan.ToLocal(SinceUtc, ScreeningClock.Zone(TimeZoneId));
        return l["This screening is on the laptop «{0}» since {1}; changes are made there and come back with its results.",
            DeviceName, since.ToString("g", System.Globalization.CultureInfo.CurrentCulture)];
    }
}

/// <summary>
/// While a screening is checked out to a field laptop, the central copy is read-only: every save that
/// adds, changes or removes the screening or anything of it (films, checklist, participants, answers,
/// statements, translations, votes, flags, moderation, blocklist terms) is refused with
/// <see cref="ScreeningCheckedOutException"/>. Only the field sync itself (inside <see cref="AllowFieldSync"/>)
/// writes such a screening. Bulk updates (ExecuteUpdate) check with <see cref="ThrowIfCheckedOutAsync"/>.
/// </summary>
public sealed class CheckedOutScreeningGuard : SaveChangesInterceptor
{
    private static readonly AsyncLocal<bool> Allowed = new();

    /// <summary>Lets the field sync (receive, check-in, check-out, cancel) write checked-out screenings in this flow.</summary>
    public static IDisposable AllowFieldSync()
    {
        var before = Allowed.Value;
        Allowed.Value = true;
        return new Restore(before);
    }

    public static async Task ThrowIfCheckedOutAsync(KinodialogDbContext db, Guid screeningId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (Allowed.Value)
        {
            return;
        }

        var found = await db.Screenings.AsNoTracking().Where(s => s.Id == screeningId && s.CheckedOutToDeviceId != null)
            .Select(s => new { s.Id, s.CheckedOutToDeviceId, s.CheckedOutAt, s.UpdatedAt, s.TimeZoneId })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is not null)
        {
            var name = await db.FieldDevices.AsNoTracking().Where(d => d.Id == found.CheckedOutToDeviceId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
            throw new ScreeningCheckedOutException(found.Id, name ?? "", found.CheckedOutAt ?? found.UpdatedAt, found.TimeZoneId);
        }
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (!Allowed.Value && eventData.Context is KinodialogDbContext db)
        {
            await CheckAsync(db, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (!Allowed.Value && eventData.Context is KinodialogDbContext db)
        {
            // Synchronous saves are rare (CLI tools); the check itself is the same.
            CheckAsync(db, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        return result;
    }

    private static async ValueTask CheckAsync(KinodialogDbContext db, CancellationToken cancellationToken)
    {
        var screenings = new HashSet<Guid>();
        var statements = new HashSet<Guid>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Screening screening when entry.State != EntityState.Added:
                    screenings.Add(screening.Id);
                    break;
                case DialogueState:
                    // Derived from the votes; the recompute may finish after a check-out.
                    break;
                case StatementTranslation translation:
                    statements.Add(translation.StatementId);
                    break;
                case StatementFlag flag:
                    statements.Add(flag.StatementId);
                    break;
                default:
                    if (entry.Metadata.FindProperty("ScreeningId") is { } property && entry.Property(property.Name).CurrentValue is Guid id)
                    {
                        screenings.Add(id);
                    }

                    break;
            }
        }

        if (statements.Count > 0)
        {
            foreach (var id in await db.Statements.AsNoTracking().Where(s => statements.Contains(s.Id)).Select(s => s.ScreeningId).Distinct().ToListAsync(cancellationToken))
            {
                screenings.Add(id);
            }
        }

        foreach (var id in screenings)
        {
            await ThrowIfCheckedOutAsync(db, id, cancellationToken);
        }
    }

    private sealed class Restore(bool before) : IDisposable
    {
        public void Dispose() => Allowed.Value = before;
    }
}

/// <summary>
/// Says a refused change of a checked-out screening in the reader's language: API callers (phones, scripts)
/// get a 409 ProblemDetails; people are sent back to the screening's page, which says where it is.
/// </summary>
public sealed class CheckedOutExceptionHandler(IStringLocalizer<ScreeningsResource> l) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not ScreeningCheckedOutException checkedOut)
        {
            return false;
        }

        var original = httpContext.Features.Get<IExceptionHandlerFeature>()?.Path ?? httpContext.Request.Path.Value ?? "";
        if (original.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            string title = checkedOut.Describe(l);
            await TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, extensions: new Dictionary<string, object?> { ["errors"] = new[] { title } })
                .ExecuteAsync(httpContext);
            return true;
        }

        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = $"/{LocalizationExtensions.CurrentCulture().UrlSegment}/screenings/{checkedOut.ScreeningId}?checkedOut=true";
        return true;
    }
}
