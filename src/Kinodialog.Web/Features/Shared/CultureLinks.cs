using Kinodialog.Core.Localization;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Diagnostics;

namespace Kinodialog.Web.Features.Shared;

/// <summary>Builds links within the current language and to the same page in another language.</summary>
public static class CultureLinks
{
    /// <summary>"/hy" + path, for the current request's language.</summary>
    public static string Local(string path) => $"/{LocalizationExtensions.CurrentCulture().UrlSegment}{path}";

    /// <summary>The current page in another language (the page that failed, on an error page).</summary>
    public static string Switch(HttpContext context, SupportedCulture culture)
    {
        var path = context.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? context.Features.Get<IExceptionHandlerPathFeature>()?.Path
            ?? context.Request.Path.Value
            ?? "/";
        var query = context.Features.Get<IStatusCodeReExecuteFeature>() is { } reExecute
            ? reExecute.OriginalQueryString ?? ""
            : context.Request.QueryString.Value ?? "";
        var current = UrlSegmentCultureProvider.CultureFromPath(new PathString(path));
        var rest = current is null ? path : path[(current.UrlSegment.Length + 1)..];
        if (rest.Length == 0)
        {
            rest = "/";
        }

        return $"/{culture.UrlSegment}{rest}{query}";
    }
}
