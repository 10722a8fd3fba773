using System.Collections.Concurrent;
using System.Text.Json;
using Kinodialog.Data;
using Kinodialog.Web.Features.Films;

namespace Kinodialog.Web.Features.Field;

/// <summary>Renditions a facilitator can choose; 360p and the poster by default.</summary>
public static class FieldRenditions
{
    public const string Poster = "poster";

    public static readonly IReadOnlyList<string> Choosable = ["240p", "360p", "720p", Poster];

    public static readonly IReadOnlyList<string> Default = ["360p", Poster];

    /// <summary>Bytes of a choice: the chosen renditions and every subtitle file of the package's films.</summary>
    public static long SizeOf(IEnumerable<PackageFilm> films, IReadOnlyCollection<string> chosen) =>
        films.Sum(f => f.Renditions.Where(r => chosen.Contains(r.Rendition)).Sum(r => r.Size) + f.Subtitles.Sum(s => s.Size));
}

/// <summary>Where the download of one screening stands (kept in memory; a page refresh shows it).</summary>
public sealed class DownloadProgress
{
    public required Guid ScreeningId { get; init; }

    public long TotalBytes { get; set; }

    public long DoneBytes { get; set; }

    public int Files { get; set; }

    public int FilesDone { get; set; }

    public bool Running { get; set; } = true;

    public bool Succeeded { get; set; }

    public DownloadFailure Failure { get; set; }

    public CentralError? Error { get; set; }

    public int Percent => TotalBytes <= 0 ? (Running ? 0 : 100) : (int)Math.Clamp(DoneBytes * 100 / TotalBytes, 0, 100);
}

/// <summary>
/// Downloads a checked-out screening: its package, then each chosen rendition and every subtitle file
/// (resumable, verified), then imports the package. Called by the background downloads and by tests.
/// </summary>
public sealed class DownloadScreening(KinodialogDbContext db, CentralClient central, FileDownloader downloader, ImportPackage import)
{
    public async Task<DownloadProgress> HandleAsync(Guid screeningId, IReadOnlyCollection<string> renditions, DownloadProgress? progress, CancellationToken cancellationToken)
    {
        progress ??= new DownloadProgress { ScreeningId = screeningId };
        var link = await FieldLinks.LoadAsync(db, cancellationToken);
        if (link is null)
        {
            return Fail(progress, DownloadFailure.Central, new CentralError(CentralFailure.Revoked));
        }

        var package = await central.PackageAsync(link, screeningId, cancellationToken);
        if (!package.Succeeded)
        {
            return Fail(progress, DownloadFailure.Central, package.Error);
        }

        var content = package.Value!;
        if (content.FormatVersion != FieldLimits.FormatVersion)
        {
            return Fail(progress, DownloadFailure.Central, new CentralError(CentralFailure.Unreadable));
        }

        var wanted = content.Films.SelectMany(f =>
                f.Renditions.Where(r => renditions.Contains(r.Rendition)).Select(r => (Film: f.Id, r.Sha256, r.Size, Extension: ImportPackage.Extension(r.ContentType)))
                    .Concat(f.Subtitles.Select(s => (Film: f.Id, s.Sha256, s.Size, Extension: "vtt"))))
            .ToList();
        progress.TotalBytes = wanted.Sum(w => w.Size);
        progress.Files = wanted.Count;
        long finished = 0;
        foreach (var file in wanted)
        {
            var before = finished;
            var outcome = await downloader.DownloadAsync(
                link, file.Film, file.Sha256, file.Size, file.Extension, new Progress(progress, before), cancellationToken);
            if (!outcome.Succeeded)
            {
                return Fail(progress, outcome.Failure, outcome.Central);
            }

            finished += file.Size;
            progress.DoneBytes = finished;
            progress.FilesDone++;
        }

        await import.HandleAsync(content, cancellationToken);
        progress.Running = false;
        progress.Succeeded = true;
        return progress;
    }

    private static DownloadProgress Fail(DownloadProgress progress, DownloadFailure failure, CentralError? error)
    {
        progress.Running = false;
        progress.Failure = failure;
        progress.Error = error;
        return progress;
    }

    /// <summary>Reports synchronously (no synchronisation context hop): bytes of the current file on top of the finished ones.</summary>
    private sealed class Progress(DownloadProgress progress, long before) : IProgress<long>
    {
        public void Report(long value) => progress.DoneBytes = before + value;
    }
}

/// <summary>
/// Runs screening downloads in the background, one at a time per screening, with their progress in memory.
/// Which downloads are wanted (screening and renditions) is kept in <c>field/pending-downloads.json</c>
/// below the media folder until they succeed or the central instance refuses them for good (the laptop
/// was revoked, the screening is no longer checked out to it), so a download cut by a restart of the
/// laptop, or by a lost connection, goes on by itself (<see cref="ResumePending"/>: when the field page is
/// opened, and at every background sync) from the bytes already on disk.
/// </summary>
public sealed partial class FieldDownloads(IServiceScopeFactory scopes, MediaStorage storage, IHostApplicationLifetime lifetime, ILogger<FieldDownloads> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<Guid, DownloadProgress> _progress = new();

    private readonly Lock _file = new();

    /// <summary>A download wanted: the screening and the renditions chosen.</summary>
    public sealed record Pending(Guid ScreeningId, IReadOnlyList<string> Renditions);

    private string PendingPath => Path.Combine(storage.Root, "field", "pending-downloads.json");

    public DownloadProgress? Progress(Guid screeningId) => _progress.GetValueOrDefault(screeningId);

    /// <summary>Starts a download unless one of the same screening is running; false when one is.</summary>
    public bool Start(Guid screeningId, IReadOnlyCollection<string> renditions)
    {
        var progress = new DownloadProgress { ScreeningId = screeningId };
        var current = _progress.AddOrUpdate(screeningId, progress, (_, existing) => existing.Running ? existing : progress);
        if (!ReferenceEquals(current, progress))
        {
            return false;
        }

        Update(list => [.. list.Where(p => p.ScreeningId != screeningId), new Pending(screeningId, [.. renditions])]);
        _ = Task.Run(() => RunAsync(progress, renditions), CancellationToken.None);
        return true;
    }

    /// <summary>The downloads wanted and not finished (after a restart: those cut by it).</summary>
    public IReadOnlyList<Pending> PendingDownloads()
    {
        lock (_file)
        {
            return ReadPending();
        }
    }

    /// <summary>Starts again every wanted download that is not running; the number started.</summary>
    public int ResumePending()
    {
        var started = 0;
        foreach (var pending in PendingDownloads())
        {
            if (Progress(pending.ScreeningId) is not { Running: true } && Start(pending.ScreeningId, pending.Renditions))
            {
                started++;
            }
        }

        return started;
    }

    private async Task RunAsync(DownloadProgress progress, IReadOnlyCollection<string> renditions)
    {
        var stopped = false;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DownloadScreening>()
                .HandleAsync(progress.ScreeningId, renditions, progress, lifetime.ApplicationStopping);
        }
        catch (Exception exception)
        {
            progress.Failure = DownloadFailure.Central;
            progress.Error = new CentralError(CentralFailure.Unreadable);
            stopped = exception is OperationCanceledException;
            if (!stopped)
            {
                LogFailed(logger, progress.ScreeningId, exception);
            }
        }
        finally
        {
            progress.Running = false;
        }

        // Done, or failed in a way another try would not mend (the laptop revoked, the screening no longer
        // checked out to it, bytes not those announced, an answer this version cannot read): no longer
        // wanted; the field page shows why. A cut, a time-out, a server error or a stop: wanted still.
        var final = progress.Failure is DownloadFailure.HashMismatch or DownloadFailure.TooLong
            || progress.Error?.Failure is CentralFailure.Revoked or CentralFailure.Refused or CentralFailure.Unreadable;
        if (progress.Succeeded || (final && !stopped))
        {
            Update(list => [.. list.Where(p => p.ScreeningId != progress.ScreeningId)]);
        }
    }

    private void Update(Func<IReadOnlyList<Pending>, IReadOnlyList<Pending>> change)
    {
        try
        {
            lock (_file)
            {
                var list = change(ReadPending());
                Directory.CreateDirectory(Path.GetDirectoryName(PendingPath)!);
                var temporary = PendingPath + ".tmp";
                File.WriteAllText(temporary, JsonSerializer.Serialize(list, Json));
                File.Move(temporary, PendingPath, overwrite: true);
            }
        }
        catch (IOException exception)
        {
            // The download still runs; only its resumption after a restart is lost.
            LogPendingNotSaved(logger, exception);
        }
    }

    private List<Pending> ReadPending()
    {
        try
        {
            return File.Exists(PendingPath) ? JsonSerializer.Deserialize<List<Pending>>(File.ReadAllText(PendingPath), Json) ?? [] : [];
        }
        catch (Exception exception) when (exception is IOException or JsonException)
        {
            LogPendingNotRead(logger, exception);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The list of downloads to resume could not be saved")]
    private static partial void LogPendingNotSaved(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The list of downloads to resume could not be read (starting with none)")]
    private static partial void LogPendingNotRead(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Download of screening {ScreeningId} failed")]
    private static partial void LogFailed(ILogger logger, Guid screeningId, Exception exception);
}
