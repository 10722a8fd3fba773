using Kinodialog.Core.Localization;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Kinodialog.Web.Features.Handbook;

[Authorize(Policy = Policies.EditHandbook)]
public sealed class NewModel(CreateChapter create) : HandbookPageModel
{
    [BindProperty]
    public string? Slug { get; set; }

    [BindProperty]
    public string? SourceCulture { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Markdown { get; set; }

    [BindProperty]
    public int SortOrder { get; set; } = 1000;

    public void OnGet() => SourceCulture = LocalizationExtensions.CurrentCulture().Name;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await create.HandleAsync(new CreateChapter.Command(Slug, SourceCulture, Title, Markdown, SortOrder, CurrentAuthor()), cancellationToken);
        if (result.Status != HandbookChangeStatus.Done)
        {
            foreach (var (field, message) in result.Errors)
            {
                ModelState.AddModelError(field, message);
            }

            return Page();
        }

        var language = SupportedCultures.Get(SourceCulture!);
        return Redirect(CultureLinks.Local($"/handbook/{Slug!.Trim()}/edit/{language.UrlSegment}?saved=true"));
    }
}
