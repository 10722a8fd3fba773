using Kinodialog.Core.Handbook;
using Kinodialog.Core.Localization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kinodialog.Web.Features.Handbook;

public static class HandbookApi
{
    public static IServiceCollection AddHandbook(this IServiceCollection services)
    {
        services.AddScoped<HandbookValidator>();
        services.AddScoped<ListChapters>();
        services.AddScoped<ReadChapter>();
        services.AddScoped<GetChapterText>();
        services.AddScoped<ListVersions>();
        services.AddScoped<GetVersion>();
        services.AddScoped<CreateChapter>();
        services.AddScoped<SaveChapterText>();
        services.AddScoped<SetChapterPublication>();
        services.AddScoped<RestoreVersion>();
        services.AddScoped<GetProposal>();
        services.AddScoped<ReviewProposal>();
        services.AddScoped<DemoHandbookSeeder>();
        return services;
    }

    /// <summary>Read-only JSON for published chapters: GET /api/handbook and /api/handbook/{slug}, ?culture=hy.</summary>
    public static IEndpointRouteBuilder MapHandbookApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/handbook").WithTags("Handbook");
        group.MapGet("/", ListPublishedAsync);
        group.MapGet("/{slug}", GetPublishedAsync);
        return endpoints;
    }

    public sealed record ChapterSummaryDto(string Slug, string Title, string Culture, bool AvailableInCulture, IReadOnlyList<string> Languages);

    public sealed record ChapterDto(string Slug, string Culture, string Title, string Html, bool TranslationOutOfDate, string SourceCulture, DateTime UpdatedAt, bool IsSample);

    private static async Task<Results<Ok<IReadOnlyList<ChapterSummaryDto>>, ProblemHttpResult>> ListPublishedAsync(
        string? culture, ListChapters list, CancellationToken cancellationToken)
    {
        var chosen = SupportedCultures.Find(culture ?? SupportedCultures.Default.UrlSegment);
        if (chosen is null)
        {
            return UnknownCulture(culture);
        }

        var items = await list.HandleAsync(new ListChapters.Query(chosen.Name, IncludeDrafts: false), cancellationToken);
        IReadOnlyList<ChapterSummaryDto> dtos = items
            .Select(i => new ChapterSummaryDto(i.Slug, i.Title, i.TitleCulture, i.ReadableInCulture, i.Languages.Select(l => l.Culture).ToList()))
            .ToList();
        return TypedResults.Ok(dtos);
    }

    private static async Task<Results<Ok<ChapterDto>, ProblemHttpResult>> GetPublishedAsync(
        string slug, string? culture, ReadChapter read, CancellationToken cancellationToken)
    {
        var chosen = SupportedCultures.Find(culture ?? SupportedCultures.Default.UrlSegment);
        if (chosen is null)
        {
            return UnknownCulture(culture);
        }

        var chapter = await read.HandleAsync(new ReadChapter.Query(slug, chosen.Name, IncludeDrafts: false), cancellationToken);
        if (chapter is null || chapter.Html.Length == 0)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Chapter not found",
                detail: chapter is null
                    ? $"No published chapter is called '{slug}'."
                    : $"Chapter '{slug}' is not published in {chosen.Name}; it is available in: {string.Join(", ", chapter.Languages.Select(l => l.Culture))}.");
        }

        return TypedResults.Ok(new ChapterDto(chapter.Slug, chapter.Culture, chapter.Title, chapter.Html,
            chapter.State == TranslationState.OutOfDate, chapter.SourceCulture, chapter.UpdatedAt, chapter.IsSample));
    }

    private static ProblemHttpResult UnknownCulture(string? culture) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Unknown culture",
            detail: $"Query parameter 'culture': '{culture}' is not one of en, hy, az, ru.");
}
