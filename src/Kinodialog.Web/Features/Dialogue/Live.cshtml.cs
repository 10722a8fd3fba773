using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>The opinion map for the projector, updated over the screening's event stream.</summary>
[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class LiveModel(DialogueSummaries summaries) : PageModel
{
    public Guid Id { get; private set; }

    public LiveSummary Summary { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var summary = await summaries.HandleAsync(id, User, LocalizationExtensions.CurrentCulture().Name, cancellationToken);
        if (summary is null)
        {
            return NotFound();
        }

        Id = id;
        Summary = summary;
        return Page();
    }

    /// <summary>The summary alone (the projector's script swaps it in when votes arrive).</summary>
    public async Task<IActionResult> OnGetFragmentAsync(Guid id, CancellationToken cancellationToken)
    {
        var summary = await summaries.HandleAsync(id, User, LocalizationExtensions.CurrentCulture().Name, cancellationToken);
        return summary is null ? NotFound() : Partial("_DialogueSummary", summary);
    }
}
