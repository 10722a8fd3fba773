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

/// <summary>The facilitator's field page: screenings checked out to this laptop, downloads and their progress.</summary>
[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class LaptopHomeModel(
    KinodialogDbContext db, CentralClient central, FieldDownloads downloads, IOptions<FieldModeOptions> fieldMode, IStringLocalizer<FieldResource> l) : PageModel
{
    public sealed record Downloaded(Guid Id, string Title, DateTime StartsAtUtc, DateTime DownloadedAt, DateTime? CheckedInAt);

    public sealed record Choice(string Rendition, long Size, bool Chosen);

    public bool Enrolled { get; private set; }

    public string? DeviceName { get; private set; }

    public IReadOnlyList<Downloaded> OnLaptop { get; private set; } = [];

    public IReadOnlyList<CheckoutSummary> CheckedOut { get; private set; } = [];

    public string? CentralError { get; private set; }

    public Guid? Choosing { get; private set; }

    public string? ChoosingTitle { get; private set; }

    public IReadOnlyList<Choice> Choices { get; private set; } = [];

    public long SubtitleBytes { get; private set; }

    public IReadOnlyList<DownloadProgress> Progress { get; private set; } = [];

    public bool AnyRunning => Progress.Any(p => p.Running);

    public string Describe(DownloadProgress progress) =>
        progress.Succeeded ? l["Downloaded."] : FieldMessages.Describe(l, progress.Failure, progress.Error);

    public async Task<IActionResult> OnGetAsync(Guid? choose, CancellationToken cancellationToken)
    {
        if (!fieldMode.Value.Enabled)
        {
            return NotFound();
        }

        var link = await LoadAsync(cancellationToken);
        if (link is null)
        {
            return Page();
        }

        // Downloads cut by a restart of the laptop (or a lost connection) go on from the bytes on disk.
        downloads.ResumePending();

        var list = await central.ListAsync(link, cancellationToken);
        if (list.Succeeded)
        {
            CheckedOut = list.Value!.Screenings;
        }
        else
        {
            CentralError = FieldMessages.Describe(l, list.Error);
        }

        Progress = OnLaptop.Select(d => d.Id).Concat(CheckedOut.Select(c => c.ScreeningId)).Distinct()
            .Select(downloads.Progress).OfType<DownloadProgress>().ToList();

        if (choose is { } id)
        {
            var package = await central.PackageAsync(link, id, cancellationToken);
            if (!package.Succeeded)
            {
                CentralError = FieldMessages.Describe(l, package.Error);
                return Page();
            }

            Choosing = id;
            ChoosingTitle = package.Value!.Screening.Title;
            SubtitleBytes = package.Value.Films.Sum(f => f.Subtitles.Sum(s => s.Size));
            Choices = FieldRenditions.Choosable
                .Select(r => new Choice(r, package.Value.Films.Sum(f => f.Renditions.Where(x => x.Rendition == r).Sum(x => x.Size)), FieldRenditions.Default.Contains(r)))
                .Where(c => c.Size > 0 || c.Chosen)
                .ToList();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostDownloadAsync(Guid screeningId, string[]? renditions, CancellationToken cancellationToken)
    {
        if (!fieldMode.Value.Enabled)
        {
            return NotFound();
        }

        var chosen = (renditions ?? []).Where(FieldRenditions.Choosable.Contains).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.Count == 0)
        {
            chosen = [.. FieldRenditions.Default];
        }

        if (await FieldLinks.LoadAsync(db, cancellationToken) is not null)
        {
            downloads.Start(screeningId, chosen);
        }

        return Redirect(CultureLinks.Local("/field"));
    }

    private async Task<FieldLink?> LoadAsync(CancellationToken cancellationToken)
    {
        var connection = await db.FieldConnections.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        Enrolled = connection is not null;
        DeviceName = connection?.DeviceName;
        OnLaptop = (await db.FieldCheckouts.AsNoTracking()
            .Join(db.Screenings, c => c.ScreeningId, s => s.Id, (c, s) => new { s.Id, s.Title, s.StartsAtUtc, c.DownloadedAt, c.CheckedInAt })
            .OrderBy(d => d.StartsAtUtc).ToListAsync(cancellationToken))
            .Select(d => new Downloaded(d.Id, d.Title, d.StartsAtUtc, d.DownloadedAt, d.CheckedInAt)).ToList();
        return connection is null ? null : await FieldLinks.LoadAsync(db, cancellationToken);
    }
}
