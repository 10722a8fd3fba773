using System.Net;
using Kinodialog.Web.Infrastructure.Network;

namespace Kinodialog.Web.Infrastructure.Security;

public static class SecurityHeaders
{
    /// <summary>
    /// Everything comes from this server: no inline scripts or styles, no third-party hosts.
    /// Media may later be blobs (offline kit) and data: images (QR codes as data URIs).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>
    /// Sent on HTTPS (directly, or as the trusted proxy forwarded it) to a host name: browsers then never
    /// fall back to plain HTTP for a year. Not for loopback or IP-address hosts (a field laptop on its
    /// hotspot serves plain HTTP by address; browsers ignore it there anyway). No includeSubDomains: other
    /// sites of the same domain are not ours to decide for.
    /// </summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                var host = context.Request.Host.Host;
                if (context.Request.IsHttps && !IPAddress.TryParse(host.Trim('[', ']'), out _) && !LanAddressRules.IsLoopbackHost(host))
                {
                    headers.StrictTransportSecurity = StrictTransportSecurity;
                }
                return Task.CompletedTask;
            });
            await next(context);
        });
}
