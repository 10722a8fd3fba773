using Kinodialog.Data;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>
/// The votes of one screening kept in memory between recomputes, so a recompute does not read every
/// vote again. Memory holds what the engine uses, the latest vote of each participant on each
/// statement, the number of votes in all, and the ids of the recent votes (to count a vote seen twice
/// once); not every vote ever cast, so a long, busy dialogue does not make each recompute copy
/// millions of rows. The database stays the truth; votes are never changed or deleted, only added:
/// <list type="number">
/// <item><see cref="VoteIngest"/> hands over every vote it has committed (<see cref="Observe"/>); a
/// refresh then only counts the screening's votes in the database: up to the newest vote seen, the
/// count must be the one in memory; of the newer votes, memory must have at least as many.</item>
/// <item>Otherwise (votes from elsewhere: another web node, an import; or a batch committed but not
/// yet handed over) it re-reads a window of <see cref="Overlap"/> before the newest vote seen (the
/// writer stamps votes in commit order) and checks that the database holds exactly as many votes
/// older than that window as memory has counted;</item>
/// <item>if not, it reads everything again.</item>
/// </list>
/// </summary>
/// <param name="fullCheckEvery">
/// How often the exact check counts all the screening's votes rather than only those since the last
/// check (<see cref="FullCheckEvery"/>; zero with several nodes, whose votes are not stamped in one
/// commit order: every refresh then counts them all).
/// </param>
public sealed class VoteLog(TimeSpan fullCheckEvery) : IDisposable
{
    public VoteLog()
        : this(FullCheckEvery)
    {
    }

    /// <summary>Far longer than a batch of votes takes to write; short, since at thousands of votes a second every vote in it is read again.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(5);

    /// <summary>Before any vote (UTC, as every time compared with the database must be).</summary>
    private static readonly DateTime Beginning = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);

    /// <summary>
    /// Between full counts a refresh counts only the votes stamped since the last check: a vote from
    /// elsewhere stamped before that is found by the next full count, this long after at most.
    /// </summary>
    public static readonly TimeSpan FullCheckEvery = TimeSpan.FromSeconds(30);

    private readonly Dictionary<(Guid Participant, Guid Statement), DialogueData.VoteRow> _latest = [];

    /// <summary>Ids (and times) of the votes seen that a later window may read again.</summary>
    private readonly Dictionary<Guid, DateTime> _recent = [];

    /// <summary>One refresh at a time.</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Guards the votes in memory (the writer adds to them while a refresh reads the database).</summary>
    private readonly Lock _lock = new();

    private DateTime? _newest;
    private int _count;

    /// <summary>The newest time up to which memory's count was found equal to the database's, and that count.</summary>
    private (DateTime Through, int Count)? _verified;

    /// <summary>When the count of all the screening's votes was last compared.</summary>
    private DateTime _fullCheckAt;

    public DateTime LastUsed { get; private set; }

    /// <summary>Full reads so far (the first one, and any after a failed check).</summary>
    public int FullReads { get; private set; }

    /// <summary>Counts of all the screening's votes up to the newest seen, compared with memory.</summary>
    public int FullChecks { get; private set; }

    /// <summary>Refreshes that had to read the window (the count alone did not settle it).</summary>
    public int WindowReads { get; private set; }

    /// <summary>What a refresh found: the latest vote of each participant on each statement, and how many votes there are in all.</summary>
    public sealed record Snapshot(IReadOnlyList<DialogueData.VoteRow> Latest, int Count);

    /// <summary>Votes of this screening just committed (by <see cref="VoteIngest"/>, after the commit).</summary>
    public void Observe(IEnumerable<DialogueData.VoteRow> committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        lock (_lock)
        {
            if (_newest is not null)
            {
                Add(committed);
            }
        }
    }

    /// <summary>The screening's votes as stored when the refresh began.</summary>
    public async Task<Snapshot> RefreshAsync(KinodialogDbContext db, Guid screeningId, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            LastUsed = now;
            DateTime? newest;
            lock (_lock)
            {
                newest = _newest;
            }

            if (newest is DateTime seen)
            {
                // Votes keep being committed (and handed over) while the database counts, so the
                // exact check stops at the newest vote memory had seen when the refresh began (the
                // writer stamps in commit order: every vote it stamped up to then is committed).
                // Of the newer ones, memory must have at least as many as the database had: it may
                // have been handed more since. (Should that hide a vote from elsewhere, the next
                // refresh's exact check finds it.) The exact check counts only the votes after the
                // last point it verified, and all of them every FullCheckEvery.
                var verified = _verified is { } mark && now - _fullCheckAt < fullCheckEvery ? mark : ((DateTime Through, int Count)?)null;
                var stored = verified is { } v
                    ? await db.Votes.CountAsync(x => x.ScreeningId == screeningId && x.CreatedAt > v.Through && x.CreatedAt <= seen, cancellationToken)
                    : await db.Votes.CountAsync(x => x.ScreeningId == screeningId && x.CreatedAt <= seen, cancellationToken);
                var newer = await db.Votes.CountAsync(x => x.ScreeningId == screeningId && x.CreatedAt > seen, cancellationToken);
                lock (_lock)
                {
                    var newerInMemory = _recent.Values.Count(t => t > seen);
                    var throughSeen = _count - newerInMemory;
                    if (stored == throughSeen - (verified?.Count ?? 0) && newer <= newerInMemory)
                    {
                        if (verified is null)
                        {
                            FullChecks++;
                            _fullCheckAt = now;
                        }

                        _verified = (seen, throughSeen);
                        return TakeSnapshot();
                    }
                }

                _verified = null;
                WindowReads++;
                var from = WindowStart(newest.Value);
                var window = await Read(db, screeningId, from).ToListAsync(cancellationToken);
                var older = await db.Votes.CountAsync(v => v.ScreeningId == screeningId && v.CreatedAt < from, cancellationToken);
                lock (_lock)
                {
                    Add(window);
                    if (older == _count - _recent.Values.Count(t => t >= from))
                    {
                        return TakeSnapshot();
                    }
                }
            }

            FullReads++;
            var all = await Read(db, screeningId, null).ToListAsync(cancellationToken);
            lock (_lock)
            {
                _latest.Clear();
                _recent.Clear();
                _newest = null;
                _count = 0;
                _verified = null;
                Add(all);

                // Whatever the writer handed over meanwhile was dropped with the rest; the next
                // refresh's count check finds it (a vote committed after this read is newer than
                // the newest vote seen here, so inside the window).
                _newest ??= Beginning;
                return TakeSnapshot();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static DateTime WindowStart(DateTime newest) => newest - Beginning > Overlap ? newest - Overlap : Beginning;

    private static IQueryable<DialogueData.VoteRow> Read(KinodialogDbContext db, Guid screeningId, DateTime? from) =>
        db.Votes.AsNoTracking().Where(v => v.ScreeningId == screeningId && (from == null || v.CreatedAt >= from))
            .Select(v => new DialogueData.VoteRow(v.Id, v.ParticipantId, v.StatementId, v.Value, v.CreatedAt));

    private void Add(IEnumerable<DialogueData.VoteRow> rows)
    {
        foreach (var row in rows)
        {
            if (!_recent.TryAdd(row.Id, row.CreatedAt))
            {
                continue;
            }

            _count++;
            if (_newest is null || row.CreatedAt > _newest)
            {
                _newest = row.CreatedAt;
            }

            var key = (row.ParticipantId, row.StatementId);
            if (!_latest.TryGetValue(key, out var seen) || DialogueData.IsLater(row, seen))
            {
                _latest[key] = row;
            }
        }
    }

    /// <summary>
    /// The snapshot, after dropping the ids no later window reads again (it starts at the newest
    /// vote seen, less the overlap). Called under the lock.
    /// </summary>
    private Snapshot TakeSnapshot()
    {
        if (_newest is DateTime newest)
        {
            var before = WindowStart(newest);
            foreach (var (id, time) in _recent)
            {
                if (time < before)
                {
                    _recent.Remove(id);
                }
            }
        }

        return new Snapshot([.. _latest.Values], _count);
    }
}
