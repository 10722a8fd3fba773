using Kinodialog.Core.Dialogue;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>Terms that hold a proposed statement for review.</summary>
public static class Blocklist
{
    /// <summary>
    /// True when the text contains a term of this screening or a global one, compared on skeletons
    /// (<see cref="StatementText.ContainsTerm"/>: case, accents, look-alike letters and invisible characters do not matter).
    /// </summary>
    public static async Task<bool> MatchesAsync(KinodialogDbContext db, Guid screeningId, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var terms = await db.BlocklistEntries.AsNoTracking().Where(b => b.ScreeningId == null || b.ScreeningId == screeningId)
            .Select(b => new { b.Term }).ToListAsync(cancellationToken);
        return terms.Any(t => StatementText.ContainsTerm(text, t.Term));
    }
}

/// <summary>Numbers statements 1, 2, 3… per screening (retrying when two are added at once).</summary>
public static class StatementNumbers
{
    public static async Task AddAsync(KinodialogDbContext db, Statement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(statement);
        for (var attempt = 0; ; attempt++)
        {
            statement.Number = 1 + (await db.Statements.Where(s => s.ScreeningId == statement.ScreeningId).MaxAsync(s => (int?)s.Number, cancellationToken) ?? 0);
            db.Statements.Add(statement);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                db.Entry(statement).State = EntityState.Detached;
            }
        }
    }
}
