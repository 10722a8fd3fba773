using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Kinodialog.Web.Infrastructure.Network;

/// <summary>One network interface as the rules see it: its name, whether it is up and its IPv4 addresses.</summary>
public sealed record InterfaceInfo(string Name, string Description, bool IsUp, bool IsLoopback, IReadOnlyList<IPAddress> Addresses);

/// <summary>An address of this computer that a phone could open, e.g. <c>http://192.168.1.20:5080</c>.</summary>
/// <param name="ProbablyVirtual">A virtual adapter (docker, VPN, virtual machine): probably not reachable from phones.</param>
public sealed record LanAddress(string BaseUrl, IPAddress Address, string InterfaceName, bool ProbablyVirtual);

/// <summary>What the server could offer phones: the addresses, and whether it listens on the network at all.</summary>
/// <param name="ListensOnLoopbackOnly">The server listens on this computer only (e.g. <c>http://localhost:5080</c>): no phone can reach it.</param>
public sealed record LanView(IReadOnlyList<LanAddress> Addresses, bool ListensOnLoopbackOnly)
{
    public static LanView None { get; } = new([], ListensOnLoopbackOnly: true);

    /// <summary>The listed address with this base URL, if any.</summary>
    public LanAddress? Find(string? baseUrl) =>
        baseUrl is null ? null : Addresses.FirstOrDefault(a => string.Equals(a.BaseUrl, baseUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
}

/// <summary>The pure rules: which interface addresses phones could use, given where the server listens.</summary>
public static class LanAddressRules
{
    private static readonly string[] VirtualPrefixes = ["docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "utun", "tun", "tap", "wg", "zt", "vEthernet", "lxc", "lxd", "podman", "cni", "flannel", "tailscale"];

    /// <summary>Whether an adapter's name or description looks like a virtual one (containers, VPNs, virtual machines).</summary>
    public static bool IsProbablyVirtual(string name, string description) =>
        VirtualPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase))
        || description.Contains("Virtual", StringComparison.OrdinalIgnoreCase)
        || description.Contains("Hyper-V", StringComparison.OrdinalIgnoreCase)
        || description.Contains("VPN", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a host name or address is this computer only: <c>localhost</c>, 127.0.0.0/8 or ::1.</summary>
    public static bool IsLoopbackHost(string host)
    {
        var bare = host.Trim('[', ']');
        if (string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase) || bare.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>Whether an absolute URL's host is a loopback host.</summary>
    public static bool IsLoopbackUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && IsLoopbackHost(uri.Host);

    /// <summary>
    /// The addresses phones could use: operational, non-loopback IPv4 unicast addresses on which the server
    /// listens (all of them when it listens on a wildcard such as <c>0.0.0.0</c>, <c>[::]</c>, <c>*</c> or <c>+</c>).
    /// </summary>
    public static LanView Classify(IEnumerable<InterfaceInfo> interfaces, IEnumerable<string> listening)
    {
        var endpoints = listening.Select(ParseListening).OfType<Listening>().ToList();
        var network = endpoints.Where(e => e.Host is null || !IPAddress.IsLoopback(e.Host)).ToList();
        if (network.Count == 0)
        {
            return LanView.None;
        }

        var addresses = new List<LanAddress>();
        foreach (var nic in interfaces.Where(n => n.IsUp && !n.IsLoopback))
        {
            foreach (var address in nic.Addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)))
            {
                var endpoint = network.FirstOrDefault(e => e.Host is null || e.Host.Equals(address) || e.Host.Equals(IPAddress.IPv6Any));
                if (endpoint is null || addresses.Any(a => a.Address.Equals(address)))
                {
                    continue;
                }

                var port = endpoint.Port == (endpoint.Scheme == "https" ? 443 : 80) ? "" : ":" + endpoint.Port.ToString(CultureInfo.InvariantCulture);
                addresses.Add(new LanAddress($"{endpoint.Scheme}://{address}{port}", address, nic.Name, IsProbablyVirtual(nic.Name, nic.Description)));
            }
        }

        return new LanView([.. addresses.OrderBy(a => a.ProbablyVirtual)], ListensOnLoopbackOnly: false);
    }

    /// <summary>A listening address; <see cref="Host"/> is null for a wildcard (every interface).</summary>
    private sealed record Listening(string Scheme, IPAddress? Host, int Port);

    private static Listening? ParseListening(string address)
    {
        // Kestrel accepts "http://*:5080" and "http://+:5080", which Uri does not parse.
        var normal = address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normal, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var host = uri.Host.Trim('[', ']');
        if (IsLoopbackHost(host))
        {
            return new Listening(uri.Scheme, IPAddress.Loopback, uri.Port);
        }

        if (!IPAddress.TryParse(host, out var ip))
        {
            // A host name (e.g. a machine name): treat it as listening everywhere.
            return new Listening(uri.Scheme, null, uri.Port);
        }

        return new Listening(uri.Scheme, ip.Equals(IPAddress.Any) ? null : ip, uri.Port);
    }
}

/// <summary>
/// The addresses of this computer that phones could use to reach Kinodialog, from its network interfaces and
/// the addresses the server listens on. Tests replace it with a fixed list.
/// </summary>
public class LanAddresses(IServer server)
{
    /// <summary>The current addresses (interfaces come and go: a hotspot started after Kinodialog is seen).</summary>
    public virtual LanView Current()
    {
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return LanAddressRules.Classify(Interfaces(), listening);
    }

    private static IEnumerable<InterfaceInfo> Interfaces()
    {
        NetworkInterface[] all;
        try
        {
            all = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            yield break;
        }

        foreach (var nic in all)
        {
            IReadOnlyList<IPAddress> addresses;
            try
            {
                addresses = [.. nic.GetIPProperties().UnicastAddresses.Select(u => u.Address)];
            }
            catch (NetworkInformationException)
            {
                continue;
            }

            yield return new InterfaceInfo(nic.Name, nic.Description, nic.OperationalStatus == OperationalStatus.Up,
                nic.NetworkInterfaceType == NetworkInterfaceType.Loopback, addresses);
        }
    }
}
