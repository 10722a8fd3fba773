using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Kinodialog.Core.Localization;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Infrastructure.Streams;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Audience;

/// <summary>
/// Tells a phone that has voted on everything when there is something new for it (a statement accepted,
/// a translation that made one readable): Server-Sent Events, <c>statements</c> with <c>more</c> or
/// <c>none</c> now and after every change of the screening, a <c>ping</c> every 20 s; the stream ends
/// after <c>more</c> (the phone reloads). Without scripts the phone has a plain "more statements" link.
/// A phone showing a statement not yet translated into its language asks with <c>showing</c> and
/// <c>culture</c> instead: <c>translated</c> (then the stream ends, the phone reloads) once the translation
/// exists, <c>none</c> until then.
/// </summary>
public sealed class PhoneStatementEvents(AudienceDialogue dialogue, ScreeningEvents events, OpenStreams streams, IOptions<StreamsOptions> limits, TimeProvider clock)
{
    public static readonly TimeSpan Ping = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The stream for the joined phone of this request (the audience group has checked the code and the
    /// cookie); 429 while the phone holds <see cref="StreamsOptions.MaxPerPhone"/> open already, 409 outside the dialogue.
    /// </summary>
    /// <param name="showing">the statement the phone shows untranslated (null: the phone has voted on everything).</param>
    /// <param name="culture">the phone's language (a culture name or URL segment), with <paramref name="showing"/>.</param>
    public Results<ServerSentEventsResult<string>, Conflict, ProblemHttpResult> Handle(HttpContext context, Guid? showing, string? culture)
    {
        ArgumentNullException.ThrowIfNull(context);
        var phone = context.JoinedPhone();
        if (!streams.TryOpenFor(context, "phone:" + phone.ParticipantId.ToString("N"), limits.Value.MaxPerPhone))
        {
            return OpenStreams.TooMany("Too many open streams for this phone");
        }

        var language = SupportedCultures.Find(culture)?.Name;
        return AudienceDialogue.DialogueOpen(phone.Screening)
            ? TypedResults.ServerSentEvents(StreamAsync(phone.Screening.Id, phone.ParticipantId, language is null ? null : showing, language, context.RequestAborted))
            : TypedResults.Conflict();
    }

    private async IAsyncEnumerable<SseItem<string>> StreamAsync(Guid screeningId, Guid participantId, Guid? showing, string? culture, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = events.Subscribe(screeningId);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (showing is Guid statement)
            {
                var translated = await dialogue.IsTranslatedAsync(screeningId, statement, culture!, cancellationToken);
                yield return new SseItem<string>(translated ? "translated" : "none", "statements");
                if (translated)
                {
                    yield break;
                }
            }
            else
            {
                var more = (await dialogue.NextAsync(screeningId, participantId, "en", null, 1, cancellationToken)).Count > 0;
                yield return new SseItem<string>(more ? "more" : "none", "statements");
                if (more)
                {
                    yield break;
                }
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
