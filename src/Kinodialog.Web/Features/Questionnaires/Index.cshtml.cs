using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Questionnaires;

[Authorize(Policy = Policies.ManageQuestionnaires)]
public sealed class IndexModel(ListQuestionnaires list, CreateQuestionnaire create, StartDraft startDraft, IStringLocalizer<QuestionnairesResource> l) : PageModel
{
    public IReadOnlyList<QuestionnaireSummary> Questionnaires { get; private set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Questionnaires = await list.HandleAsync(LocalizationExtensions.CurrentCulture().Name, cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var result = await create.HandleAsync(new CreateQuestionnaire.Command(Name, LocalizationExtensions.CurrentCulture().Name), cancellationToken);
        if (result.VersionId is { } id)
        {
            return Redirect(CultureLinks.Local($"/questionnaires/{id}/edit"));
        }

        ModelState.AddModelError(nameof(Name), l["Enter a name (at most {0} characters).", CreateQuestionnaire.MaxNameLength]);
        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDraftAsync(Guid versionId, CancellationToken cancellationToken)
    {
        var result = await startDraft.HandleAsync(versionId, cancellationToken);
        return result.Outcome switch
        {
            StartDraft.Outcome.Created => Redirect(CultureLinks.Local($"/questionnaires/{result.DraftId}/edit")),
            StartDraft.Outcome.DraftExists => Redirect(CultureLinks.Local($"/questionnaires/{result.DraftId}/edit?existing=true")),
            _ => NotFound(),
        };
    }
}
