using System.Globalization;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Screenings;

[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class DetailsModel(GetScreening get, UpdateScreening update) : PageModel
{
    public ScreeningView Screening { get; private set; } = null!;

    public bool Saved { get; private set; }

    public string Hours(TimeSpan length) => length.ToString(@"h\:mm", CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostChecklistAsync(Guid id, List<Guid> done, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        foreach (var item in Screening.Checklist)
        {
            var want = done.Contains(item.Id);
            if (want != item.Done)
            {
                await update.ToggleChecklistAsync(id, item.Id, want, User, cancellationToken);
            }
        }

        return Redirect(CultureLinks.Local($"/screenings/{id}"));
    }

    public async Task<IActionResult> OnPostAttendanceAsync(Guid id, int? total, int? armenian, int? azerbaijani, int? other, string? notes, string? incidents, CancellationToken cancellationToken)
    {
        static int? Count(int? value) => value is >= 0 and <= 1_000_000 ? value : null;
        var ok = await update.RecordAttendanceAsync(id, new UpdateScreening.Attendance(Count(total), Count(armenian), Count(azerbaijani), Count(other), notes ?? "", incidents ?? ""), User, cancellationToken);
        if (!ok || !await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Saved = true;
        return Page();
    }

    public async Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken cancellationToken) =>
        await update.CloseAsync(id, User, cancellationToken) ? Redirect(CultureLinks.Local($"/screenings/{id}")) : NotFound();

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var screening = await get.HandleAsync(id, User, LocalizationExtensions.CurrentCulture().Name, cancellationToken);
        if (screening is null)
        {
            return false;
        }

        Screening = screening;
        return true;
    }
}
