using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Stage;

/// <summary>The printable facilitator pack, in the language of the address (/hy/… prints it in Armenian).</summary>
[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class PackModel(LoadStage load, JoinLinks joinLinks) : PageModel
{
    /// <summary>After the screening the pack doubles as the facilitator's report: the dialogue's summary, when anyone voted.</summary>
    public Dialogue.LiveSummary? Dialogue { get; private set; }

    public ScreeningView Screening { get; private set; } = null!;

    public string JoinUrl { get; private set; } = "";

    public string QrDataUri { get; private set; } = "";

    /// <summary>The join address's base, where it came from and the addresses phones could use instead.</summary>
    public JoinAddress JoinAddress { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await load.HandleAsync(id, Request, User, StageDialogue.OnceVoted, cancellationToken) is not { } stage)
        {
            return NotFound();
        }

        (Screening, JoinAddress, JoinUrl, QrDataUri, Dialogue) = stage;
        return Page();
    }

    /// <summary>The organiser picks the address phones should use; only one of this computer's listed addresses is accepted.</summary>
    public async Task<IActionResult> OnPostJoinAddressAsync(Guid id, string? address, CancellationToken cancellationToken)
    {
        if (joinLinks.Pick(HttpContext, address))
        {
            return Redirect(CultureLinks.Local($"/screenings/{id}/pack"));
        }

        // The network may have changed since the page was loaded: say so, and offer today's list.
        var page = await OnGetAsync(id, cancellationToken);
        if (page is PageResult)
        {
            JoinAddress = JoinAddress with { PickRefused = true };
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return page;
    }
}
