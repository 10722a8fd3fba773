using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Audience;

/// <summary>An audience member types (or scans) the join code. Wrong codes are slowed down, then refused for a while.</summary>
[AudienceRateLimit(Join = true)]
public sealed class JoinModel(JoinScreening join, JoinAttemptLimiter limiter, IStringLocalizer<AudienceResource> l) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "code")]
    public string? Code { get; set; }

    /// <summary>The code of a printed participant card, when its QR code was scanned.</summary>
    [BindProperty(SupportsGet = true, Name = "card")]
    public string? Card { get; set; }

    public string? Error { get; private set; }

    /// <summary>Set when a phone comes back to a screening that has ended.</summary>
    [BindProperty(SupportsGet = true, Name = "ended")]
    public bool Ended { get; set; }

    /// <summary>Set when the QR link's code did not work (<see cref="JoinFromLink"/>).</summary>
    [BindProperty(SupportsGet = true, Name = "failed")]
    public bool Failed { get; set; }

    public void OnGet()
    {
        if (Failed)
        {
            Error = l["This code does not work. Check it, or ask the organiser: the code works only while the screening is open."];
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var client = await limiter.ClientKeyAsync(HttpContext.Connection.RemoteIpAddress);
        // Counted before the code is checked: parallel guesses cannot get ahead of the count.
        var delay = await limiter.AttemptAsync(client);
        if (delay is null)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)JoinAttemptLimiter.DecayPerFailure.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Error = l["Too many wrong codes. Please wait a minute or two, or ask the organiser for the code."];
            return Page();
        }

        if (delay > TimeSpan.Zero)
        {
            // Wall-clock time on purpose: the point is to make guessing slow for real.
            await Task.Delay(delay.Value, cancellationToken);
        }

        var culture = LocalizationExtensions.CurrentCulture();
        var cookieCode = Kinodialog.Core.Screenings.JoinCode.Normalize(Code);
        var existing = cookieCode is null ? null : Request.Cookies[JoinScreening.CookieName(cookieCode)];
        var result = await join.HandleAsync(Code, existing, culture.Name, cancellationToken, Card);
        if (result is null)
        {
            Error = l["This code does not work. Check it, or ask the organiser: the code works only while the screening is open."];
            return Page();
        }

        await limiter.SucceededAsync(client);
        if (result.NewToken is not null)
        {
            JoinCookie.Append(HttpContext, result.Code, result.NewToken);
        }

        return Redirect(CultureLinks.Local("/s/" + result.Code));
    }
}
