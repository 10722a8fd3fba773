using System.Net;
using Kinodialog.Web.Infrastructure.Network;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Kinodialog.Web.Tests.Network;

/// <summary>Which addresses of the laptop phones could use, from a made-up list of interfaces.</summary>
public sealed class LanAddressRulesTests
{
    private static readonly InterfaceInfo[] Laptop =
    [
        new("lo", "Loopback", IsUp: true, IsLoopback: true, [IPAddress.Loopback, IPAddress.IPv6Loopback]),
        new("wlan0", "Wi-Fi", IsUp: true, IsLoopback: false, [IPAddress.Parse("192.168.1.20"), IPAddress.Parse("fe80::1")]),
        new("docker0", "docker bridge", IsUp: true, IsLoopback: false, [IPAddress.Parse("172.17.0.1")]),
        new("eth0", "Ethernet", IsUp: false, IsLoopback: false, [IPAddress.Parse("10.0.0.5")]),
        new("Ethernet 2", "Hyper-V Virtual Ethernet Adapter", IsUp: true, IsLoopback: false, [IPAddress.Parse("172.20.0.1")]),
        new("wg0", "WireGuard", IsUp: true, IsLoopback: false, [IPAddress.Parse("10.8.0.2")]),
    ];

    [Fact]
    public void A_server_listening_on_every_interface_lists_the_up_IPv4_addresses_reachable_first_each_with_its_reason()
    {
        var view = LanAddressRules.Classify(Laptop, ["http://0.0.0.0:5080"]);

        Assert.False(view.ListensOnLoopbackOnly);
        Assert.Equal(
            [
                ("http://192.168.1.20:5080", AddressReach.Reachable),
                ("http://172.17.0.1:5080", AddressReach.VirtualAdapter),
                ("http://172.20.0.1:5080", AddressReach.VirtualAdapter),
                ("http://10.8.0.2:5080", AddressReach.Vpn),
                ("http://127.0.0.1:5080", AddressReach.Loopback),
            ],
            view.Addresses.Select(a => (a.BaseUrl, a.Reach)));
        Assert.Equal("http://192.168.1.20:5080", view.BestGuess!.BaseUrl);
        Assert.True(view.BestGuess.Wireless);
        Assert.Null(view.Find("http://127.0.0.1:5080"));
        Assert.NotNull(view.Find("http://172.17.0.1:5080/"));
    }

    [Fact]
    public void The_best_guess_is_the_windows_hotspot_then_a_private_WiFi_address_then_private_Ethernet_then_anything_reachable()
    {
        InterfaceInfo Nic(string name, string description, string address, InterfaceKind kind = InterfaceKind.Other) =>
            new(name, description, IsUp: true, IsLoopback: false, [IPAddress.Parse(address)], kind);
        var hotspot = Nic("Local Area Connection* 12", "Microsoft Wi-Fi Direct Virtual Adapter #2", "192.168.137.1");
        var wifi = Nic("wlp2s0", "", "10.42.0.1");
        var windowsWifi = Nic("Wi-Fi", "Intel(R) Wi-Fi 6 AX201 160MHz", "192.168.0.14", InterfaceKind.Wireless);
        var ethernet = Nic("enp0s31f6", "", "192.168.1.30", InterfaceKind.Ethernet);
        var publicEthernet = Nic("eth1", "", "203.0.113.7", InterfaceKind.Ethernet);
        var docker = Nic("docker0", "", "172.17.0.1", InterfaceKind.Ethernet);
        var linkLocal = Nic("eth2", "", "169.254.10.20", InterfaceKind.Ethernet);

        string? Guess(params InterfaceInfo[] nics) => LanAddressRules.Classify(nics, ["http://0.0.0.0:5080"]).BestGuess?.BaseUrl;

        Assert.Equal("http://192.168.137.1:5080", Guess(docker, ethernet, windowsWifi, hotspot));
        Assert.Equal("http://10.42.0.1:5080", Guess(docker, ethernet, wifi));
        Assert.Equal("http://192.168.0.14:5080", Guess(publicEthernet, ethernet, windowsWifi));
        Assert.Equal("http://192.168.1.30:5080", Guess(docker, publicEthernet, ethernet, linkLocal));
        Assert.Equal("http://203.0.113.7:5080", Guess(docker, linkLocal, publicEthernet));
        Assert.Null(Guess(docker, linkLocal));
    }

    [Theory]
    [InlineData("lo", "", "127.0.0.1", InterfaceKind.Loopback, AddressReach.Loopback)]
    [InlineData("lo", "", "::1", InterfaceKind.Loopback, AddressReach.Loopback)]
    [InlineData("Loopback Pseudo-Interface 1", "Software Loopback Interface 1", "127.0.0.1", InterfaceKind.Loopback, AddressReach.Loopback)]
    [InlineData("eth0", "", "169.254.3.4", InterfaceKind.Ethernet, AddressReach.LinkLocal)]
    [InlineData("wlan0", "", "fe80::1c2:3ff:fe4:5", InterfaceKind.Ethernet, AddressReach.LinkLocal)]
    [InlineData("docker0", "", "172.17.0.1", InterfaceKind.Ethernet, AddressReach.VirtualAdapter)]
    [InlineData("br-5f2c0a", "", "172.18.0.1", InterfaceKind.Ethernet, AddressReach.VirtualAdapter)]
    [InlineData("veth12ab", "", "10.0.3.1", InterfaceKind.Ethernet, AddressReach.VirtualAdapter)]
    [InlineData("virbr0", "", "192.168.122.1", InterfaceKind.Ethernet, AddressReach.VirtualAdapter)]
    [InlineData("vmnet8", "", "192.168.56.1", InterfaceKind.Ethernet, AddressReach.VirtualAdapter)]
    [InlineData("vboxnet0", "", "192.168.56.1", InterfaceKind.Ethernet, AddressReach.VirtualAdapter)]
    [InlineData("Ethernet 3", "VirtualBox Host-Only Ethernet Adapter", "192.168.56.1", InterfaceKind.Ethernet, AddressReach.VirtualAdapter)]
    [InlineData("VMware Network Adapter VMnet1", "VMware Virtual Ethernet Adapter for VMnet1", "192.168.80.1", InterfaceKind.Ethernet, AddressReach.VirtualAdapter)]
    [InlineData("vEthernet (Default Switch)", "Hyper-V Virtual Ethernet Adapter", "172.25.96.1", InterfaceKind.Ethernet, AddressReach.VirtualAdapter)]
    [InlineData("vEthernet (WSL)", "Hyper-V Virtual Ethernet Adapter #2", "172.29.0.1", InterfaceKind.Ethernet, AddressReach.VirtualAdapter)]
    [InlineData("tun0", "", "10.8.0.2", InterfaceKind.Other, AddressReach.Vpn)]
    [InlineData("tap0", "", "10.9.0.2", InterfaceKind.Ethernet, AddressReach.Vpn)]
    [InlineData("wg0", "", "10.6.0.2", InterfaceKind.Other, AddressReach.Vpn)]
    [InlineData("utun4", "", "100.64.1.2", InterfaceKind.Other, AddressReach.Vpn)]
    [InlineData("Ethernet 4", "TAP-Windows Adapter V9", "10.8.0.6", InterfaceKind.Ethernet, AddressReach.Vpn)]
    [InlineData("Proton", "WireGuard Tunnel", "10.2.0.2", InterfaceKind.Other, AddressReach.Vpn)]
    [InlineData("Corp", "", "10.20.0.2", InterfaceKind.Tunnel, AddressReach.Vpn)]
    [InlineData("Local Area Connection* 12", "Microsoft Wi-Fi Direct Virtual Adapter #2", "192.168.137.1", InterfaceKind.Wireless, AddressReach.Reachable)]
    [InlineData("wlan0", "", "192.168.1.20", InterfaceKind.Ethernet, AddressReach.Reachable)]
    [InlineData("en0", "", "192.168.1.21", InterfaceKind.Ethernet, AddressReach.Reachable)]
    [InlineData("bridge100", "", "192.168.2.1", InterfaceKind.Other, AddressReach.Reachable)]
    [InlineData("Wi-Fi", "Intel(R) Wi-Fi 6 AX201 160MHz", "192.168.0.14", InterfaceKind.Wireless, AddressReach.Reachable)]
    public void Each_address_is_classified_with_the_reason_phones_could_not_reach_it(string name, string description, string address, InterfaceKind kind, AddressReach reach)
    {
        var nic = new InterfaceInfo(name, description, IsUp: true, IsLoopback: kind == InterfaceKind.Loopback, [IPAddress.Parse(address)], kind);

        Assert.Equal(reach, LanAddressRules.Reach(nic, IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("wlan0", "", InterfaceKind.Ethernet, true)]
    [InlineData("wlp2s0", "", InterfaceKind.Ethernet, true)]
    [InlineData("Wi-Fi", "Intel(R) Wi-Fi 6 AX201 160MHz", InterfaceKind.Other, true)]
    [InlineData("en0", "", InterfaceKind.Wireless, true)]
    [InlineData("eth0", "", InterfaceKind.Ethernet, false)]
    [InlineData("Ethernet", "Realtek PCIe GbE Family Controller", InterfaceKind.Ethernet, false)]
    public void WiFi_is_recognised_by_kind_name_or_description(string name, string description, InterfaceKind kind, bool wireless)
    {
        Assert.Equal(wireless, LanAddressRules.IsWireless(new InterfaceInfo(name, description, IsUp: true, IsLoopback: false, [], kind)));
    }

    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://[::1]:5080")]
    public void A_server_listening_on_loopback_only_offers_nothing_and_says_so(string listening)
    {
        var view = LanAddressRules.Classify(Laptop, [listening, "http://127.0.0.2:5081"]);

        Assert.True(view.ListensOnLoopbackOnly);
        Assert.Empty(view.Addresses);
    }

    private static readonly InterfaceInfo[] DualStackLaptop =
    [
        new("lo", "Loopback", IsUp: true, IsLoopback: true, [IPAddress.Loopback, IPAddress.IPv6Loopback]),
        new("wlan0", "Wi-Fi", IsUp: true, IsLoopback: false,
            [IPAddress.Parse("fe80::1"), IPAddress.Parse("2001:db8:5::20"), IPAddress.Parse("192.168.1.20"), IPAddress.Parse("fd12:3456::20")]),
        new("docker0", "docker bridge", IsUp: true, IsLoopback: false, [IPAddress.Parse("172.17.0.1"), IPAddress.Parse("fd00:dead::1")]),
    ];

    [Fact]
    public void A_dual_stack_server_offers_global_and_unique_local_IPv6_after_IPv4_in_brackets_and_never_link_local()
    {
        var view = LanAddressRules.Classify(DualStackLaptop, ["http://[::]:5080"]);

        Assert.Equal(
            [
                ("http://192.168.1.20:5080", AddressReach.Reachable),
                ("http://[2001:db8:5::20]:5080", AddressReach.Reachable),
                ("http://[fd12:3456::20]:5080", AddressReach.Reachable),
                ("http://172.17.0.1:5080", AddressReach.VirtualAdapter),
                ("http://[fd00:dead::1]:5080", AddressReach.VirtualAdapter),
                ("http://127.0.0.1:5080", AddressReach.Loopback),
            ],
            view.Addresses.Select(a => (a.BaseUrl, a.Reach)));
        Assert.Equal("http://192.168.1.20:5080", view.BestGuess!.BaseUrl);
        Assert.NotNull(view.Find("http://[2001:db8:5::20]:5080"));
        Assert.True(Uri.TryCreate(view.Addresses[1].BaseUrl + "/s/ABC123", UriKind.Absolute, out var uri) && uri.HostNameType == UriHostNameType.IPv6);
    }

    [Theory]
    [InlineData("http://*:5080", true)]
    [InlineData("http://+:5080", true)]
    [InlineData("http://[::]:5080", true)]
    [InlineData("http://kinodialog-laptop:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    public void IPv6_addresses_are_offered_only_when_the_server_answers_on_them(string listening, bool offered)
    {
        var urls = LanAddressRules.Classify(DualStackLaptop, [listening]).Addresses.Select(a => a.BaseUrl).ToList();
        Assert.Contains("http://192.168.1.20:5080", urls);
        Assert.Equal(offered, urls.Contains("http://[2001:db8:5::20]:5080"));
        Assert.DoesNotContain(urls, u => u.Contains("fe80", StringComparison.Ordinal) || u.Contains("[::1]", StringComparison.Ordinal));
    }

    [Fact]
    public void A_server_listening_on_one_IPv6_address_offers_only_that_one()
    {
        var view = LanAddressRules.Classify(DualStackLaptop, ["https://[2001:db8:5::20]:8443"]);

        Assert.Equal(["https://[2001:db8:5::20]:8443"], view.Addresses.Select(a => a.BaseUrl));
        Assert.Equal("https://[2001:db8:5::20]:8443", view.BestGuess!.BaseUrl);
    }

    [Theory]
    [InlineData("2001:db8::1", true)]
    [InlineData("fd12:3456::20", true)]
    [InlineData("fe80::1", false)]
    [InlineData("::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("fec0::1", false)]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", false)]
    [InlineData("::ffff:192.168.1.20", false)]
    [InlineData("192.168.1.20", false)]
    public void Only_IPv6_addresses_a_browser_can_open_are_offered(string address, bool offered)
    {
        Assert.Equal(offered, LanAddressRules.IsOfferedIPv6(IPAddress.Parse(address)));
    }

    [Fact]
    public void No_known_listening_address_counts_as_loopback_only()
    {
        Assert.True(LanAddressRules.Classify(Laptop, []).ListensOnLoopbackOnly);
    }

    [Theory]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://[::]:5080")]
    public void Wildcards_listen_on_every_interface(string listening)
    {
        Assert.Contains("http://192.168.1.20:5080", LanAddressRules.Classify(Laptop, [listening]).Addresses.Select(a => a.BaseUrl));
    }

    [Fact]
    public void A_server_listening_on_one_address_offers_only_that_one_with_its_scheme_and_port()
    {
        var view = LanAddressRules.Classify(Laptop, ["http://localhost:5080", "https://192.168.1.20:8443"]);

        Assert.Equal(["https://192.168.1.20:8443", "http://127.0.0.1:5080"], view.Addresses.Select(a => a.BaseUrl));
        Assert.Equal("http://192.168.1.20", LanAddressRules.Classify(Laptop, ["http://192.168.1.20:80"]).Addresses.Single().BaseUrl);
        Assert.Equal("https://192.168.1.20:8443", view.BestGuess!.BaseUrl);
    }

    [Theory]
    [InlineData("docker0", "", true)]
    [InlineData("br-5f2c", "", true)]
    [InlineData("veth12ab", "", true)]
    [InlineData("virbr0", "", true)]
    [InlineData("vmnet8", "", true)]
    [InlineData("vboxnet0", "", true)]
    [InlineData("utun3", "", true)]
    [InlineData("tun0", "", true)]
    [InlineData("zt7nnig26", "", true)]
    [InlineData("vEthernet (WSL)", "Hyper-V Virtual Ethernet Adapter", true)]
    [InlineData("Local Area Connection* 12", "Microsoft Wi-Fi Direct Virtual Adapter #2", false)]
    [InlineData("wlan0", "", false)]
    [InlineData("en0", "", false)]
    [InlineData("Wi-Fi", "Intel(R) Wi-Fi 6 AX201 160MHz", false)]
    public void Virtual_adapters_are_recognised_by_name_or_description(string name, string description, bool isVirtual)
    {
        Assert.Equal(isVirtual, LanAddressRules.IsProbablyVirtual(name, description));
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("app.localhost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.1.2.3", true)]
    [InlineData("[::1]", true)]
    [InlineData("192.168.1.20", false)]
    [InlineData("kinodialog.example.org", false)]
    public void Loopback_hosts_are_recognised(string host, bool loopback)
    {
        Assert.Equal(loopback, LanAddressRules.IsLoopbackHost(host));
    }

    [Fact]
    public void This_machines_own_interfaces_are_read_and_offer_no_loopback_address_to_pick()
    {
        var listening = new ServerAddressesFeature();
        listening.Addresses.Add("http://0.0.0.0:5080");
        using var server = new ListeningServer(listening);

        var view = new LanAddresses(server).Current();

        Assert.False(view.ListensOnLoopbackOnly);
        Assert.All(view.Addresses, a => Assert.Equal(IPAddress.IsLoopback(a.Address), a.Reach == AddressReach.Loopback));
        Assert.All(view.Pickable, a => Assert.False(IPAddress.IsLoopback(a.Address)));
        Assert.All(view.Addresses, a => Assert.EndsWith(":5080", a.BaseUrl, StringComparison.Ordinal));

        listening.Addresses.Clear();
        listening.Addresses.Add("http://localhost:5080");
        Assert.True(new LanAddresses(server).Current().ListensOnLoopbackOnly);
    }

    private sealed class ListeningServer : IServer
    {
        public ListeningServer(IServerAddressesFeature addresses) => Features.Set(addresses);

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
