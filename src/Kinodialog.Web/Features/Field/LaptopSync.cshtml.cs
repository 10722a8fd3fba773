using Kinodialog.Data;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Field;

/// <summary>The sync page: per screening what waits, what went and every error; "Send now"; the results file.</summary>
[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class LaptopSyncModel(
    KinodialogDbContext db, CollectResults collect, SyncScreening sync, ExportResults export, IOptions<FieldModeOptions> fieldMode, IStringLocalizer<FieldResource> l) : PageModel
{
    public sealed record LogLine(DateTime At, bool IsError, string Text);

    public sealed record ScreeningSync(
        Guid Id, string Title, DateTime? LastSyncedAt, DateTime? CheckedInAt, DateTime? RawDataDeletedAt,
        IReadOnlyDictionary<string, int> Waiting, IReadOnlyList<LogLine> Log);

    public IReadOnlyList<ScreeningSync> Screenings { get; private set; } = [];

    public string SuggestedPassphrase { get; private set; } = "";

    public string? Message { get; private set; }

    public bool MessageIsError { get; private set; }

    public Guid? ExportFor { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!fieldMode.Value.Enabled)
        {
            return NotFound();
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(Guid screeningId, CancellationToken cancellationToken)
    {
        if (!fieldMode.Value.Enabled || !await db.FieldCheckouts.AnyAsync(c => c.ScreeningId == screeningId, cancellationToken))
        {
            return NotFound();
        }

        var report = await sync.HandleAsync(screeningId, cancellationToken);
        (Message, MessageIsError) = report.Error is not null
            ? (FieldMessages.Describe(l, report.Error), true)
            : report.CheckedIn
                ? (l["Everything was sent and confirmed."].Value, false)
                : (l["{0} record(s) sent. The screening is checked in once it is closed.", report.Records].Value, false);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostExportAsync(Guid screeningId, string? passphrase, string? confirmPassphrase, CancellationToken cancellationToken)
    {
        if (!fieldMode.Value.Enabled || !await db.FieldCheckouts.AnyAsync(c => c.ScreeningId == screeningId, cancellationToken))
        {
            return NotFound();
        }

        string? problem = null;
        if ((passphrase ?? "").Length < ResultsBundle.MinPassphraseLength)
        {
            problem = l["Choose a passphrase of at least {0} characters.", ResultsBundle.MinPassphraseLength];
        }
        else if (!string.Equals(passphrase, confirmPassphrase, StringComparison.Ordinal))
        {
            problem = l["The two passphrases differ."];
        }

        if (problem is null)
        {
            var file = await export.HandleAsync(screeningId, passphrase!, cancellationToken);
            if (file is null)
            {
                return NotFound();
            }

            return File(file.Content, "application/octet-stream", file.FileName);
        }

        (Message, MessageIsError, ExportFor) = (problem, true, screeningId);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        SuggestedPassphrase = ExportResults.GeneratePassphrase();
        var checkouts = await db.FieldCheckouts.AsNoTracking()
            .Join(db.Screenings, c => c.ScreeningId, s => s.Id, (c, s) => new { s.Id, s.Title, s.StartsAtUtc, c.LastSyncedAt, c.CheckedInAt, c.RawDataDeletedAt })
            .OrderBy(x => x.StartsAtUtc).ToListAsync(cancellationToken);
        var list = new List<ScreeningSync>();
        foreach (var c in checkouts)
        {
            var log = await db.FieldSyncLog.AsNoTracking().Where(e => e.ScreeningId == c.Id).OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(30)
                .ToListAsync(cancellationToken);
            list.Add(new ScreeningSync(
                c.Id, c.Title, c.LastSyncedAt, c.CheckedInAt, c.RawDataDeletedAt,
                c.CheckedInAt is null ? await collect.WaitingAsync(c.Id, cancellationToken) : new Dictionary<string, int>(),
                log.Select(e => new LogLine(e.At, e.IsError, FieldMessages.DescribeLog(l, e.Message, e.Count))).ToList()));
        }

        Screenings = list;
    }
}
