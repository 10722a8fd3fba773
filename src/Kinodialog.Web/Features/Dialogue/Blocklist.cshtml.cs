using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>Programme staff keep the blocklist that applies to every screening.</summary>
[Authorize(Policy = Policies.OverseeScreenings)]
public sealed class BlocklistModel(ProgrammeBlocklist blocklist, IStringLocalizer<DialogueResource> l, Accounts.StaffAuditLog audit) : PageModel
{
    public IReadOnlyList<ModerationTerm> Terms { get; private set; } = [];

    public string? Error { get; private set; }

    [BindProperty]
    public string? Term { get; set; }

    [BindProperty]
    public string? Culture { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Culture ??= LocalizationExtensions.CurrentCulture().Name;
        Terms = await blocklist.ListAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        Error = await blocklist.AddAsync(Culture, Term, cancellationToken) switch
        {
            ProgrammeBlocklist.AddOutcome.Added => (string?)null,
            ProgrammeBlocklist.AddOutcome.Empty => l["Type the term to block."],
            ProgrammeBlocklist.AddOutcome.TooLong => l["A term can be at most {0} characters long.", DialogueModeration.MaxTermLength],
            ProgrammeBlocklist.AddOutcome.UnknownLanguage => l["Choose the language the term is in."],
            _ => l["“{0}” is already on the blocklist in this language.", Term?.Trim() ?? ""],
        };
        if (Error is null)
        {
            return Redirect(CultureLinks.Local("/dialogue/blocklist"));
        }

        Terms = await blocklist.ListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid term, CancellationToken cancellationToken)
    {
        if (await blocklist.RemoveAsync(term, cancellationToken))
        {
            await audit.RecordAsync(Accounts.StaffAuditActions.Deleted, User, detail: $"programme blocklist term {term}");
        }

        return Redirect(CultureLinks.Local("/dialogue/blocklist"));
    }
}
