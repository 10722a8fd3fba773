using Kinodialog.Core.Screenings;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Stage;

/// <summary>The projector laptop's view: films in order, the join code between them, live counters.</summary>
[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class RunModel(LoadStage load, UpdateScreening update, JoinLinks joinLinks) : PageModel
{
    public ScreeningView Screening { get; private set; } = null!;

    public string JoinUrl { get; private set; } = "";

    public string QrDataUri { get; private set; } = "";

    /// <summary>The join address's base, where it came from and the addresses phones could use instead.</summary>
    public JoinAddress JoinAddress { get; private set; } = null!;

    /// <summary>The opinion map, in the dialogue stage.</summary>
    public Dialogue.LiveSummary? Dialogue { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await load.HandleAsync(id, Request, User, StageDialogue.InDialogueStage, cancellationToken) is not { } stage)
        {
            return NotFound();
        }

        (Screening, JoinAddress, JoinUrl, QrDataUri, Dialogue) = stage;
        return Page();
    }

    public async Task<IActionResult> OnPostStageAsync(Guid id, AudienceStage stage, CancellationToken cancellationToken) =>
        await update.SetStageAsync(id, stage, User, cancellationToken) ? Back(id) : NotFound();

    public async Task<IActionResult> OnPostFilmAsync(Guid id, int step, CancellationToken cancellationToken) =>
        await update.MoveFilmAsync(id, Math.Sign(step), User, cancellationToken) ? Back(id) : NotFound();

    public async Task<IActionResult> OnPostOpenAsync(Guid id, CancellationToken cancellationToken) =>
        await update.OpenJoiningAsync(id, User, cancellationToken) ? Back(id) : NotFound();

    /// <summary>The organiser picks the address phones should use; only one of this computer's listed addresses is accepted.</summary>
    public async Task<IActionResult> OnPostJoinAddressAsync(Guid id, string? address, CancellationToken cancellationToken)
    {
        if (joinLinks.Pick(HttpContext, address))
        {
            return Back(id);
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

    private RedirectResult Back(Guid id) => Redirect(CultureLinks.Local($"/screenings/{id}/run"));
}
