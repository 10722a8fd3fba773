using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Kinodialog.Web.Infrastructure.Network;

/// <summary>
/// The reverse proxies (e.g. nginx terminating TLS) whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> headers are believed. None by default: then the connection's own address
/// and scheme count, and a forwarded header from anyone is ignored.
/// </summary>
public sealed class NetworkOptions : IValidatableObject
{
    public const string SectionName = "Network";

    /// <summary>Addresses of trusted proxies, e.g. <c>127.0.0.1</c> or <c>::1</c> for nginx on the same machine.</summary>
    public IList<string> KnownProxies { get; init; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public IList<string> KnownNetworks { get; init; } = [];

    /// <summary>
    /// The address phones open to join (QR codes, the pack, participant cards), e.g.
    /// <c>https://kinodialog.example.org</c>, for a deployment behind a domain. None by default: then the
    /// address the organiser picked, else the address their browser used.
    /// </summary>
    public string? PublicBaseUrl { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(PublicBaseUrl)
            && !(Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                 && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)))
        {
            yield return new ValidationResult($"'{PublicBaseUrl}' is not an absolute http or https address (e.g. https://kinodialog.example.org).", [nameof(PublicBaseUrl)]);
        }

        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"'{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        }

        foreach (var network in KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"'{network}' is not a network in CIDR notation (e.g. 10.0.0.0/24).", [nameof(KnownNetworks)]);
        }
    }
}
