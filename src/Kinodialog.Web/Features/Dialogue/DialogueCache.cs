using System.Collections.Frozen;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Screenings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>What a vote is checked against: the screening's accepted statements and banned participants.</summary>
public sealed record DialogueRules(FrozenSet<Guid> Accepted, FrozenSet<Guid> Banned);

/// <summary>
/// The <see cref="DialogueRules"/> of each screening in the <see cref="IMemoryCache"/>, so that a vote
/// costs no database query. Dropped on every change the moderators publish through
/// <see cref="ScreeningEvents"/> (accept, reject, ban; its change token), like the screenings of
/// <see cref="Screenings.AudienceCache"/>, and in any case after <see cref="MaxAge"/> (a change another
/// web node made). A vote that slips through in between — from a participant in the moment of being
/// banned, for a statement in the moment of being rejected — is stored but never counted: the
/// recompute leaves out banned participants and statements that are not accepted.
/// </summary>
public sealed class DialogueCache(IMemoryCache cache, ScreeningEvents events)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    /// <summary>Forgets the rules of this screening (the next vote reads the database again).</summary>
    public void Invalidate(Guid screeningId) => cache.Remove(new Key(screeningId));

    public async Task<DialogueRules> RulesAsync(KinodialogDbContext db, Guid screeningId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = new Key(screeningId);
        if (cache.TryGetValue(key, out DialogueRules? cached) && cached is not null)
        {
            return cached;
        }

        // The token first: rules read while a change is published are never kept.
        var changed = events.ChangeToken(screeningId);
        var accepted = await db.Statements.AsNoTracking().Where(s => s.ScreeningId == screeningId && s.Status == StatementStatus.Accepted)
            .Select(s => s.Id).ToListAsync(cancellationToken);
        var banned = await db.Participants.AsNoTracking().Where(p => p.ScreeningId == screeningId && p.Banned)
            .Select(p => p.Id).ToListAsync(cancellationToken);
        var rules = new DialogueRules(accepted.ToFrozenSet(), banned.ToFrozenSet());
        return cache.Set(key, rules, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = MaxAge }.AddExpirationToken(changed));
    }

    private sealed record Key(Guid ScreeningId);
}
