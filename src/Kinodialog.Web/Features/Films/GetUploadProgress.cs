using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Films;

/// <summary>How far an upload got (tus HEAD).</summary>
public sealed class GetUploadProgress(KinodialogDbContext db)
{
    public sealed record Progress(long Offset, long Length, UploadStatus Status);

    public Task<Progress?> HandleAsync(Guid uploadId, CancellationToken cancellationToken) =>
        db.MediaUploads.AsNoTracking().Where(u => u.Id == uploadId)
            .Select(u => new Progress(u.Offset, u.Length, u.Status))
            .FirstOrDefaultAsync(cancellationToken);
}
