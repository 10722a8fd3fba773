using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Screenings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Surveys;

/// <summary>Printable numbered participant cards (code + QR code) for paper forms, eight per A4 page.</summary>
[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class CardsModel(ParticipantCards cards) : PageModel
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

    public async Task<IActionResult> OnPostAsync(Guid id, int count, CancellationToken cancellationToken) =>
        await cards.PrepareAsync(id, count, User, cancellationToken)
            ? Redirect(CultureLinks.Local($"/screenings/{id}/cards?from=1&to={Math.Clamp(count, 1, ParticipantCards.MaxCards)}"))
            : NotFound();

    private string Link(string? joinCode, string card) =>
        JoinLinks.For(Request, joinCode) + "&card=" + Uri.EscapeDataString(card);
}
