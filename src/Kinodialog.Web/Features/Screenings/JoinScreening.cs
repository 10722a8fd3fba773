using System.Net;
using System.Security.Cryptography;
using System.Text;
using Kinodialog.Core.Screenings;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Shared;
using Kinodialog.Web.Infrastructure.Cluster;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Screenings;

/// <summary>
/// Slows down and then refuses clients that keep typing wrong join codes. Clients are told apart by
/// a keyed hash of their address (after forwarded headers from configured proxies); the counts are
/// kept in memory on one node and in Redis across several (<see cref="IDecayingCounters"/>), so a
/// guesser gains nothing by landing on another node. Every attempt is counted before its code is
/// checked, so parallel guesses cannot slip past the count; a correct code takes back only its own
/// attempt (it never clears earlier failures), and failures are forgiven one by one as time passes:
/// one every <see cref="DecayPerFailure"/>, so a full count is gone after <see cref="Window"/>. A
/// room that shares one address and mistypes now and then never fills the count; a guesser gets
/// <see cref="MaxFailures"/> tries, then one per <see cref="DecayPerFailure"/>.
/// </summary>
public sealed class JoinAttemptLimiter(IDecayingCounters counters)
{
    /// <summary>Attempts answered at once; the following ones wait a second more each.</summary>
    public const int FreeFailures = 5;

    /// <summary>Failures after which a client is refused until one has been forgiven.</summary>
    public const int MaxFailures = 8;

    /// <summary>How long a full count of failures takes to be forgotten.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <summary>One failure is forgiven per this much time (75 s).</summary>
    public static readonly TimeSpan DecayPerFailure = Window / MaxFailures;

    public async Task<string> ClientKeyAsync(IPAddress? address) =>
        "join:" + Convert.ToHexString(HMACSHA256.HashData(await counters.SecretAsync("join-limiter"), Encoding.UTF8.GetBytes(address?.ToString() ?? "unknown")));

    /// <summary>
    /// Counts an attempt (before its code is checked) and says how long to wait before answering it;
    /// null when the client is refused for now (a refused attempt is not counted: it learns nothing).
    /// </summary>
    public async Task<TimeSpan?> AttemptAsync(string client)
    {
        if (await counters.AddAsync(client, MaxFailures, DecayPerFailure) is not { } before)
        {
            return null;
        }

        var waiting = (int)Math.Ceiling(before) - FreeFailures + 1;
        return waiting > 0 ? TimeSpan.FromSeconds(waiting) : TimeSpan.Zero;
    }

    /// <summary>The attempt's code was right: its own count is taken back, earlier failures stay.</summary>
    public Task SucceededAsync(string client) => counters.TakeBackAsync(client, DecayPerFailure);
}

/// <summary>
/// An audience member joins with the code: a random token goes into a cookie for this screening
/// only; the database keeps its hash, the language, and nothing else about the person.
/// </summary>
public sealed class JoinScreening(KinodialogDbContext db, ScreeningEvents events, TimeProvider clock)
{
    /// <summary>The screening joined, its code, the phone's new token (null when it had joined before) and its language.</summary>
    public sealed record Result(Guid ScreeningId, string Code, string? NewToken, string Culture);

    public static string CookieName(string code) => "kd-p-" + code;

    public static string Hash(string token) => TokenHash.Of(token);

    /// <summary>The open screening with this code, or null (wrong, not yet open, or closed).</summary>
    public async Task<Screening?> FindOpenAsync(string? typed, CancellationToken cancellationToken)
    {
        var code = JoinCode.Normalize(typed);
        if (code is null)
        {
            return null;
        }

        var screening = await db.Screenings.AsNoTracking().FirstOrDefaultAsync(s => s.JoinCode == code, cancellationToken);
        return screening is not null && ScreeningClock.JoinOpen(screening, clock.GetUtcNow().UtcDateTime) ? screening : null;
    }

    /// <summary>
    /// Joins (or recognises a returning phone by its token); null when the code is not valid now. The
    /// phone's language is <paramref name="culture"/> (the join page's), or, for a phone that came
    /// through the QR code, chosen from its <paramref name="linkPreferences"/> by <see cref="ScreeningLanguages.ForPhone"/>.
    /// </summary>
    public async Task<Result?> HandleAsync(string? typed, string? existingToken, string culture, CancellationToken cancellationToken, string? card = null,
        IReadOnlyList<string?>? linkPreferences = null)
    {
        var screening = await FindOpenAsync(typed, cancellationToken);
        if (screening is null)
        {
            return null;
        }

        if (linkPreferences is not null)
        {
            culture = ScreeningLanguages.ForPhone(screening.AudienceCultures, screening.EventCulture, linkPreferences);
        }

        // A printed participant card's QR code: the phone becomes that card's participant.
        if (Kinodialog.Core.Surveys.ParticipantCodes.NormalizeCard(card) is { } cardCode)
        {
            var cardHash = Hash(cardCode);
            var holder = await db.Participants.FirstOrDefaultAsync(p => p.ScreeningId == screening.Id && p.TokenHash == cardHash && p.CardNumber != null, cancellationToken);
            if (holder is not null)
            {
                if (!holder.OnPhone)
                {
                    holder.OnPhone = true;
                    holder.Culture = culture;
                    await db.SaveChangesAsync(cancellationToken);
                    await events.PublishAsync(screening.Id, cancellationToken);
                }

                return new Result(screening.Id, screening.JoinCode!, cardCode, holder.Culture);
            }
        }

        if (existingToken is { Length: > 0 })
        {
            var hash = Hash(existingToken);
            var returning = await db.Participants.AsNoTracking().Where(p => p.ScreeningId == screening.Id && p.TokenHash == hash)
                .Select(p => new { p.Culture }).FirstOrDefaultAsync(cancellationToken);
            if (returning is not null)
            {
                return new Result(screening.Id, screening.JoinCode!, null, returning.Culture);
            }
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        db.Participants.Add(new Participant { ScreeningId = screening.Id, TokenHash = Hash(token), Culture = culture, JoinedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(screening.Id, cancellationToken);
        return new Result(screening.Id, screening.JoinCode!, token, culture);
    }
}
