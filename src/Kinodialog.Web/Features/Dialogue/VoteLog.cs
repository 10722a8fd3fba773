using Kinodialog.Data;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>
/// The votes of one screening kept in memory between recomputes, so a recompute reads only the
/// votes stored since the last one. Votes are never changed or deleted, only added; their time is
/// set before they wait for the group commit, so one may be committed after a later-stamped one:
/// each refresh re-reads a window of <see cref="Overlap"/> before the newest vote seen, and then
/// checks that the database holds exactly as many votes older than that window as memory does
/// (if not, it reads everything again). The database stays the truth.
/// </summary>
public sealed class VoteLog : IDisposable
{
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    private readonly List<DialogueData.VoteRow> _rows = [];
    private readonly HashSet<Guid> _ids = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTime? _newest;

    public DateTime LastUsed { get; private set; }

    /// <summary>Full reads so far (the first one, and any after a failed check).</summary>
    public int FullReads { get; private set; }

    /// <summary>Every vote of the screening stored when the refresh began (in no particular order).</summary>
    public async Task<IReadOnlyList<DialogueData.VoteRow>> RefreshAsync(KinodialogDbContext db, Guid screeningId, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            LastUsed = now;
            if (_newest is DateTime newest)
            {
                var from = newest - Overlap;
                Add(await Read(db, screeningId, from).ToListAsync(cancellationToken));
                var older = _rows.Count(r => r.CreatedAt < from);
                if (await db.Votes.CountAsync(v => v.ScreeningId == screeningId && v.CreatedAt < from, cancellationToken) == older)
                {
                    return [.. _rows];
                }

                _rows.Clear();
                _ids.Clear();
            }

            FullReads++;
            Add(await Read(db, screeningId, null).ToListAsync(cancellationToken));
            return [.. _rows];
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static IQueryable<DialogueData.VoteRow> Read(KinodialogDbContext db, Guid screeningId, DateTime? from) =>
        db.Votes.AsNoTracking().Where(v => v.ScreeningId == screeningId && (from == null || v.CreatedAt >= from))
            .Select(v => new DialogueData.VoteRow(v.Id, v.ParticipantId, v.StatementId, v.Value, v.CreatedAt));

    private void Add(List<DialogueData.VoteRow> rows)
    {
        foreach (var row in rows)
        {
            if (_ids.Add(row.Id))
            {
                _rows.Add(row);
                if (_newest is null || row.CreatedAt > _newest)
                {
                    _newest = row.CreatedAt;
                }
            }
        }
    }
}
