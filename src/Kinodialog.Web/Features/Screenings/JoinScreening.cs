using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Kinodialog.Core.Screenings;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Screenings;

/// <summary>
/// Slows down and then refuses clients that keep typing wrong join codes. Clients are told apart by
/// a keyed hash of their address, held in memory only and forgotten after the window.
/// </summary>
public sealed class JoinAttemptLimiter(TimeProvider clock)
{
    public const int FreeFailures = 5;
    public const int MaxFailures = 8;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Since)> _failures = new();

    public string ClientKey(IPAddress? address) =>
        Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(address?.ToString() ?? "unknown")));

    /// <summary>How long to wait before answering, or null when the client is refused for now.</summary>
    public TimeSpan? Delay(string client)
    {
        if (!_failures.TryGetValue(client, out var state))
        {
            return TimeSpan.Zero;
        }

        if (clock.GetUtcNow() - state.Since > Window)
        {
            _failures.TryRemove(client, out _);
            return TimeSpan.Zero;
        }

        return state.Failures >= MaxFailures
            ? null
            : state.Failures >= FreeFailures ? TimeSpan.FromSeconds(state.Failures - FreeFailures + 1) : TimeSpan.Zero;
    }

    public void Failed(string client)
    {
        var now = clock.GetUtcNow();
        _failures.AddOrUpdate(client, _ => (1, now), (_, s) => now - s.Since > Window ? (1, now) : (s.Failures + 1, s.Since));
        if (_failures.Count > 100_000)
        {
            foreach (var stale in _failures.Where(kv => now - kv.Value.Since > Window).Select(kv => kv.Key).ToList())
            {
                _failures.TryRemove(stale, out _);
            }
        }
    }

    public void Succeeded(string client) => _failures.TryRemove(client, out _);
}

/// <summary>
/// An audience member joins with the code: a random token goes into a cookie for this screening
/// only; the database keeps its hash, the language, and nothing else about the person.
/// </summary>
public sealed class JoinScreening(KinodialogDbContext db, ScreeningEvents events, TimeProvider clock)
{
    public sealed record Result(Guid ScreeningId, string Code, string? NewToken);

    public static string CookieName(string code) => "kd-p-" + code;

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

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

    /// <summary>Joins (or recognises a returning phone by its token); null when the code is not valid now.</summary>
    public async Task<Result?> HandleAsync(string? typed, string? existingToken, string culture, CancellationToken cancellationToken, string? card = null)
    {
        var screening = await FindOpenAsync(typed, cancellationToken);
        if (screening is null)
        {
            return null;
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

                return new Result(screening.Id, screening.JoinCode!, cardCode);
            }
        }

        if (existingToken is { Length: > 0 })
        {
            var hash = Hash(existingToken);
            if (await db.Participants.AnyAsync(p => p.ScreeningId == screening.Id && p.TokenHash == hash, cancellationToken))
            {
                return new Result(screening.Id, screening.JoinCode!, null);
            }
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        db.Participants.Add(new Participant { ScreeningId = screening.Id, TokenHash = Hash(token), Culture = culture, JoinedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(screening.Id, cancellationToken);
        return new Result(screening.Id, screening.JoinCode!, token);
    }
}
