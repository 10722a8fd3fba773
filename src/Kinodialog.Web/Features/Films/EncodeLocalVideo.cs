using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Films;

/// <summary>
/// Encodes a video that is already on this machine (CLI import, demo films) exactly like an upload:
/// an accepted upload, a durable job, and the encode run now (the command line has no background worker).
/// </summary>
public sealed class EncodeLocalVideo(KinodialogDbContext db, MediaStorage storage, EncodingWorker worker, TimeProvider clock)
{
    public sealed record Result(bool Succeeded, string? Error);

    /// <param name="writeSource">Writes the source video to the given path (copy a file, or generate one).</param>
    public async Task<Result> HandleAsync(Guid filmId, string originalName, Func<string, Task> writeSource, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var upload = new MediaUpload { FilmId = filmId, Status = UploadStatus.Accepted, OriginalName = originalName, CreatedAt = now, UpdatedAt = now };
        var path = storage.UploadPath(upload.Id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await writeSource(path);
        upload.Length = upload.Offset = new FileInfo(path).Length;
        var job = new EncodingJob { FilmId = filmId, UploadId = upload.Id, CreatedAt = now };
        db.MediaUploads.Add(upload);
        db.EncodingJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);

        await worker.RunNowAsync(job.Id, cancellationToken);
        var status = await db.EncodingJobs.AsNoTracking().Where(j => j.Id == job.Id).Select(j => new { j.Status, j.Error }).FirstAsync(cancellationToken);
        return new Result(status.Status == EncodingStatus.Succeeded, status.Error);
    }
}
