using Kinodialog.Core.Localization;

namespace Kinodialog.Web.Infrastructure.Localization;

/// <summary>Route constraint "culture": one of the URL segments en, hy, az, ru.</summary>
public sealed class CultureRouteConstraint : IRouteConstraint
{
    public const string Name = "culture";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value)
        && value is string segment
        && SupportedCultures.All.Any(c => string.Equals(c.UrlSegment, segment, StringComparison.Ordinal));
}
