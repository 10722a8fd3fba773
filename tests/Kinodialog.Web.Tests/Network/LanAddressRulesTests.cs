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
    public void A_server_listening_on_every_interface_offers_the_up_IPv4_addresses_with_virtual_adapters_marked_and_listed_last()
    {
        var view = LanAddressRules.Classify(Laptop, ["http://0.0.0.0:5080"]);

        Assert.False(view.ListensOnLoopbackOnly);
        Assert.Equal(["http://192.168.1.20:5080", "http://172.17.0.1:5080", "http://172.20.0.1:5080", "http://10.8.0.2:5080"], view.Addresses.Select(a => a.BaseUrl));
        Assert.False(view.Addresses[0].ProbablyVirtual);
        Assert.All(view.Addresses.Skip(1), a => Assert.True(a.ProbablyVirtual));
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

        Assert.Equal("https://192.168.1.20:8443", Assert.Single(view.Addresses).BaseUrl);
        Assert.Equal("http://192.168.1.20", LanAddressRules.Classify(Laptop, ["http://192.168.1.20:80"]).Addresses.Single().BaseUrl);
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
    public void This_machines_own_interfaces_are_read_and_give_no_loopback_address()
    {
        var listening = new ServerAddressesFeature();
        listening.Addresses.Add("http://0.0.0.0:5080");
        using var server = new ListeningServer(listening);

        var view = new LanAddresses(server).Current();

        Assert.False(view.ListensOnLoopbackOnly);
        Assert.All(view.Addresses, a => Assert.False(IPAddress.IsLoopback(a.Address)));
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
