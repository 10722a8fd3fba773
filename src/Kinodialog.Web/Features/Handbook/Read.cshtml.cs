using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Kinodialog.Web.Features.Handbook;

public sealed class ReadModel(ReadChapter read) : HandbookPageModel
{
    public ChapterView Chapter { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var chapter = await read.HandleAsync(new ReadChapter.Query(slug, LocalizationExtensions.CurrentCulture().Name, IncludeDrafts: CanWrite), cancellationToken);
        if (chapter is null)
        {
            return NotFound();
        }

        Chapter = chapter;
        return Page();
    }
}
