using Kinodialog.Web.Infrastructure.Localization;

namespace Kinodialog.Web.Features.Handbook;

public sealed class IndexModel(ListChapters list) : HandbookPageModel
{
    public IReadOnlyList<ChapterListItem> Chapters { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Chapters = await list.HandleAsync(new ListChapters.Query(LocalizationExtensions.CurrentCulture().Name, IncludeDrafts: CanWrite), cancellationToken);
}
