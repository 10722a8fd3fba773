using Kinodialog.Core.Screenings;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Features.Shared;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Stage;

/// <summary>
/// What the room sees on the projector: no staff chrome, large type; the stage's content (join code,
/// film, dialogue) follows run mode, which stays on the facilitator's own window.
/// </summary>
[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class ProjectorModel(GetScreening get, DialogueSummaries dialogue, JoinLinks joinLinks) : PageModel
{
    public ScreeningView Screening { get; private set; } = null!;

    public string JoinUrl { get; private set; } = "";

    /// <summary>The join address without the scheme, for reading off the wall.</summary>
    public string JoinUrlShort { get; private set; } = "";

    public string QrDataUri { get; private set; } = "";

    public Dialogue.LiveSummary? Dialogue { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var screening = await get.HandleAsync(id, User, LocalizationExtensions.CurrentCulture().Name, cancellationToken);
        if (screening is null)
        {
            return NotFound();
        }

        Screening = screening;
        JoinUrl = joinLinks.For(Request, screening.JoinCode);
        JoinUrlShort = new Uri(joinLinks.Address(Request).BaseUrl).Authority + "/join";
        QrDataUri = QrCodes.SvgDataUri(JoinUrl);
        if (screening.Stage == AudienceStage.Dialogue)
        {
            Dialogue = await dialogue.HandleAsync(id, User, LocalizationExtensions.CurrentCulture().Name, cancellationToken);
        }

        return Page();
    }
}
