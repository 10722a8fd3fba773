using Microsoft.Extensions.Caching.Memory;

namespace Kinodialog.Web.Features.Screenings;

/// <summary>
/// What <see cref="AudienceSessions"/> keeps in the <see cref="IMemoryCache"/>: the screening of a
/// join code (also when there is none) for a short time, dropped at once when the screening changes
/// (<see cref="ScreeningEvents.ChangeToken"/>); the participant of a token hash while the phone keeps
/// asking (a token never changes owner).
/// </summary>
public sealed class AudienceCache(IMemoryCache cache, ScreeningEvents events)
{
    /// <summary>A participant not asked for this long is read from the database again.</summary>
    public static readonly TimeSpan ParticipantIdle = TimeSpan.FromHours(1);

    public bool TryGetScreening(string code, out AudienceScreening? screening)
    {
        if (cache.TryGetValue(new ScreeningKey(code), out ScreeningEntry? entry) && entry is not null)
        {
            screening = entry.Screening;
            return true;
        }

        screening = null;
        return false;
    }

    public void SetScreening(string code, AudienceScreening? screening, TimeSpan maxAge)
    {
        var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = maxAge };
        if (screening is not null)
        {
            options.AddExpirationToken(events.ChangeToken(screening.Id));
        }

        cache.Set(new ScreeningKey(code), new ScreeningEntry(screening), options);
    }

    public bool TryGetParticipant(string tokenHash, out (Guid ScreeningId, Guid ParticipantId) participant) =>
        cache.TryGetValue(new ParticipantKey(tokenHash), out participant);

    public void SetParticipant(string tokenHash, (Guid ScreeningId, Guid ParticipantId) participant) =>
        cache.Set(new ParticipantKey(tokenHash), participant, new MemoryCacheEntryOptions { SlidingExpiration = ParticipantIdle });

    private sealed record ScreeningKey(string Code);

    private sealed record ScreeningEntry(AudienceScreening? Screening);

    private sealed record ParticipantKey(string TokenHash);
}
