using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Kinodialog.Web.Infrastructure.Network;

/// <summary>What kind of network an interface is, as far as the operating system says.</summary>
public enum InterfaceKind
{
    Other,
    Ethernet,
    Wireless,
    Loopback,
    Tunnel,
}

/// <summary>One network interface as the rules see it: its name, description, whether it is up, its kind and its addresses.</summary>
public sealed record InterfaceInfo(string Name, string Description, bool IsUp, bool IsLoopback, IReadOnlyList<IPAddress> Addresses, InterfaceKind Kind = InterfaceKind.Other);

/// <summary>Whether phones on the laptop's network could open an address, and if not, why not.</summary>
public enum AddressReach
{
    /// <summary>A phone on the same Wi-Fi or hotspot can open it.</summary>
    Reachable,

    /// <summary>127.0.0.0/8 or ::1: this computer only.</summary>
    Loopback,

    /// <summary>169.254.0.0/16 or fe80::/10: given out when no network handed an address; phones are not on it.</summary>
    LinkLocal,

    /// <summary>A container or virtual machine network (docker, VirtualBox, VMware, Hyper-V, WSL …) inside this computer.</summary>
    VirtualAdapter,

    /// <summary>A VPN tunnel (WireGuard, OpenVPN, tun/tap, utun …): leads elsewhere, not to the phones in the room.</summary>
    Vpn,
}

/// <summary>An address of this computer, e.g. <c>http://192.168.1.20:5080</c>, and whether phones could open it.</summary>
/// <param name="Wireless">On a Wi-Fi interface (or the laptop's own hotspot).</param>
public sealed record LanAddress(string BaseUrl, IPAddress Address, string InterfaceName, AddressReach Reach, bool Wireless = false)
{
    /// <summary>Phones on the laptop's network could open it.</summary>
    public bool Reachable => Reach == AddressReach.Reachable;

    /// <summary>The organiser may choose it for the QR code (anything but loopback: the reasons are guesses).</summary>
    public bool Pickable => Reach != AddressReach.Loopback;

    /// <summary>A virtual adapter or VPN: probably not reachable from phones.</summary>
    public bool ProbablyVirtual => Reach is AddressReach.VirtualAdapter or AddressReach.Vpn;
}

/// <summary>What the server could offer phones: every address it listens on (the likeliest first), and whether it listens on the network at all.</summary>
/// <param name="ListensOnLoopbackOnly">The server listens on this computer only (e.g. <c>http://localhost:5080</c>): no phone can reach it.</param>
public sealed record LanView(IReadOnlyList<LanAddress> Addresses, bool ListensOnLoopbackOnly)
{
    public static LanView None { get; } = new([], ListensOnLoopbackOnly: true);

    /// <summary>The address for the QR code when nobody picked one: the likeliest reachable address (listed first), if any.</summary>
    public LanAddress? BestGuess => Addresses.Count > 0 && Addresses[0].Reachable ? Addresses[0] : null;

    /// <summary>The addresses the organiser may choose.</summary>
    public IEnumerable<LanAddress> Pickable => Addresses.Where(a => a.Pickable);

    /// <summary>The listed address with this base URL that may be chosen, if any.</summary>
    public LanAddress? Find(string? baseUrl) =>
        baseUrl is null ? null : Addresses.FirstOrDefault(a => a.Pickable && string.Equals(a.BaseUrl, baseUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
}

/// <summary>The pure rules: which interface addresses phones could use, given where the server listens.</summary>
public static class LanAddressRules
{
    private static readonly string[] VirtualNamePrefixes = ["docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "vEthernet", "lxc", "lxd", "podman", "cni", "flannel", "cali", "vnet", "incusbr", "anpi"];
    private static readonly string[] VirtualDescriptions = ["VirtualBox", "VMware", "Hyper-V", "vEthernet", "WSL", "Virtual Ethernet", "Virtual Adapter", "Virtual Network", "Parallels", "docker", "Loopback Adapter", "Npcap"];
    private static readonly string[] VpnNamePrefixes = ["tun", "tap", "wg", "utun", "ppp", "ipsec", "zt", "tailscale", "nordlynx", "gpd"];
    private static readonly string[] VpnDescriptions = ["VPN", "WireGuard", "OpenVPN", "TAP-Windows", "Wintun", "Tailscale", "ZeroTier", "AnyConnect", "Fortinet", "GlobalProtect", "Pulse Secure"];
    private static readonly string[] WirelessHints = ["Wi-Fi", "WiFi", "WLAN", "Wireless", "802.11", "AirPort"];

    /// <summary>Windows' mobile hotspot: phones are on it, though Windows calls it a virtual adapter.</summary>
    private const string WindowsHotspot = "Wi-Fi Direct Virtual Adapter";

    /// <summary>Whether an adapter's name or description looks like a virtual one (containers, VPNs, virtual machines).</summary>
    public static bool IsProbablyVirtual(string name, string description) =>
        Reach(new InterfaceInfo(name, description, IsUp: true, IsLoopback: false, []), IPAddress.Parse("192.168.1.2")) is AddressReach.VirtualAdapter or AddressReach.Vpn;

    /// <summary>Whether phones on the laptop's network could open <paramref name="address"/> of <paramref name="nic"/>, and if not, why not.</summary>
    public static AddressReach Reach(InterfaceInfo nic, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(nic);
        ArgumentNullException.ThrowIfNull(address);
        if (IPAddress.IsLoopback(address) || nic.IsLoopback || nic.Kind == InterfaceKind.Loopback)
        {
            return AddressReach.Loopback;
        }

        if (IsLinkLocal(address))
        {
            return AddressReach.LinkLocal;
        }

        if (IsWindowsHotspot(nic))
        {
            return AddressReach.Reachable;
        }

        if (nic.Kind == InterfaceKind.Tunnel || StartsWithAny(nic.Name, VpnNamePrefixes) || ContainsAny(nic.Description, VpnDescriptions))
        {
            return AddressReach.Vpn;
        }

        if (StartsWithAny(nic.Name, VirtualNamePrefixes) || ContainsAny(nic.Name, ["(WSL", "VirtualBox", "VMware"])
            || ContainsAny(nic.Description, VirtualDescriptions) || nic.Description.Contains("Virtual", StringComparison.OrdinalIgnoreCase))
        {
            return AddressReach.VirtualAdapter;
        }

        return AddressReach.Reachable;
    }

    /// <summary>Whether an interface is Wi-Fi: by its kind, a Linux name (wlan0, wlp2s0) or a word in its name or description.</summary>
    public static bool IsWireless(InterfaceInfo nic)
    {
        ArgumentNullException.ThrowIfNull(nic);
        return nic.Kind == InterfaceKind.Wireless || IsWindowsHotspot(nic) || nic.Name.StartsWith("wl", StringComparison.OrdinalIgnoreCase)
            || ContainsAny(nic.Name, WirelessHints) || ContainsAny(nic.Description, WirelessHints);
    }

    /// <summary>169.254.0.0/16 or fe80::/10.</summary>
    public static bool IsLinkLocal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal;
        }

        var bytes = address.GetAddressBytes();
        return bytes[0] == 169 && bytes[1] == 254;
    }

    /// <summary>10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918): what Wi-Fi routers and hotspots hand out.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168);
    }

    /// <summary>
    /// How likely phones are to be on an address's network, lower first: the laptop's own Windows hotspot,
    /// then a private address on Wi-Fi, on Ethernet, on anything else, then a public address, then IPv6;
    /// unreachable last.
    /// </summary>
    private static int Likelihood(InterfaceInfo nic, IPAddress address, AddressReach reach) => reach switch
    {
        AddressReach.Reachable when address.AddressFamily == AddressFamily.InterNetworkV6 => 5,
        AddressReach.Reachable when IsWindowsHotspot(nic) => 0,
        AddressReach.Reachable when IsPrivate(address) && IsWireless(nic) => 1,
        AddressReach.Reachable when IsPrivate(address) && IsEthernet(nic) => 2,
        AddressReach.Reachable when IsPrivate(address) => 3,
        AddressReach.Reachable => 4,
        AddressReach.VirtualAdapter => 6,
        AddressReach.Vpn => 7,
        AddressReach.LinkLocal => 8,
        _ => 9,
    };

    private static bool IsEthernet(InterfaceInfo nic) =>
        nic.Kind == InterfaceKind.Ethernet || nic.Name.StartsWith("eth", StringComparison.OrdinalIgnoreCase)
        || nic.Name.StartsWith("en", StringComparison.OrdinalIgnoreCase) || nic.Description.Contains("Ethernet", StringComparison.OrdinalIgnoreCase);

    private static bool IsWindowsHotspot(InterfaceInfo nic) => nic.Description.Contains(WindowsHotspot, StringComparison.OrdinalIgnoreCase);

    private static bool StartsWithAny(string text, string[] prefixes) => prefixes.Any(p => text.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    private static bool ContainsAny(string text, string[] parts) => parts.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase));

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
    /// The addresses of the operational interfaces on which the server listens, each with whether phones could
    /// open it; the likeliest for phones first, loopback last. IPv4 addresses are offered when the server
    /// listens on <c>0.0.0.0</c>, <c>[::]</c> (dual stack), <c>*</c>, <c>+</c>, a host name or that address;
    /// IPv6 addresses (global and unique-local, e.g. <c>http://[2001:db8::20]:5080</c>) only when it listens
    /// on <c>[::]</c>, <c>*</c>, <c>+</c>, a host name or that address — a socket on <c>0.0.0.0</c> does not
    /// answer them. IPv6 link-local (<c>fe80::</c>) and loopback (<c>::1</c>) addresses are not offered: a
    /// browser cannot open the first (it needs the interface's zone), and the second is 127.0.0.1 again.
    /// IPv6 comes after every reachable IPv4 address: phones on a hotspot always get IPv4, not always IPv6.
    /// </summary>
    public static LanView Classify(IEnumerable<InterfaceInfo> interfaces, IEnumerable<string> listening)
    {
        var endpoints = listening.Select(ParseListening).OfType<Listening>().ToList();
        var network = endpoints.Where(e => e.Host is null || !IPAddress.IsLoopback(e.Host)).ToList();
        if (network.Count == 0)
        {
            return LanView.None;
        }

        var addresses = new List<(LanAddress Address, int Likelihood, int Order)>();
        foreach (var nic in interfaces.Where(n => n.IsUp))
        {
            foreach (var address in nic.Addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork || IsOfferedIPv6(a)))
            {
                var endpoint = endpoints.FirstOrDefault(e => e.Serves(address));
                if (endpoint is null || addresses.Any(a => a.Address.Address.Equals(address)))
                {
                    continue;
                }

                var port = endpoint.Port == (endpoint.Scheme == "https" ? 443 : 80) ? "" : ":" + endpoint.Port.ToString(CultureInfo.InvariantCulture);
                var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();
                var reach = Reach(nic, address);
                var lan = new LanAddress($"{endpoint.Scheme}://{host}{port}", address, nic.Name, reach, IsWireless(nic));
                addresses.Add((lan, Likelihood(nic, address, reach), addresses.Count));
            }
        }

        return new LanView([.. addresses.OrderBy(a => a.Likelihood).ThenBy(a => a.Order).Select(a => a.Address)], ListensOnLoopbackOnly: false);
    }

    /// <summary>An IPv6 address a phone's browser could open: not link-local, loopback, multicast, site-local, Teredo or an IPv4 in disguise.</summary>
    public static bool IsOfferedIPv6(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv6LinkLocal && !IPAddress.IsLoopback(address)
            && !address.IsIPv6Multicast && !address.IsIPv6SiteLocal && !address.IsIPv6Teredo && !address.IsIPv4MappedToIPv6
            && !address.Equals(IPAddress.IPv6Any);
    }

    /// <summary>
    /// A listening address: one <see cref="Host"/>, or (when it is null) every IPv4 address
    /// (<see cref="AnyIPv4"/>), every IPv6 address (<see cref="AnyIPv6"/>) or both.
    /// </summary>
    private sealed record Listening(string Scheme, IPAddress? Host, int Port, bool AnyIPv4 = false, bool AnyIPv6 = false)
    {
        public bool Serves(IPAddress address) =>
            Host is not null ? Host.Equals(address)
            : address.AddressFamily == AddressFamily.InterNetwork ? AnyIPv4 || AnyIPv6
            : AnyIPv6;
    }

    private static Listening? ParseListening(string address)
    {
        // Kestrel accepts "http://*:5080" and "http://+:5080" (every address, IPv4 and IPv6), which Uri does not parse.
        var everywhere = address.Contains("://*", StringComparison.Ordinal) || address.Contains("://+", StringComparison.Ordinal);
        var normal = address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normal, UriKind.Absolute, out var uri))
        {
            return null;
        }

        if (everywhere)
        {
            return new Listening(uri.Scheme, null, uri.Port, AnyIPv4: true, AnyIPv6: true);
        }

        var host = uri.Host.Trim('[', ']');
        if (IsLoopbackHost(host))
        {
            return new Listening(uri.Scheme, IPAddress.Loopback, uri.Port);
        }

        if (!IPAddress.TryParse(host, out var ip))
        {
            // A host name (e.g. a machine name): treat it as listening everywhere.
            return new Listening(uri.Scheme, null, uri.Port, AnyIPv4: true, AnyIPv6: true);
        }

        // Kestrel's [::] is a dual-stack socket: it answers IPv4 too.
        return ip.Equals(IPAddress.Any) ? new Listening(uri.Scheme, null, uri.Port, AnyIPv4: true)
            : ip.Equals(IPAddress.IPv6Any) ? new Listening(uri.Scheme, null, uri.Port, AnyIPv4: true, AnyIPv6: true)
            : new Listening(uri.Scheme, ip, uri.Port);
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

            yield return new InterfaceInfo(nic.Name, nic.Description, nic.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown,
                nic.NetworkInterfaceType == NetworkInterfaceType.Loopback, addresses, KindOf(nic.NetworkInterfaceType));
        }
    }

    private static InterfaceKind KindOf(NetworkInterfaceType type) => type switch
    {
        NetworkInterfaceType.Wireless80211 => InterfaceKind.Wireless,
        NetworkInterfaceType.Ethernet or NetworkInterfaceType.Ethernet3Megabit or NetworkInterfaceType.FastEthernetT
            or NetworkInterfaceType.FastEthernetFx or NetworkInterfaceType.GigabitEthernet => InterfaceKind.Ethernet,
        NetworkInterfaceType.Loopback => InterfaceKind.Loopback,
        NetworkInterfaceType.Tunnel or NetworkInterfaceType.Ppp => InterfaceKind.Tunnel,
        _ => InterfaceKind.Other,
    };
}
