using Kinodialog.Data;
using Kinodialog.Data.Entities;

namespace Kinodialog.Web.Features.Films;

/// <summary>An upload in one request (the media page without JavaScript): streamed to disk, then the same checks as a resumable upload.</summary>
public sealed class ReceiveUploadedFile(KinodialogDbContext db, MediaStorage storage, CompleteUpload complete, TimeProvider clock)
{
    public sealed record Command(Guid FilmId, long Length, string? OriginalName, Guid? CreatedBy, Func<Stream, CancellationToken, Task> CopyTo);

    public async Task<CompleteUpload.Result> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var upload = new MediaUpload
        {
            FilmId = command.FilmId,
            Length = command.Length,
            Offset = command.Length,
            OriginalName = command.OriginalName,
            Status = UploadStatus.Received,
            CreatedBy = command.CreatedBy,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var path = storage.UploadPath(upload.Id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await command.CopyTo(target, cancellationToken);
        }

        db.MediaUploads.Add(upload);
        await db.SaveChangesAsync(cancellationToken);
        return await complete.HandleAsync(upload.Id, cancellationToken);
    }
}
