using System.Globalization;
using System.Security.Claims;
using System.Text;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure;
using Kinodialog.Web.Infrastructure.Cluster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Films;

/// <summary>
/// Resumable uploads of source videos with the tus 1.0.0 protocol (core + creation): POST creates an
/// upload, HEAD tells how many bytes arrived, PATCH appends bytes at that offset. Bytes are streamed to
/// disk as they arrive and every received byte is recorded, so a dropped connection resumes where it
/// stopped. When the last byte arrives the file is checked with ffprobe and an encoding job is queued.
/// </summary>
public static partial class UploadsApi
{
    public const string TusVersion = "1.0.0";
    public const string OffsetContentType = "application/offset+octet-stream";

    /// <summary>The lock of one upload: held by the request writing to it (and by the sweep deleting it).</summary>
    internal static string LockName(Guid uploadId) => "upload:" + uploadId.ToString("N");


    public static IEndpointRouteBuilder MapUploadsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").RequireAuthorization(Policies.ManageFilms).DisableAntiforgery();
        // A field laptop takes no uploads: its films arrive encoded from the central instance.
        group.AddEndpointFilter(static async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<IOptions<FieldModeOptions>>().Value.Enabled
                ? Results.NotFound()
                : await next(context));
        group.MapMethods("/uploads", [HttpMethods.Options], Options);
        group.MapPost("/films/{filmId:guid}/uploads", CreateAsync);
        group.MapMethods("/uploads/{id:guid}", [HttpMethods.Head], HeadAsync);
        group.MapMethods("/uploads/{id:guid}", [HttpMethods.Patch], PatchAsync)
            .WithMetadata(new RequestSizeLimitMetadata(null));
        return endpoints;
    }

    private sealed class RequestSizeLimitMetadata(long? maxRequestBodySize) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = maxRequestBodySize;
    }

    private static void TusHeaders(HttpResponse response, FilmsOptions options)
    {
        response.Headers["Tus-Resumable"] = TusVersion;
        response.Headers["Tus-Version"] = TusVersion;
        response.Headers["Tus-Extension"] = "creation";
        response.Headers["Tus-Max-Size"] = options.MaxUploadBytes.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
    }

    private static IResult Options(HttpResponse response, IOptions<FilmsOptions> options)
    {
        TusHeaders(response, options.Value);
        return Results.NoContent();
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    private static async Task<IResult> CreateAsync(
        Guid filmId, HttpRequest request, HttpResponse response, ClaimsPrincipal user, KinodialogDbContext db,
        IOptions<FilmsOptions> options, IStringLocalizer<FilmsResource> l, TimeProvider clock, MediaStorage storage, CancellationToken cancellationToken)
    {
        TusHeaders(response, options.Value);
        if (request.Headers["Tus-Resumable"] != TusVersion)
        {
            return Problem(StatusCodes.Status412PreconditionFailed, l["Tus-Resumable missing"], l["Send the header Tus-Resumable: {0}.", TusVersion]);
        }

        if (!await db.Films.AnyAsync(f => f.Id == filmId, cancellationToken))
        {
            return Problem(StatusCodes.Status404NotFound, l["Film not found"], l["No film has this id."]);
        }

        if (!long.TryParse(request.Headers["Upload-Length"], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length <= 0)
        {
            return Problem(StatusCodes.Status400BadRequest, l["Upload-Length missing"], l["The Upload-Length header must give the file size in bytes."]);
        }

        if (length > options.Value.MaxUploadBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, l["File too large"],
                l["The file is {0} MB; the limit is {1} MB.", length / 1_048_576, options.Value.MaxUploadBytes / 1_048_576]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var upload = new MediaUpload
        {
            FilmId = filmId,
            Length = length,
            OriginalName = FileNameFromMetadata(request.Headers["Upload-Metadata"]),
            CreatedBy = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) ? userId : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(storage.UploadPath(upload.Id))!);
        await File.WriteAllBytesAsync(storage.UploadPath(upload.Id), [], cancellationToken);
        db.MediaUploads.Add(upload);
        await db.SaveChangesAsync(cancellationToken);
        response.Headers["Upload-Offset"] = "0";
        return Results.Created($"/api/uploads/{upload.Id}", new { id = upload.Id, offset = 0L, length });
    }

    private static async Task<IResult> HeadAsync(Guid id, HttpResponse response, KinodialogDbContext db, IOptions<FilmsOptions> options, CancellationToken cancellationToken)
    {
        TusHeaders(response, options.Value);
        var upload = await db.MediaUploads.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (upload is null)
        {
            return Results.NotFound();
        }

        response.Headers["Upload-Offset"] = upload.Offset.ToString(CultureInfo.InvariantCulture);
        response.Headers["Upload-Length"] = upload.Length.ToString(CultureInfo.InvariantCulture);
        response.Headers["Upload-Status"] = upload.Status.ToString();
        return Results.Ok();
    }

    private static async Task<IResult> PatchAsync(
        Guid id, HttpContext context, KinodialogDbContext db, IOptions<FilmsOptions> options, MediaStorage storage,
        CompleteUpload complete, IClusterLocks locks, IStringLocalizer<FilmsResource> l, TimeProvider clock, ILogger<CompleteUpload> logger, CancellationToken cancellationToken)
    {
        var request = context.Request;
        TusHeaders(context.Response, options.Value);
        if (request.Headers["Tus-Resumable"] != TusVersion)
        {
            return Problem(StatusCodes.Status412PreconditionFailed, l["Tus-Resumable missing"], l["Send the header Tus-Resumable: {0}.", TusVersion]);
        }

        if (!string.Equals(request.ContentType, OffsetContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, l["Wrong content type"], l["Send the bytes as {0}.", OffsetContentType]);
        }

        if (!long.TryParse(request.Headers["Upload-Offset"], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return Problem(StatusCodes.Status400BadRequest, l["Upload-Offset missing"], l["The Upload-Offset header must give the number of bytes already sent."]);
        }

        // One writer per upload, on whichever node the piece arrives (a resumed upload may reach another).
        await using var gate = await locks.TryAcquireAsync(LockName(id), cancellationToken);
        if (gate is null)
        {
            return Problem(StatusCodes.Status423Locked, l["Upload busy"], l["Another request is writing to this upload; try again in a moment."]);
        }

        try
        {
            var upload = await db.MediaUploads.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
            if (upload is null)
            {
                return Results.NotFound();
            }

            if (upload.Status != UploadStatus.Receiving)
            {
                return Problem(StatusCodes.Status409Conflict, l["Upload finished"], l["This upload is already complete."]);
            }

            if (offset != upload.Offset)
            {
                context.Response.Headers["Upload-Offset"] = upload.Offset.ToString(CultureInfo.InvariantCulture);
                return Problem(StatusCodes.Status409Conflict, l["Wrong offset"], l["The server has {0} bytes of this file; continue from there.", upload.Offset]);
            }

            var maxChunk = Math.Min(options.Value.MaxChunkBytes, upload.Length - upload.Offset);
            if (request.ContentLength is { } declared && declared > maxChunk)
            {
                return Problem(StatusCodes.Status413PayloadTooLarge, l["Chunk too large"], l["Send at most {0} bytes per request.", maxChunk]);
            }

            var start = upload.Offset;
            var written = 0L;
            var path = storage.UploadPath(id);
            await using (var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
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
                    while ((read = await ReadAsync(request.Body, buffer)) > 0)
                    {
                        if (written + read > maxChunk)
                        {
                            return Problem(StatusCodes.Status413PayloadTooLarge, l["Chunk too large"], l["Send at most {0} bytes per request.", maxChunk]);
                        }

                        await file.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None);
                        written += read;
                        if (start + written - upload.Offset >= checkpoint)
                        {
                            // A process killed from here on resumes at this offset, not at the start of the piece.
                            await RecordAsync(file, upload, start + written, db, clock);
                        }
                    }
                }
                finally
                {
                    if (start + written > upload.Offset)
                    {
                        await RecordAsync(file, upload, start + written, db, clock);
                    }
                }
            }

            context.Response.Headers["Upload-Offset"] = upload.Offset.ToString(CultureInfo.InvariantCulture);
            if (upload.Offset < upload.Length)
            {
                return Results.NoContent();
            }

            var result = await complete.HandleAsync(upload.Id, CancellationToken.None);
            return result.Error is null
                ? Results.NoContent()
                : Problem(StatusCodes.Status422UnprocessableEntity, l["Not a playable video"], result.Error);
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            LogAborted(logger, id);
            return Results.Empty;
        }
    }

    /// <summary>
    /// Flushes the file to disk (fsync) and only then records the new offset: the database never claims
    /// a byte the disk may not hold.
    /// </summary>
    private static async Task RecordAsync(FileStream file, MediaUpload upload, long offset, KinodialogDbContext db, TimeProvider clock)
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

    /// <summary>The "filename" entry of tus Upload-Metadata ("key base64,key base64"); shown to staff only.</summary>
    internal static string? FileNameFromMetadata(string? metadata)
    {
        foreach (var pair in (metadata ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split(' ', 2);
            if (parts.Length == 2 && parts[0] is "filename" or "name")
            {
                try
                {
                    var name = Encoding.UTF8.GetString(Convert.FromBase64String(parts[1]));
                    name = Path.GetFileName(name.Replace('\\', '/'));
                    return name.Length > 255 ? name[..255] : name;
                }
                catch (FormatException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId}: connection lost; bytes received so far are kept")]
    private static partial void LogAborted(ILogger logger, Guid uploadId);
}
