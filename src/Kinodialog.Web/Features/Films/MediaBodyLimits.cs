using Kinodialog.Core.Accounts;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Films;

/// <summary>
/// Body limits of the media page, decided before anything reads the body (antiforgery included) (Razor Pages have no per-handler
/// limits): the video upload may be as large as <see cref="FilmsOptions.MaxUploadBytes"/> and only for
/// those who may upload video (others get 403 without a byte read); every other post (subtitles) at
/// most <see cref="FilmsOptions.MaxSubtitleBytes"/> plus the form around it.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class MediaBodyLimitsAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    /// <summary>Room for the multipart boundaries, headers and the other fields of the form.</summary>
    public const long FormOverheadBytes = 64 * 1024;

    public const string UploadHandler = "Upload";

    /// <summary>Before the antiforgery check, which would read the form: nothing may read the body before this.</summary>
    public int Order => int.MinValue + 100;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<FilmsOptions>>().Value;
        var handler = context.RouteData.Values["handler"] as string ?? http.Request.Query["handler"].ToString();
        long limit;
        if (HttpMethods.IsPost(http.Request.Method) && string.Equals(handler, UploadHandler, StringComparison.OrdinalIgnoreCase))
        {
            if (!StaffRoles.FilmEditors.Any(http.User.IsInRole))
            {
                context.Result = new ForbidResult();
                return;
            }

            limit = options.MaxUploadBytes + FormOverheadBytes;
        }
        else
        {
            limit = options.MaxSubtitleBytes + FormOverheadBytes;
        }

        if (http.Request.ContentLength > limit)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }
    }
}
