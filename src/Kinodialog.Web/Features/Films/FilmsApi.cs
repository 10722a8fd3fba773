using Kinodialog.Core.Localization;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure.Media;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kinodialog.Web.Features.Films;

public static class FilmsApi
{
    public static IServiceCollection AddFilms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FilmsOptions>()
            .Bind(configuration.GetSection(FilmsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<MediaStorage>();
        services.AddScoped<FilmSearch>();
        services.AddScoped<FilmIndexer>();
        services.AddScoped<ListFilms>();
        services.AddScoped<GetFilm>();
        services.AddScoped<SaveFilm>();
        services.AddScoped<SaveSubtitles>();
        services.AddScoped<CompleteUpload>();
        services.AddScoped<CreateUpload>();
        services.AddScoped<GetUploadProgress>();
        services.AddScoped<AppendToUpload>();
        services.AddScoped<ReceiveUploadedFile>();
        services.AddScoped<GetFilmStatus>();
        services.AddMediaTools(configuration);
        services.AddSingleton<FfmpegMediaProcessor>();
        services.AddSingleton<IMediaInspector>(sp => sp.GetRequiredService<FfmpegMediaProcessor>());
        services.AddSingleton<IFilmTranscoder>(sp => sp.GetRequiredService<FfmpegMediaProcessor>());
        services.AddSingleton<EncodingSignal>();
        services.AddSingleton<EncodingWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<EncodingWorker>());
        services.AddScoped<SweepAbandonedUploads>();
        services.AddScoped<SweepEncodingLeftovers>();
        services.AddScoped<RetryEncoding>();
        services.AddSingleton<UploadSweepWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<UploadSweepWorker>());
        services.AddScoped<DemoFilmSeeder>();
        services.AddScoped<ImportFilm>();
        services.AddScoped<EncodeLocalVideo>();
        return services;
    }

    /// <summary>JSON: GET /api/films?culture=&amp;q= (published films) and GET /api/films/{id}/status (staff: upload and encode progress).</summary>
    public static IEndpointRouteBuilder MapFilmsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/films").WithTags("Films");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}/status", StatusAsync).RequireAuthorization(Policies.WriteSubtitles);
        endpoints.MapUploadsApi();
        return endpoints;
    }

    public sealed record FilmSummaryDto(string Slug, string Title, string TitleCulture, int? Year, double? DurationSeconds, IReadOnlyList<string> Themes, IReadOnlyList<string> ContentNotes, IReadOnlyList<string> SubtitleCultures);

    public sealed record StatusDto(bool Playable, IReadOnlyList<EncodingView> Encodings, IReadOnlyList<UploadView> Uploads);

    private static async Task<Results<Ok<IReadOnlyList<FilmSummaryDto>>, ProblemHttpResult>> ListAsync(
        string? culture, string? q, ListFilms list, CancellationToken cancellationToken)
    {
        var chosen = SupportedCultures.Find(culture ?? SupportedCultures.Default.UrlSegment);
        if (chosen is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown culture", detail: $"Query parameter 'culture': '{culture}' is not one of en, hy, az, ru.");
        }

        var films = await list.HandleAsync(new ListFilms.Query(chosen.Name, q), cancellationToken);
        IReadOnlyList<FilmSummaryDto> dtos = films
            .Select(f => new FilmSummaryDto(f.Slug, f.Title, f.TitleCulture, f.Year, f.DurationSeconds, f.Themes, f.ContentNotes, f.SubtitleCultures))
            .ToList();
        return TypedResults.Ok(dtos);
    }

    private static async Task<Results<Ok<StatusDto>, NotFound>> StatusAsync(Guid id, GetFilmStatus status, CancellationToken cancellationToken) =>
        await status.HandleAsync(id, cancellationToken) is { } found
            ? TypedResults.Ok(new StatusDto(found.Playable, found.Encodings, found.Uploads))
            : TypedResults.NotFound();
}
