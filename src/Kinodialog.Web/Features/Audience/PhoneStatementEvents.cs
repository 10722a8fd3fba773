using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Kinodialog.Web.Features.Screenings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kinodialog.Web.Features.Audience;

/// <summary>
/// Tells a phone that has voted on everything when there is something new for it (a statement accepted,
/// a translation that made one readable): Server-Sent Events, <c>statements</c> with <c>more</c> or
/// <c>none</c> now and after every change of the screening, a <c>ping</c> every 20 s; the stream ends
/// after <c>more</c> (the phone reloads). Without scripts the phone has a plain "more statements" link.
/// </summary>
public sealed class PhoneStatementEvents(AudienceDialogue dialogue, ScreeningEvents events, TimeProvider clock)
{
    public static readonly TimeSpan Ping = TimeSpan.FromSeconds(20);

    /// <summary>The stream for a joined phone (the audience group has checked the code and the cookie); 409 outside the dialogue.</summary>
    public Results<ServerSentEventsResult<string>, Conflict> Handle(FindJoinedPhone.JoinedPhone phone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return AudienceDialogue.DialogueOpen(phone.Screening)
            ? TypedResults.ServerSentEvents(StreamAsync(phone.Screening.Id, phone.ParticipantId, cancellationToken))
            : TypedResults.Conflict();
    }

    private async IAsyncEnumerable<SseItem<string>> StreamAsync(Guid screeningId, Guid participantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = events.Subscribe(screeningId);
        while (!cancellationToken.IsCancellationRequested)
        {
            var more = (await dialogue.NextAsync(screeningId, participantId, "en", null, 1, cancellationToken)).Count > 0;
            yield return new SseItem<string>(more ? "more" : "none", "statements");
            if (more)
            {
                yield break;
            }

            var changed = subscription.Changes.WaitToReadAsync(cancellationToken).AsTask();
            var ping = Task.Delay(Ping, clock, cancellationToken);
            if (await Task.WhenAny(changed, ping) == ping)
            {
                yield return new SseItem<string>("", "ping");
            }
            else
            {
                subscription.Changes.TryRead(out _);
            }
        }
    }
}
