using System.Globalization;
using System.Security.Claims;
using System.Text;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
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

    private static NoContent Options(HttpResponse response, IOptions<FilmsOptions> options)
    {
        TusHeaders(response, options.Value);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>What POST answers: the new upload at offset 0.</summary>
    public sealed record UploadCreated(Guid Id, long Offset, long Length);

    private static async Task<Results<Created<UploadCreated>, ProblemHttpResult>> CreateAsync(
        Guid filmId, HttpRequest request, HttpResponse response, ClaimsPrincipal user, CreateUpload create,
        IOptions<FilmsOptions> options, IStringLocalizer<FilmsResource> l, CancellationToken cancellationToken)
    {
        TusHeaders(response, options.Value);
        if (request.Headers["Tus-Resumable"] != TusVersion)
        {
            return Problem(StatusCodes.Status412PreconditionFailed, l["Tus-Resumable missing"], l["Send the header Tus-Resumable: {0}.", TusVersion]);
        }

        long? length = long.TryParse(request.Headers["Upload-Length"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var result = await create.HandleAsync(
            new CreateUpload.Command(filmId, length, FileNameFromMetadata(request.Headers["Upload-Metadata"]),
                Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) ? userId : null),
            cancellationToken);
        switch (result.Outcome)
        {
            case CreateUpload.Outcome.FilmNotFound:
                return Problem(StatusCodes.Status404NotFound, l["Film not found"], l["No film has this id."]);
            case CreateUpload.Outcome.LengthMissing:
                return Problem(StatusCodes.Status400BadRequest, l["Upload-Length missing"], l["The Upload-Length header must give the file size in bytes."]);
            case CreateUpload.Outcome.TooLarge:
                return Problem(StatusCodes.Status413PayloadTooLarge, l["File too large"],
                    l["The file is {0} MB; the limit is {1} MB.", result.Length / 1_048_576, options.Value.MaxUploadBytes / 1_048_576]);
            default:
                response.Headers["Upload-Offset"] = "0";
                return TypedResults.Created($"/api/uploads/{result.UploadId}", new UploadCreated(result.UploadId, 0L, result.Length));
        }
    }

    private static async Task<Results<Ok, NotFound>> HeadAsync(Guid id, HttpResponse response, GetUploadProgress progress, IOptions<FilmsOptions> options, CancellationToken cancellationToken)
    {
        TusHeaders(response, options.Value);
        var upload = await progress.HandleAsync(id, cancellationToken);
        if (upload is null)
        {
            return TypedResults.NotFound();
        }

        response.Headers["Upload-Offset"] = upload.Offset.ToString(CultureInfo.InvariantCulture);
        response.Headers["Upload-Length"] = upload.Length.ToString(CultureInfo.InvariantCulture);
        response.Headers["Upload-Status"] = upload.Status.ToString();
        return TypedResults.Ok();
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult, EmptyHttpResult>> PatchAsync(
        Guid id, HttpContext context, AppendToUpload append, IOptions<FilmsOptions> options,
        IStringLocalizer<FilmsResource> l, ILogger<CompleteUpload> logger, CancellationToken cancellationToken)
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

        AppendToUpload.Result result;
        try
        {
            result = await append.HandleAsync(new AppendToUpload.Command(id, offset, request.ContentLength, request.Body), cancellationToken);
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            LogAborted(logger, id);
            return TypedResults.Empty;
        }

        if (result.Offset is { } recorded)
        {
            context.Response.Headers["Upload-Offset"] = recorded.ToString(CultureInfo.InvariantCulture);
        }

        return result.Outcome switch
        {
            AppendToUpload.Outcome.Busy => Problem(StatusCodes.Status423Locked, l["Upload busy"], l["Another request is writing to this upload; try again in a moment."]),
            AppendToUpload.Outcome.NotFound => TypedResults.NotFound(),
            AppendToUpload.Outcome.Finished => Problem(StatusCodes.Status409Conflict, l["Upload finished"], l["This upload is already complete."]),
            AppendToUpload.Outcome.WrongOffset => Problem(StatusCodes.Status409Conflict, l["Wrong offset"], l["The server has {0} bytes of this file; continue from there.", result.Offset!.Value]),
            AppendToUpload.Outcome.ChunkTooLarge => Problem(StatusCodes.Status413PayloadTooLarge, l["Chunk too large"], l["Send at most {0} bytes per request.", result.MaxChunk]),
            AppendToUpload.Outcome.Rejected => Problem(StatusCodes.Status422UnprocessableEntity, l["Not a playable video"], result.Error!),
            _ => TypedResults.NoContent(),
        };
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
