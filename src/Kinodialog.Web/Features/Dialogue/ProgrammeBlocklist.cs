using Kinodialog.Core.Localization;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>
/// The programme-wide blocklist: terms that hold a proposed statement for review in every
/// screening (a screening's own terms are kept on its dialogue page).
/// </summary>
public sealed class ProgrammeBlocklist(KinodialogDbContext db)
{
    public enum AddOutcome
    {
        Added,
        Empty,
        TooLong,
        UnknownLanguage,
        AlreadyThere,
    }

    public async Task<IReadOnlyList<ModerationTerm>> ListAsync(CancellationToken cancellationToken) =>
        await db.BlocklistEntries.AsNoTracking().Where(b => b.ScreeningId == null)
            .OrderBy(b => b.Culture).ThenBy(b => b.Term)
            .Select(b => new ModerationTerm(b.Id, b.Culture, b.Term, true))
            .ToListAsync(cancellationToken);

    public async Task<AddOutcome> AddAsync(string? culture, string? term, CancellationToken cancellationToken)
    {
        term = term?.Trim() ?? "";
        if (term.Length == 0)
        {
            return AddOutcome.Empty;
        }

        if (term.Length > DialogueModeration.MaxTermLength)
        {
            return AddOutcome.TooLong;
        }

        if (SupportedCultures.Find(culture) is not { } language)
        {
            return AddOutcome.UnknownLanguage;
        }

        var existing = await db.BlocklistEntries.AsNoTracking().Where(b => b.ScreeningId == null && b.Culture == language.Name).Select(b => b.Term).ToListAsync(cancellationToken);
        if (existing.Any(t => language.Culture.CompareInfo.Compare(t, term, System.Globalization.CompareOptions.IgnoreCase) == 0))
        {
            return AddOutcome.AlreadyThere;
        }

        db.BlocklistEntries.Add(new BlocklistEntry { ScreeningId = null, Culture = language.Name, Term = term });
        await db.SaveChangesAsync(cancellationToken);
        return AddOutcome.Added;
    }

    public async Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken) =>
        await db.BlocklistEntries.Where(b => b.Id == id && b.ScreeningId == null).ExecuteDeleteAsync(cancellationToken) > 0;
}
