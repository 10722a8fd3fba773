using System.Collections.Concurrent;
using System.Collections.Frozen;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Screenings;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>What a vote is checked against: the screening's accepted statements and banned participants.</summary>
public sealed record DialogueRules(FrozenSet<Guid> Accepted, FrozenSet<Guid> Banned);

/// <summary>
/// The <see cref="DialogueRules"/> of each screening, so that a vote costs no database query. Dropped
/// on every change the moderators publish through <see cref="ScreeningEvents"/> (accept, reject,
/// ban), like <see cref="Surveys.AudienceCache"/>, and in any case after <see cref="MaxAge"/> (a
/// change another web node made). A vote that slips through in between — from a participant in the
/// moment of being banned, for a statement in the moment of being rejected — is stored but never
/// counted: the recompute leaves out banned participants and statements that are not accepted.
/// </summary>
public sealed class DialogueCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly ConcurrentDictionary<Guid, long> _versions = new();
    private readonly TimeProvider _clock;

    public DialogueCache(ScreeningEvents events, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(events);
        _clock = clock;
        events.Changed += Invalidate;
    }

    /// <summary>Forgets what is known about this screening (the next vote reads the database again).</summary>
    public void Invalidate(Guid screeningId)
    {
        // The version first: a load that began before this change is never kept (see RulesAsync).
        _versions.AddOrUpdate(screeningId, 1, (_, version) => version + 1);
        _entries.TryRemove(screeningId, out _);
    }

    public async Task<DialogueRules> RulesAsync(KinodialogDbContext db, Guid screeningId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = _clock.GetUtcNow();
        var version = _versions.GetValueOrDefault(screeningId);
        if (_entries.TryGetValue(screeningId, out var entry) && entry.Version == version && entry.Until > now)
        {
            return entry.Rules;
        }

        var accepted = await db.Statements.AsNoTracking().Where(s => s.ScreeningId == screeningId && s.Status == StatementStatus.Accepted)
            .Select(s => s.Id).ToListAsync(cancellationToken);
        var banned = await db.Participants.AsNoTracking().Where(p => p.ScreeningId == screeningId && p.Banned)
            .Select(p => p.Id).ToListAsync(cancellationToken);
        var rules = new DialogueRules(accepted.ToFrozenSet(), banned.ToFrozenSet());
        if (_entries.Count > 1_000)
        {
            foreach (var stale in _entries.Where(kv => kv.Value.Until <= now).Select(kv => kv.Key).ToList())
            {
                _entries.TryRemove(stale, out _);
            }
        }

        // Kept only when nothing changed since the version was read; the version is checked again on every use.
        _entries[screeningId] = new Entry(rules, version, now + MaxAge);
        return rules;
    }

    private sealed record Entry(DialogueRules Rules, long Version, DateTimeOffset Until);
}
