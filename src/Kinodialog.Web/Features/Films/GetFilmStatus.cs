using Kinodialog.Data;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Films;

/// <summary>A film's encodes and uploads, for the staff's progress view (GET /api/films/{id}/status).</summary>
public sealed class GetFilmStatus(KinodialogDbContext db)
{
    public sealed record Status(bool Playable, IReadOnlyList<EncodingView> Encodings, IReadOnlyList<UploadView> Uploads);

    public async Task<Status?> HandleAsync(Guid filmId, CancellationToken cancellationToken)
    {
        var film = await db.Films.AsNoTracking().Where(f => f.Id == filmId).Select(f => new { f.CurrentEncodingId }).FirstOrDefaultAsync(cancellationToken);
        if (film is null)
        {
            return null;
        }

        var encodings = await db.EncodingJobs.AsNoTracking().Where(j => j.FilmId == filmId).OrderByDescending(j => j.CreatedAt).Take(5)
            .Select(j => new EncodingView(j.Id, j.Status, j.Progress, j.Attempts, j.MaxAttempts, j.Error, j.CreatedAt, j.FinishedAt, j.SourceRemovedAt))
            .ToListAsync(cancellationToken);
        var uploads = await db.MediaUploads.AsNoTracking().Where(u => u.FilmId == filmId).OrderByDescending(u => u.CreatedAt).Take(5)
            .Select(u => new UploadView(u.Id, u.Status, u.Length, u.Offset, u.OriginalName, u.Error, u.UpdatedAt))
            .ToListAsync(cancellationToken);
        return new Status(film.CurrentEncodingId is not null, encodings, uploads);
    }
}
