using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json;
using Kinodialog.Core.Screenings;
using Kinodialog.Core.Surveys;
using Kinodialog.Data;
using Kinodialog.Web.Infrastructure.Streams;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Screenings;

/// <summary>
/// The staff's live stream of a screening (run mode, the projector, the moderation page, the live
/// summary): Server-Sent Events, <c>counts</c> now and again after every change of the screening,
/// and after 20 s without one a <c>ping</c> followed by <c>counts</c> again. The data of <c>counts</c>:
/// <c>{joined, answeredPre, answeredPost, stage, currentFilm, closed, joinOpen}</c>.
/// </summary>
public sealed class ScreeningLiveEvents(ScreeningAccess access, KinodialogDbContext db, ScreeningEvents events, OpenStreams streams, IOptions<StreamsOptions> limits, TimeProvider clock)
{
    public static readonly TimeSpan Ping = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The stream of a screening the user of this request may run; 404 for any other; 429 while the account
    /// holds <see cref="StreamsOptions.MaxPerStaffAccount"/> open already.
    /// </summary>
    public async Task<Results<ServerSentEventsResult<string>, NotFound, ProblemHttpResult>> HandleAsync(Guid id, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (!streams.TryOpenFor(context, "staff:" + user.FindFirstValue(ClaimTypes.NameIdentifier), limits.Value.MaxPerStaffAccount))
        {
            return OpenStreams.TooMany("Too many open streams for this account");
        }

        if (!await access.For(user).AnyAsync(s => s.Id == id, context.RequestAborted))
        {
            return TypedResults.NotFound();
        }

        // Behind nginx: pass each event on at once.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(StreamAsync(id, context.RequestAborted));
    }

    private async IAsyncEnumerable<SseItem<string>> StreamAsync(Guid id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = events.Subscribe(id);
        while (!cancellationToken.IsCancellationRequested)
        {
            yield return new SseItem<string>(await CountsAsync(id, cancellationToken), "counts");

            var changed = subscription.Changes.WaitToReadAsync(cancellationToken).AsTask();
            var ping = Task.Delay(Ping, clock, cancellationToken);
            if (await Task.WhenAny(changed, ping) == ping)
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    yield return new SseItem<string>("", "ping");
                }
            }
            else
            {
                subscription.Changes.TryRead(out _);
            }
        }
    }

    private async Task<string> CountsAsync(Guid id, CancellationToken cancellationToken)
    {
        var state = await db.Screenings.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new { s.Stage, s.CurrentFilm, s.ClosedAt, s.JoinCode, s.OpenedAt, s.StartsAtUtc, s.Status, s.CheckedOutToDeviceId })
            .FirstAsync(cancellationToken);
        var joined = await db.Participants.CountAsync(p => p.ScreeningId == id && p.OnPhone, cancellationToken);
        var answered = await db.SurveyResponses.Where(r => r.ScreeningId == id && r.Phase != SurveyPhase.Profile)
            .GroupBy(r => r.Phase).Select(g => new { Phase = g.Key, People = g.Select(r => r.ParticipantId).Distinct().Count() })
            .ToListAsync(cancellationToken);
        return JsonSerializer.Serialize(new
        {
            joined,
            answeredPre = answered.FirstOrDefault(a => a.Phase == SurveyPhase.Pre)?.People ?? 0,
            answeredPost = answered.FirstOrDefault(a => a.Phase == SurveyPhase.Post)?.People ?? 0,
            stage = state.Stage.ToString(),
            currentFilm = state.CurrentFilm,
            closed = state.ClosedAt is not null,
            joinOpen = state.JoinCode is not null && state.ClosedAt is null && state.Status != ScreeningStatus.Cancelled && state.CheckedOutToDeviceId == null
                && (state.OpenedAt is not null || clock.GetUtcNow().UtcDateTime >= state.StartsAtUtc - ScreeningClock.JoinOpensBefore),
        });
    }
}
