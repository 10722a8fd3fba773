using Kinodialog.Core.Localization;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Shared;
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
    public int? SortOrder { get; set; }

    public void OnGet()
    {
        SourceCulture = LocalizationExtensions.CurrentCulture().Name;
        SortOrder = 1000;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (SortOrder is null && ModelState.GetFieldValidationState(nameof(SortOrder)) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            ModelState.AddModelError(nameof(SortOrder), HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Shared.SharedResource>>()[ValidationMessages.EnterNumber]);
        }

        if (this.HasUnreadableInput(nameof(SortOrder)))
        {
            return Page();
        }

        var result = await create.HandleAsync(new CreateChapter.Command(Slug, SourceCulture, Title, Markdown, SortOrder!.Value, CurrentAuthor()), cancellationToken);
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
