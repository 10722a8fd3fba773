using System.Security.Claims;
using Kinodialog.Core.Accounts;
using Kinodialog.Core.Localization;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Films;

[Authorize(Policy = Policies.WriteSubtitles)]
[MediaBodyLimits] // the body size limit of each handler, and 403 for a video upload before its body is read
[RequestFormLimits(MultipartBodyLengthLimit = long.MaxValue)]
public sealed class MediaModel(
    GetFilm get,
    SaveSubtitles saveSubtitles,
    ReceiveUploadedFile receive,
    RetryEncoding retry,
    IOptions<FilmsOptions> options,
    IOptions<FieldModeOptions> fieldMode,
    IStringLocalizer<FilmsResource> l) : PageModel
{
    public FilmDetails Film { get; private set; } = null!;

    public SubtitleUploadResult? SubtitleReport { get; private set; }

    public string? UploadMessage { get; private set; }

    public bool UploadFailed { get; private set; }

    public bool CanManage => StaffRoles.FilmEditors.Any(User.IsInRole);

    /// <summary>On a field laptop films arrive encoded from the central instance: no uploads.</summary>
    public bool FieldLaptop => fieldMode.Value.Enabled;

    public long MaxUploadGigabytes => Math.Max(1, options.Value.MaxUploadBytes / (1024L * 1024 * 1024));

    /// <summary>Until when the source of an encode that failed for good is kept for a retry.</summary>
    public DateTime? SourceKeptUntil(EncodingView job) =>
        job is { Status: EncodingStatus.Failed, SourceRemovedAt: null, FinishedAt: { } end } ? end + options.Value.KeepFailedSourcesFor : null;

    public string StatusText(EncodingStatus status) => status switch
    {
        EncodingStatus.Pending => l["waiting"],
        EncodingStatus.Running => l["being encoded"],
        EncodingStatus.Succeeded => l["done"],
        _ => l["failed"],
    };

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        await LoadAsync(slug, cancellationToken) ? Page() : NotFound();

    /// <summary>Upload without JavaScript: one request, streamed to disk, then the same checks as a resumable upload.</summary>
    public async Task<IActionResult> OnPostUploadAsync(string slug, IFormFile? file, CancellationToken cancellationToken)
    {
        if (await RefusedToManageAsync(slug, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (file is null || file.Length == 0)
        {
            (UploadMessage, UploadFailed) = (l["Choose a video file first."], true);
            return Page();
        }

        if (file.Length > options.Value.MaxUploadBytes)
        {
            (UploadMessage, UploadFailed) = (l["The file is {0} MB; the limit is {1} MB.", file.Length / 1_048_576, options.Value.MaxUploadBytes / 1_048_576], true);
            return Page();
        }

        var result = await receive.HandleAsync(
            new ReceiveUploadedFile.Command(
                Film.Id,
                file.Length,
                Path.GetFileName(file.FileName) is { Length: > 0 } name ? name[..Math.Min(name.Length, 255)] : null,
                Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) ? userId : null,
                file.CopyToAsync),
            cancellationToken);
        (UploadMessage, UploadFailed) = result.Error is null ? (l["Upload complete. The video is being checked and encoded."].Value, false) : (result.Error, true);
        await LoadAsync(slug, cancellationToken);
        return Page();
    }

    /// <summary>
    /// Why this user may not upload or re-encode this film's video (none on a field laptop; Programme staff
    /// and Admins only; the film must exist), or null after loading the page for them.
    /// </summary>
    private async Task<IActionResult?> RefusedToManageAsync(string slug, CancellationToken cancellationToken)
    {
        if (FieldLaptop)
        {
            return NotFound();
        }

        if (!CanManage)
        {
            return Forbid();
        }

        return await LoadAsync(slug, cancellationToken) ? null : NotFound();
    }

    /// <summary>Queues an encode that failed for good once more, while its source is kept.</summary>
    public async Task<IActionResult> OnPostRetryAsync(string slug, Guid job, CancellationToken cancellationToken)
    {
        if (await RefusedToManageAsync(slug, cancellationToken) is { } refused)
        {
            return refused;
        }

        var outcome = await retry.HandleAsync(Film.Id, job, cancellationToken);
        if (outcome == RetryEncoding.Outcome.NotFound)
        {
            return NotFound();
        }

        (UploadMessage, UploadFailed) = outcome switch
        {
            RetryEncoding.Outcome.Queued => (l["The encode was queued again."].Value, false),
            RetryEncoding.Outcome.SourceGone => (l["The uploaded file of this encode is no longer there; upload the video again."].Value, true),
            _ => (l["This encode cannot be retried now."].Value, true),
        };
        await LoadAsync(slug, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSubtitlesAsync(string slug, string? language, string? encoding, IFormFile? file, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        var culture = SupportedCultures.All.FirstOrDefault(c => c.UrlSegment == language);
        if (culture is null || file is null || file.Length == 0)
        {
            SubtitleReport = SubtitleUploadResult.Failed(l["Choose a subtitle file and its language."]);
            return Page();
        }

        if (file.Length > options.Value.MaxSubtitleBytes)
        {
            SubtitleReport = SubtitleUploadResult.Failed(l["The subtitle file is too large (at most {0} KB).", options.Value.MaxSubtitleBytes / 1024]);
            return Page();
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        SubtitleReport = await saveSubtitles.HandleAsync(
            new SaveSubtitles.Command(Film.Id, culture.Name, buffer.ToArray(), string.IsNullOrEmpty(encoding) ? null : encoding,
                Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) ? userId : null),
            cancellationToken);
        await LoadAsync(slug, cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        var film = await get.HandleAsync(slug, LocalizationExtensions.CurrentCulture().Name, includeUnpublished: true, cancellationToken);
        if (film is null)
        {
            return false;
        }

        Film = film;
        return true;
    }
}
