using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Infrastructure.Network;

public static class NetworkExtensions
{
    /// <summary>
    /// Forwarded headers (client address and scheme) honoured from the configured proxies only: the
    /// framework's default trust of loopback is removed, so nothing is believed unless configured.
    /// </summary>
    public static IServiceCollection AddKinodialogNetwork(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NetworkOptions>()
            .Bind(configuration.GetSection(NetworkOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<LanAddresses>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<NetworkOptions>>((forwarded, network) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in network.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var range in network.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(range));
            }

            // Every hop is checked against the known proxies, so a chain of them may be walked back.
            forwarded.ForwardLimit = null;
        });
        return services;
    }
}
