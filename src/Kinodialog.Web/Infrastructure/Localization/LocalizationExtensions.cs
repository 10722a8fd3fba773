using System.Globalization;
using Kinodialog.Core.Localization;
using Microsoft.AspNetCore.Localization;

namespace Kinodialog.Web.Infrastructure.Localization;

public static class LocalizationExtensions
{
    public static IServiceCollection AddKinodialogLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RouteOptions>(options =>
        {
            options.ConstraintMap[CultureRouteConstraint.Name] = typeof(CultureRouteConstraint);
            options.LowercaseUrls = true;
        });
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = SupportedCultures.All.Select(c => c.Culture).ToList();
            options.DefaultRequestCulture = new RequestCulture(SupportedCultures.Default.Name);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = false;
            options.FallBackToParentUICultures = false;
            options.RequestCultureProviders =
            [
                new UrlSegmentCultureProvider(),
                new CookieRequestCultureProvider { CookieName = CultureCookie.Name },
                new LanguageTagCultureProvider(),
            ];
        });
        return services;
    }

    /// <summary>The culture of the current request (set by the localization middleware).</summary>
    public static SupportedCulture CurrentCulture() =>
        SupportedCultures.Find(CultureInfo.CurrentUICulture.Name) ?? SupportedCultures.Default;

    /// <summary>
    /// Remembers the language chosen through a culture URL, so that "/" and culture-free links
    /// (e-mails, QR codes) open in it next time. The cookie holds only the language.
    /// </summary>
    public static IApplicationBuilder UseCultureCookie(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var fromUrl = UrlSegmentCultureProvider.CultureFromPath(context.Request.Path);
            if (fromUrl is not null)
            {
                var value = CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(fromUrl.Name));
                if (!string.Equals(context.Request.Cookies[CultureCookie.Name], value, StringComparison.Ordinal))
                {
                    context.Response.Cookies.Append(CultureCookie.Name, value, new CookieOptions
                    {
                        Expires = DateTimeOffset.UnixEpoch.AddYears(100),
                        IsEssential = true,
                        SameSite = SameSiteMode.Lax,
                        HttpOnly = true,
                        Secure = context.Request.IsHttps,
                    });
                }
            }

            await next(context);
        });
}

public static class CultureCookie
{
    public const string Name = "kd-lang";
}
