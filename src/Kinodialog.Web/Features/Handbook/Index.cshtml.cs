using Kinodialog.Web.Infrastructure.Localization;

namespace Kinodialog.Web.Features.Handbook;

public sealed class IndexModel(ListChapters list, GetProposal proposals) : HandbookPageModel
{
    public IReadOnlyList<ChapterListItem> Chapters { get; private set; } = [];

    /// <summary>For staff: the chapter languages with a proposed revision awaiting review.</summary>
    public IReadOnlySet<(string Slug, string Culture)> PendingReviews { get; private set; } = new HashSet<(string, string)>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Chapters = await list.HandleAsync(new ListChapters.Query(LocalizationExtensions.CurrentCulture().Name, IncludeDrafts: CanWrite), cancellationToken);
        if (CanWrite)
        {
            PendingReviews = await proposals.AllPendingAsync(cancellationToken);
        }
    }
}
