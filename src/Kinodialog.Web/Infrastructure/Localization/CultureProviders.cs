using Kinodialog.Core.Localization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Net.Http.Headers;

namespace Kinodialog.Web.Infrastructure.Localization;

/// <summary>Culture from the first URL segment (/en/…, /hy/…, /az/…, /ru/…).</summary>
public sealed class UrlSegmentCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var culture = CultureFromPath(httpContext.Request.Path);
        return Task.FromResult(culture is null ? null : new ProviderCultureResult(culture.Name));
    }

    public static SupportedCulture? CultureFromPath(PathString path)
    {
        var value = path.Value;
        if (string.IsNullOrEmpty(value) || value.Length < 3)
        {
            return null;
        }

        var end = value.IndexOf('/', 1);
        var segment = end < 0 ? value[1..] : value[1..end];
        return SupportedCultures.All.FirstOrDefault(c => string.Equals(c.UrlSegment, segment, StringComparison.Ordinal));
    }
}

/// <summary>
/// Culture from the browser's Accept-Language, matched by language so that "az", "az-AZ" and
/// "az-Latn-AZ" all mean Azerbaijani (Latin), and "hy-AM" means Armenian.
/// </summary>
public sealed class LanguageTagCultureProvider : RequestCultureProvider
{
    /// <summary>
    /// The request's languages, best first: the one this browser chose here before (the language
    /// cookie), then its Accept-Language tags by quality. Unsupported languages are kept: a rule
    /// that picks among a screening's languages skips them.
    /// </summary>
    public static IReadOnlyList<string?> Preferences(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var preferences = new List<string?>();
        if (CookieRequestCultureProvider.ParseCookieValue(request.Cookies[CultureCookie.Name] ?? "") is { } chosen && chosen.UICultures.Count > 0)
        {
            preferences.Add(chosen.UICultures[0].Value);
        }

        var header = request.Headers.AcceptLanguage.ToString();
        if (!string.IsNullOrWhiteSpace(header) && StringWithQualityHeaderValue.TryParseList(header.Split(','), out var values))
        {
            preferences.AddRange(values.Where(v => (v.Quality ?? 1) > 0).OrderByDescending(v => v.Quality ?? 1).Select(v => v.Value.Value));
        }

        return preferences;
    }

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var header = httpContext.Request.Headers.AcceptLanguage.ToString();
        if (string.IsNullOrWhiteSpace(header)
            || !StringWithQualityHeaderValue.TryParseList(header.Split(','), out var values))
        {
            return NullProviderCultureResult;
        }

        var match = values
            .Where(v => (v.Quality ?? 1) > 0)
            .OrderByDescending(v => v.Quality ?? 1)
            .Select(v => SupportedCultures.FromLanguageTag(v.Value.Value))
            .FirstOrDefault(c => c is not null);
        return Task.FromResult(match is null ? null : new ProviderCultureResult(match.Name));
    }
}
