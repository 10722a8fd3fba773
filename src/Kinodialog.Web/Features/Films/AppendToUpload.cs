using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Infrastructure.Cluster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Films;

/// <summary>
/// Appends one piece (tus PATCH) at the recorded offset, under the upload's lock. Bytes are streamed to disk
/// as they arrive; every <see cref="FilmsOptions.UploadCheckpointBytes"/> and at the end the file is flushed
/// (fsync) and only then the offset recorded, so a process killed half-way resumes from the last checkpoint.
/// When the last byte arrived the file is checked and queued for encoding (<see cref="CompleteUpload"/>).
/// </summary>
public sealed class AppendToUpload(
    KinodialogDbContext db, MediaStorage storage, CompleteUpload complete, IClusterLocks locks, IOptions<FilmsOptions> options, TimeProvider clock)
{
    public sealed record Command(Guid UploadId, long Offset, long? DeclaredLength, Stream Body);

    public enum Outcome
    {
        Appended,
        Busy,
        NotFound,
        Finished,
        WrongOffset,
        ChunkTooLarge,
        Rejected,
    }

    /// <param name="Offset">The recorded offset after the request (the right one for <see cref="Outcome.WrongOffset"/>).</param>
    /// <param name="MaxChunk">The largest piece accepted, for <see cref="Outcome.ChunkTooLarge"/>.</param>
    /// <param name="Error">Why the complete file was rejected.</param>
    public sealed record Result(Outcome Outcome, long? Offset = null, long MaxChunk = 0, string? Error = null);

    public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        // One writer per upload, on whichever node the piece arrives (a resumed upload may reach another).
        await using var gate = await locks.TryAcquireAsync(UploadsApi.LockName(command.UploadId), cancellationToken);
        if (gate is null)
        {
            return new Result(Outcome.Busy);
        }

        var upload = await db.MediaUploads.FirstOrDefaultAsync(u => u.Id == command.UploadId, cancellationToken);
        if (upload is null)
        {
            return new Result(Outcome.NotFound);
        }

        if (upload.Status != UploadStatus.Receiving)
        {
            return new Result(Outcome.Finished);
        }

        if (command.Offset != upload.Offset)
        {
            return new Result(Outcome.WrongOffset, upload.Offset);
        }

        var maxChunk = Math.Min(options.Value.MaxChunkBytes, upload.Length - upload.Offset);
        if (command.DeclaredLength is { } declared && declared > maxChunk)
        {
            return new Result(Outcome.ChunkTooLarge, MaxChunk: maxChunk);
        }

        var start = upload.Offset;
        var written = 0L;
        await using (var file = new FileStream(storage.UploadPath(upload.Id), FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            // Bytes past the recorded offset come from a request that died before it was recorded: drop them.
            file.SetLength(start);
            file.Seek(start, SeekOrigin.Begin);
            var checkpoint = options.Value.UploadCheckpointBytes;
            var buffer = new byte[1 << 16];
            int read;
            try
            {
                // Not the request's token: when the client disconnects, what already arrived is kept and recorded.
                while ((read = await ReadAsync(command.Body, buffer)) > 0)
                {
                    if (written + read > maxChunk)
                    {
                        return new Result(Outcome.ChunkTooLarge, MaxChunk: maxChunk);
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None);
                    written += read;
                    if (start + written - upload.Offset >= checkpoint)
                    {
                        // A process killed from here on resumes at this offset, not at the start of the piece.
                        await RecordAsync(file, upload, start + written);
                    }
                }
            }
            finally
            {
                if (start + written > upload.Offset)
                {
                    await RecordAsync(file, upload, start + written);
                }
            }
        }

        if (upload.Offset < upload.Length)
        {
            return new Result(Outcome.Appended, upload.Offset);
        }

        var completed = await complete.HandleAsync(upload.Id, CancellationToken.None);
        return completed.Error is null
            ? new Result(Outcome.Appended, upload.Offset)
            : new Result(Outcome.Rejected, upload.Offset, Error: completed.Error);
    }

    /// <summary>Flushes the file to disk (fsync) and only then records the offset: the database never claims a byte the disk may not hold.</summary>
    private async Task RecordAsync(FileStream file, MediaUpload upload, long offset)
    {
        await file.FlushAsync(CancellationToken.None);
        file.Flush(flushToDisk: true);
        upload.Offset = offset;
        upload.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static async Task<int> ReadAsync(Stream body, byte[] buffer)
    {
        try
        {
            return await body.ReadAsync(buffer, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            return 0; // connection lost: keep what arrived
        }
    }
}
