using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Films;

/// <summary>Starts a resumable upload of a film's video: a record at offset 0 and an empty .part file.</summary>
public sealed class CreateUpload(KinodialogDbContext db, MediaStorage storage, IOptions<FilmsOptions> options, TimeProvider clock)
{
    /// <param name="Length">The announced size in bytes; null when the header was missing or not a number.</param>
    public sealed record Command(Guid FilmId, long? Length, string? OriginalName, Guid? CreatedBy);

    public enum Outcome
    {
        Created,
        FilmNotFound,
        LengthMissing,
        TooLarge,
    }

    public sealed record Result(Outcome Outcome, Guid UploadId = default, long Length = 0);

    public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        if (!await db.Films.AnyAsync(f => f.Id == command.FilmId, cancellationToken))
        {
            return new Result(Outcome.FilmNotFound);
        }

        if (command.Length is not { } length || length <= 0)
        {
            return new Result(Outcome.LengthMissing);
        }

        if (length > options.Value.MaxUploadBytes)
        {
            return new Result(Outcome.TooLarge, Length: length);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var upload = new MediaUpload
        {
            FilmId = command.FilmId,
            Length = length,
            OriginalName = command.OriginalName,
            CreatedBy = command.CreatedBy,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(storage.UploadPath(upload.Id))!);
        await File.WriteAllBytesAsync(storage.UploadPath(upload.Id), [], cancellationToken);
        db.MediaUploads.Add(upload);
        await db.SaveChangesAsync(cancellationToken);
        return new Result(Outcome.Created, upload.Id, length);
    }
}
