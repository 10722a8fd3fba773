using Kinodialog.Core.Screenings;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Features.Surveys;

namespace Kinodialog.Web.Features.Audience;

/// <summary>
/// The phone behind an audience request: the screening of the code and the participant of the
/// phone's cookie for that code. Null for a wrong code, a screening that is not open yet or closed,
/// and a phone that has not joined this screening — callers answer all of these alike, so that a
/// code cannot be tested without having joined with it.
/// </summary>
public sealed class FindJoinedPhone(AudienceSessions sessions)
{
    public sealed record JoinedPhone(AudienceScreening Screening, Guid ParticipantId, string Token);

    public async Task<JoinedPhone?> HandleAsync(string? typedCode, IRequestCookieCollection cookies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cookies);
        var code = JoinCode.Normalize(typedCode);
        if (code is null || cookies[JoinScreening.CookieName(code)] is not { Length: > 0 } token)
        {
            // No cookie for this code: answered without looking the code up at all.
            return null;
        }

        var screening = await sessions.ScreeningAsync(code, cancellationToken);
        if (screening is null)
        {
            return null;
        }

        var participant = await sessions.ParticipantAsync(screening.Id, token, cancellationToken);
        return participant is null ? null : new JoinedPhone(screening, participant.Value, token);
    }
}
