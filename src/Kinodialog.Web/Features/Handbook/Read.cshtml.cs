using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Kinodialog.Web.Features.Handbook;

public sealed class ReadModel(ReadChapter read, GetProposal proposals) : HandbookPageModel
{
    public ChapterView Chapter { get; private set; } = null!;

    /// <summary>For staff: the languages with a proposed revision awaiting review.</summary>
    public IReadOnlyList<string> PendingReviews { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var chapter = await read.HandleAsync(new ReadChapter.Query(slug, LocalizationExtensions.CurrentCulture().Name, IncludeDrafts: CanWrite), cancellationToken);
        if (chapter is null)
        {
            return NotFound();
        }

        Chapter = chapter;
        if (CanWrite)
        {
            PendingReviews = await proposals.PendingCulturesAsync(slug, cancellationToken);
        }

        return Page();
    }
}
