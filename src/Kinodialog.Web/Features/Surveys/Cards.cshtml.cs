using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Features.Shared;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Surveys;

/// <summary>Printable numbered participant cards (code + QR code) for paper forms, eight per A4 page.</summary>
[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class CardsModel(ParticipantCards cards, JoinLinks joinLinks) : PageModel
{
    public ParticipantCards.Sheet Sheet { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, int? from, int? to, CancellationToken cancellationToken)
    {
        var sheet = await cards.SheetAsync(id, from ?? 1, to ?? int.MaxValue, Link, User, cancellationToken);
        if (sheet is null)
        {
            return NotFound();
        }

        Sheet = sheet;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, int? count, CancellationToken cancellationToken)
    {
        if (count is not { } wanted || wanted < 1 || !ModelState.IsValid)
        {
            // An empty or unreadable number is an error, never a default number of cards.
            ModelState.AddModelError(nameof(count), HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()[ValidationMessages.Range, "", 1, ParticipantCards.MaxCards]);
            return await OnGetAsync(id, null, null, cancellationToken);
        }

        return await cards.PrepareAsync(id, wanted, User, cancellationToken)
            ? Redirect(CultureLinks.Local($"/screenings/{id}/cards?from=1&to={Math.Clamp(wanted, 1, ParticipantCards.MaxCards)}"))
            : NotFound();
    }

    private string Link(string? joinCode, string card) =>
        joinLinks.For(Request, joinCode) + "&card=" + Uri.EscapeDataString(card);
}
