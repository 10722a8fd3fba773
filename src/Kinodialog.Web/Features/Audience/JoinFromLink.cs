using Kinodialog.Core.Localization;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kinodialog.Web.Features.Audience;

/// <summary>
/// The QR code's target, <c>/join?code=…</c> (culture-free): one tap from the camera to the phone page.
/// A browser that opens the link itself (a top-level navigation, <c>Sec-Fetch-Mode: navigate</c>) joins
/// at once, in its own language when the screening is held in it (else the screening's first language,
/// <see cref="ScreeningLanguages.ForPhone"/>); a phone that joined before goes straight back to its page.
/// Anything else (a link preview fetched by a chat app, an old browser) gets the join form with the
/// code filled in, so nobody joins by accident. Every attempt counts against the join limiter like a
/// typed code, so the link is no easier a way to guess codes.
/// </summary>
public static class JoinFromLink
{
    public static async Task<RedirectHttpResult> HandleAsync(string? code, string? card, HttpContext context, JoinScreening join, JoinAttemptLimiter limiter,
        CancellationToken cancellationToken)
    {
        var own = LocalizationExtensions.CurrentCulture();
        var normalized = JoinCode.Normalize(code);
        if (normalized is null)
        {
            return TypedResults.Redirect($"/{own.UrlSegment}/join");
        }

        var existing = context.Request.Cookies[JoinScreening.CookieName(normalized)];
        var navigation = string.Equals(context.Request.Headers["Sec-Fetch-Mode"], "navigate", StringComparison.Ordinal)
            && context.Request.Headers["Sec-Fetch-Dest"] is var dest && (dest.Count == 0 || string.Equals(dest, "document", StringComparison.Ordinal));
        var form = $"/{own.UrlSegment}/join?code={Uri.EscapeDataString(normalized)}"
            + (string.IsNullOrEmpty(card) ? "" : "&card=" + Uri.EscapeDataString(card));
        if (!navigation && string.IsNullOrEmpty(existing))
        {
            return TypedResults.Redirect(form);
        }

        var client = await limiter.ClientKeyAsync(context.Connection.RemoteIpAddress);
        var delay = await limiter.AttemptAsync(client);
        if (delay is null)
        {
            // The form says why (the limiter refuses its post too).
            return TypedResults.Redirect(form);
        }

        if (delay > TimeSpan.Zero)
        {
            // Wall-clock time on purpose, as for the form: guessing must be slow for real.
            await Task.Delay(delay.Value, cancellationToken);
        }

        var result = await join.HandleAsync(normalized, existing, own.Name, cancellationToken, card, LanguageTagCultureProvider.Preferences(context.Request));
        if (result is null)
        {
            return TypedResults.Redirect(form + "&failed=true");
        }

        await limiter.SucceededAsync(client);
        if (result.NewToken is not null)
        {
            JoinCookie.Append(context, result.Code, result.NewToken);
        }

        return TypedResults.Redirect($"/{SupportedCultures.Get(result.Culture).UrlSegment}/s/{result.Code}");
    }
}

/// <summary>The phone's cookie for one screening: a random token, nothing else, for two days.</summary>
public static class JoinCookie
{
    public static void Append(HttpContext context, string code, string token)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Append(JoinScreening.CookieName(code), token, new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = TimeSpan.FromDays(2),
        });
    }
}
