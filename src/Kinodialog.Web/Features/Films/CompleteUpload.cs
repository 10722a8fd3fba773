using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Films;

/// <summary>
/// Runs when the last byte of an upload arrived: checks the file with ffprobe, rejects anything that
/// is not a playable video (nothing published changes), and queues a durable encoding job otherwise.
/// </summary>
public sealed partial class CompleteUpload(
    KinodialogDbContext db,
    IMediaInspector inspector,
    MediaStorage storage,
    EncodingSignal queue,
    IOptions<FilmsOptions> options,
    IStringLocalizer<FilmsResource> l,
    TimeProvider clock,
    ILogger<CompleteUpload> logger)
{
    public sealed record Result(Guid? JobId, string? Error);

    public async Task<Result> HandleAsync(Guid uploadId, CancellationToken cancellationToken)
    {
        var upload = await db.MediaUploads.FirstAsync(u => u.Id == uploadId, cancellationToken);
        var path = storage.UploadPath(uploadId);
        var inspection = await inspector.InspectAsync(path, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        upload.UpdatedAt = now;
        if (!inspection.IsPlayable)
        {
            upload.Status = UploadStatus.Rejected;
            upload.Error = l["This file is not a playable video ({0}). Nothing was changed; upload a video file such as MP4, MOV, MKV or AVI.", Reason(inspection.Reason)];
            await db.SaveChangesAsync(cancellationToken);
            File.Delete(path);
            LogRejected(logger, uploadId, inspection.Reason ?? "");
            return new Result(null, upload.Error);
        }

        upload.Status = UploadStatus.Accepted;
        var job = new EncodingJob
        {
            FilmId = upload.FilmId,
            UploadId = upload.Id,
            CreatedAt = now,
            MaxAttempts = options.Value.MaxEncodeAttempts,
        };
        db.EncodingJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        queue.Wake();
        LogQueued(logger, uploadId, job.Id);
        return new Result(job.Id, null);
    }

    private string Reason(string? reason) => reason switch
    {
        "not a video file" => l["the file is not a video"],
        "no video stream" => l["it has no video picture"],
        "a still image, not a video" => l["it is a still image"],
        "duration unknown" => l["its length cannot be read"],
        "video size unknown" => l["its picture size cannot be read"],
        _ => l["it could not be read"],
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, Guid uploadId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId} accepted; encoding job {JobId} queued")]
    private static partial void LogQueued(ILogger logger, Guid uploadId, Guid jobId);
}
