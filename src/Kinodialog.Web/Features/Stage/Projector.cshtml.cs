using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Screenings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Stage;

/// <summary>
/// What the room sees on the projector: no staff chrome, large type; the stage's content (join code,
/// film, dialogue) follows run mode, which stays on the facilitator's own window.
/// </summary>
[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class ProjectorModel(LoadStage load) : PageModel
{
    public ScreeningView Screening { get; private set; } = null!;

    public string JoinUrl { get; private set; } = "";

    /// <summary>The join address without the scheme, for reading off the wall.</summary>
    public string JoinUrlShort { get; private set; } = "";

    public string QrDataUri { get; private set; } = "";

    public Dialogue.LiveSummary? Dialogue { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await load.HandleAsync(id, Request, User, StageDialogue.InDialogueStage, cancellationToken) is not { } stage)
        {
            return NotFound();
        }

        (Screening, _, JoinUrl, QrDataUri, Dialogue) = stage;
        JoinUrlShort = stage.JoinUrlShort;
        return Page();
    }
}
