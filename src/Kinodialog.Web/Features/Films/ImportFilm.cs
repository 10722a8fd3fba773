using System.Text.Json;
using Kinodialog.Core.Localization;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Films;

/// <summary>
/// Imports an existing film from disk (CLI `films import`): metadata from an optional JSON file, the
/// video encoded like an upload, and subtitle files named in the metadata. Validated before anything is saved.
/// </summary>
public sealed class ImportFilm(
    KinodialogDbContext db,
    SaveFilm saveFilm,
    SaveSubtitles saveSubtitles,
    IMediaInspector inspector,
    EncodeLocalVideo encode)
{
    /// <summary>The metadata file's shape (camelCase JSON).</summary>
    public sealed record ImportMetadata(
        string? Slug,
        int? Year,
        bool? Published,
        IReadOnlyList<FilmText>? Texts,
        IReadOnlyList<string>? Themes,
        IReadOnlyList<string>? ContentNotes,
        IReadOnlyList<FilmCreditInput>? Credits,
        IReadOnlyDictionary<string, string>? Subtitles);

    public sealed record Result(bool Succeeded, string? Slug, IReadOnlyList<string> Messages);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public async Task<Result> HandleAsync(string videoPath, string? metadataPath, CancellationToken cancellationToken)
    {
        var messages = new List<string>();
        if (!File.Exists(videoPath))
        {
            return new Result(false, null, [$"--file: {videoPath} does not exist."]);
        }

        ImportMetadata metadata;
        try
        {
            metadata = metadataPath is null
                ? new ImportMetadata(null, null, null, null, null, null, null, null)
                : JsonSerializer.Deserialize<ImportMetadata>(await File.ReadAllTextAsync(metadataPath, cancellationToken), Json)
                  ?? throw new JsonException("empty document");
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return new Result(false, null, [$"--metadata: {metadataPath}: {ex.Message}"]);
        }

        var baseName = Path.GetFileNameWithoutExtension(videoPath);
        var slug = metadata.Slug ?? SlugFrom(baseName);
        var texts = metadata.Texts ?? [new FilmText(SupportedCultures.English.Name, baseName, "", "")];
        var subtitles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (language, file) in metadata.Subtitles ?? new Dictionary<string, string>())
        {
            var culture = SupportedCultures.Find(language);
            var path = Path.IsPathRooted(file) ? file : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(metadataPath!))!, file);
            if (culture is null)
            {
                messages.Add($"--metadata: subtitles: '{language}' is not one of en, hy, az, ru.");
            }
            else if (!File.Exists(path))
            {
                messages.Add($"--metadata: subtitles.{language}: {path} does not exist.");
            }
            else
            {
                subtitles[culture.Name] = path;
            }
        }

        var inspection = await inspector.InspectAsync(videoPath, cancellationToken);
        if (!inspection.IsPlayable)
        {
            messages.Add($"--file: {videoPath} is not a playable video ({inspection.Reason}).");
        }

        if (await db.Films.AnyAsync(f => f.Slug == slug, cancellationToken))
        {
            messages.Add($"A film called '{slug}' already exists; choose another \"slug\" in the metadata.");
        }

        if (messages.Count > 0)
        {
            return new Result(false, slug, messages);
        }

        var saved = await saveFilm.HandleAsync(
            new SaveFilm.Command(null, new FilmMetadata(slug, metadata.Year, metadata.Published ?? false, texts, metadata.Themes ?? [], metadata.ContentNotes ?? [], metadata.Credits ?? [])),
            cancellationToken);
        if (!saved.Succeeded)
        {
            return new Result(false, slug, saved.Errors.Select(e => $"--metadata: {e.Key}: {e.Value}").ToList());
        }

        var filmId = saved.FilmId!.Value;
        var encoded = await encode.HandleAsync(filmId, Path.GetFileName(videoPath), target => Task.Run(() => File.Copy(videoPath, target), cancellationToken), cancellationToken);
        messages.Add(encoded.Succeeded ? "Video encoded." : $"Encoding failed: {encoded.Error}");

        foreach (var (culture, path) in subtitles)
        {
            var result = await saveSubtitles.HandleAsync(new SaveSubtitles.Command(filmId, culture, await File.ReadAllBytesAsync(path, cancellationToken), null, null), cancellationToken);
            messages.Add($"Subtitles {culture}: {result.Summary}");
            messages.AddRange(result.Issues.Select(i => $"  {Path.GetFileName(path)}:{i.Line}: {(i.IsError ? "error" : "warning")} {i.Code}"));
        }

        return new Result(encoded.Succeeded, slug, messages);
    }

    internal static string SlugFrom(string name)
    {
        var folded = Kinodialog.Core.Search.SearchText.Normalize(name);
        var ascii = new string(folded.Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-').ToArray());
        var slug = string.Join('-', ascii.Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (slug.Length > 80)
        {
            slug = slug[..80].TrimEnd('-');
        }

        return slug.Length >= 3 ? slug : "film-" + Guid.NewGuid().ToString("N")[..8];
    }
}
