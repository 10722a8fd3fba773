using Kinodialog.Web.Infrastructure.Network;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Screenings;

/// <summary>Where the join address came from.</summary>
public enum JoinAddressSource
{
    /// <summary><c>Network:PublicBaseUrl</c>: a deployment behind a domain.</summary>
    Configured,

    /// <summary>The LAN address the organiser picked on this browser.</summary>
    Picked,

    /// <summary>
    /// This browser uses a loopback address (the laptop's own <c>http://localhost:5080</c>), so the laptop's
    /// likeliest address for phones stands in: a private address on Wi-Fi, else on Ethernet.
    /// </summary>
    BestGuess,

    /// <summary>The address this browser used to reach the server.</summary>
    Request,
}

/// <summary>The base of the join address (e.g. <c>http://192.168.1.20:5080</c>) and whether phones could reach it.</summary>
/// <param name="IsLoopback">The base is this computer only (localhost, 127.0.0.0/8, ::1): phones cannot open it.</param>
public sealed record JoinAddress(string BaseUrl, JoinAddressSource Source, bool IsLoopback, LanView Lan)
{
    /// <summary>The organiser's pick was refused: not (or no longer) one of this computer's addresses.</summary>
    public bool PickRefused { get; init; }
}

/// <summary>
/// The address a phone opens to join: on the QR code, the pack, run mode, the projector and participant cards.
/// In order: <c>Network:PublicBaseUrl</c>, then the LAN address the organiser picked (a cookie on their
/// browser, believed only while it is one of this computer's addresses), then the request's own host unless it is
/// loopback (the field laptop's own browser), in which case the laptop's likeliest address for phones.
/// </summary>
public sealed class JoinLinks(IOptions<NetworkOptions> options, LanAddresses lan)
{
    /// <summary>The organiser's choice of LAN address, on their browser only.</summary>
    public const string Cookie = "kd-join-address";

    private JoinAddress? _address;

    /// <summary>The join address's base for this request.</summary>
    public JoinAddress Address(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_address is not null)
        {
            return _address;
        }

        var view = lan.Current();
        if (options.Value.PublicBaseUrl is { Length: > 0 } configured)
        {
            var url = configured.TrimEnd('/');
            return _address = new JoinAddress(url, JoinAddressSource.Configured, LanAddressRules.IsLoopbackUrl(url), view);
        }

        if (view.Find(request.Cookies[Cookie]) is { } picked)
        {
            return _address = new JoinAddress(picked.BaseUrl, JoinAddressSource.Picked, IsLoopback: false, view);
        }

        var isLoopback = LanAddressRules.IsLoopbackHost(request.Host.Host);
        if (isLoopback && view.BestGuess is { } guess)
        {
            return _address = new JoinAddress(guess.BaseUrl, JoinAddressSource.BestGuess, IsLoopback: false, view);
        }

        return _address = new JoinAddress($"{request.Scheme}://{request.Host}", JoinAddressSource.Request, isLoopback, view);
    }

    /// <summary>The join page with the code filled in, in the phone's language.</summary>
    public string For(HttpRequest request, string? code) => $"{Address(request).BaseUrl}/join?code={code}";

    /// <summary>Remembers the organiser's pick on their browser; false (nothing remembered) unless it is one of the listed addresses.</summary>
    public bool Pick(HttpContext context, string? baseUrl)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (lan.Current().Find(baseUrl) is not { } address)
        {
            return false;
        }

        context.Response.Cookies.Append(Cookie, address.BaseUrl, new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(365),
        });
        _address = null;
        return true;
    }
}
