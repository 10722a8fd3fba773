using Kinodialog.Core.Screenings;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Screenings;

[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class DetailsModel(GetScreening get, UpdateScreening update, Microsoft.Extensions.Localization.IStringLocalizer<ScreeningsResource> L) : PageModel
{
    public ScreeningView Screening { get; private set; } = null!;

    public bool Saved { get; private set; }

    /// <summary>The attendance form as typed, when it could not be saved.</summary>
    public IReadOnlyDictionary<string, string?>? Typed { get; private set; }

    /// <summary>Set when "Close the screening" was pressed once: the page asks to confirm.</summary>
    public bool ConfirmClose { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostChecklistAsync(Guid id, List<Guid> done, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            // A box whose value is not one of the checklist's items: nothing is changed.
            return Page();
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

    public async Task<IActionResult> OnPostAttendanceAsync(Guid id, string? total, string? armenian, string? azerbaijani, string? other, string? notes, string? incidents, CancellationToken cancellationToken)
    {
        var (counts, problems) = AttendanceRules.Read(total, armenian, azerbaijani, other);
        if (problems.Count > 0)
        {
            // Nothing is saved; the form comes back as typed, each problem on its field.
            if (!await LoadAsync(id, cancellationToken))
            {
                return NotFound();
            }

            foreach (var (field, problem) in problems)
            {
                ModelState.AddModelError(field, problem == AttendanceProblem.PartsExceedTotal
                    ? L["The people by community add up to {0}, more than the {1} who came.", AttendanceRules.PartsSum(counts), counts.Total ?? 0]
                    : L["Enter a whole number of people (0 or more), or leave it empty."]);
            }

            Typed = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["total"] = total,
                ["armenian"] = armenian,
                ["azerbaijani"] = azerbaijani,
                ["other"] = other,
                ["notes"] = notes,
                ["incidents"] = incidents,
            };
            return Page();
        }

        var ok = await update.RecordAttendanceAsync(id, new UpdateScreening.Attendance(counts.Total, counts.Armenian, counts.Azerbaijani, counts.Other, notes ?? "", incidents ?? ""), User, cancellationToken);
        if (!ok || !await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Saved = true;
        return Page();
    }

    /// <summary>Closing asks once more: the first press shows what closing does, the second (confirm) closes.</summary>
    public async Task<IActionResult> OnPostCloseAsync(Guid id, bool confirm, CancellationToken cancellationToken)
    {
        if (!confirm)
        {
            if (!await LoadAsync(id, cancellationToken))
            {
                return NotFound();
            }

            ConfirmClose = true;
            return Page();
        }

        return await update.CloseAsync(id, User, cancellationToken) ? Redirect(CultureLinks.Local($"/screenings/{id}")) : NotFound();
    }

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
