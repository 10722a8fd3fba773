using System.Diagnostics;
using System.Globalization;
using System.Net;
using AngleSharp.Html.Parser;
using Kinodialog.Web.Infrastructure.Network;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Screenings.ScreeningTestKit;

namespace Kinodialog.Web.Tests.Network;

/// <summary>
/// A phone on the laptop's network, for real: a network namespace made by the test stands for the phone, joined
/// to this computer by a veth pair (host side 10.211.N.1/24, phone side 10.211.N.2/24). Kinodialog listens on a
/// real socket on the host side and on loopback; the "phone" loads the join page with curl, posts the join form
/// and reaches the phone page, while this computer's loopback stays out of its reach. Needs root (ip netns).
/// </summary>
public sealed class LanNamespaceTests
{
    private sealed class LanKestrelFactory(IPAddress lanAddress) : SqliteFactory
    {
        public void Listen() => UseKestrel(options =>
        {
            options.Listen(lanAddress, 0);
            options.Listen(IPAddress.Loopback, 0);
        });
    }

    [Fact]
    public async Task A_phone_in_another_network_namespace_joins_over_the_laptops_LAN_address_and_cannot_reach_its_loopback()
    {
        Assert.True(Environment.IsPrivilegedProcess,
            "LanNamespaceTests make a network namespace and a veth pair with `ip netns`/`ip link`, which needs root. Run the tests as root (the test machines are).");

        await using var network = await PhoneNetwork.CreateAsync();
        var factory = new LanKestrelFactory(network.HostAddress);
        factory.Listen();
        await using var _ = factory;
        factory.StartServer();
        await factory.InitializeAsync();
        var scratch = Directory.CreateTempSubdirectory("kd-lan-");
        try
        {
            var listening = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
            var lan = listening.Single(u => u.Host == network.HostAddress.ToString());
            var loopback = listening.Single(u => u.Host == "127.0.0.1");

            // The laptop offers its host-side address to phones, and its loopback address as not for phones.
            var view = factory.Services.GetRequiredService<LanAddresses>().Current();
            var offered = view.Addresses.Single(a => a.Address.Equals(network.HostAddress));
            Assert.Equal(AddressReach.Reachable, offered.Reach);
            Assert.Equal($"http://{network.HostAddress}:{lan.Port}", offered.BaseUrl);
            Assert.Equal(AddressReach.Loopback, view.Addresses.Single(a => IPAddress.IsLoopback(a.Address)).Reach);
            Assert.DoesNotContain(view.Pickable, a => IPAddress.IsLoopback(a.Address));

            // An organiser on the laptop opens a screening (over loopback).
            var cookies = new CookieContainer();
            using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = loopback };
            using var organiser = new TestClient(http, factory);
            var email = $"organiser-{Guid.NewGuid():N}@example.org";
            await TestClient.CreateAccountAsync(factory, email, "a long enough passphrase", Roles.Organiser);
            Assert.Equal(HttpStatusCode.Redirect, (await organiser.SignInAsync(email, "a long enough passphrase")).StatusCode);
            var id = await PlanAsync(organiser, await FilmsAsync(factory, 1));
            Assert.Equal(HttpStatusCode.Redirect, (await organiser.PostFormAsync($"/en/screenings/{id}/run", new Dictionary<string, string>(), handler: "Open")).StatusCode);
            var code = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.JoinCode).SingleAsync());
            Assert.NotNull(code);

            // The phone, inside the namespace, opens the QR code's link, then posts the join form with the page's cookies.
            var jar = Path.Combine(scratch.FullName, "cookies.txt");
            var joinUrl = $"{offered.BaseUrl}/join?code={code}";
            var page = await network.CurlAsync("-sS", "-L", "--max-time", "10", "-c", jar, "-b", jar, "-H", "Accept-Language: ru", "-w", "\n%{url_effective}", joinUrl);
            Assert.True(page.ExitCode == 0, $"curl from the namespace failed ({page.ExitCode}): {page.Error}");
            var effective = page.Output[(page.Output.LastIndexOf('\n') + 1)..];
            var form = new HtmlParser().ParseDocument(page.Output).QuerySelector("form[method=post]")!;
            Assert.Equal(code, form.QuerySelector("input[name=code]")!.GetAttribute("value"));
            var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var action = form.GetAttribute("action") is { Length: > 0 } a ? new Uri(new Uri(effective), a).ToString() : effective;
            Assert.StartsWith(offered.BaseUrl, action, StringComparison.Ordinal);

            var joined = await network.CurlAsync("-sS", "-L", "--max-time", "10", "-c", jar, "-b", jar, "-H", "Accept-Language: ru",
                "--data-urlencode", $"code={code}", "--data-urlencode", $"__RequestVerificationToken={token}", "-w", "\n%{url_effective}", action);
            Assert.True(joined.ExitCode == 0, $"curl from the namespace failed ({joined.ExitCode}): {joined.Error}");
            Assert.EndsWith($"/s/{code}", joined.Output[(joined.Output.LastIndexOf('\n') + 1)..], StringComparison.Ordinal);
            var phone = new HtmlParser().ParseDocument(joined.Output);
            Assert.Equal(code, phone.QuerySelector("[data-testid=joined]")!.GetAttribute("data-code"));
            Assert.Equal(1, await factory.WithDbAsync(db => db.Participants.CountAsync(p => p.ScreeningId == id)));

            // This computer's loopback is not the phone's: the same port on 127.0.0.1 is refused inside the namespace.
            var refused = await network.CurlAsync("-sS", "--max-time", "3", $"http://127.0.0.1:{loopback.Port}/health");
            Assert.NotEqual(0, refused.ExitCode);
            var health = await http.GetAsync(new Uri(loopback, "/health"));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            scratch.Delete(recursive: true);
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    /// <summary>A network namespace <c>kd-…</c> joined to this computer by a veth pair; deleted when disposed.</summary>
    private sealed class PhoneNetwork : IAsyncDisposable
    {
        private PhoneNetwork(string name, string hostLink, IPAddress hostAddress)
        {
            Name = name;
            HostLink = hostLink;
            HostAddress = hostAddress;
        }

        public string Name { get; }

        public string HostLink { get; }

        public IPAddress HostAddress { get; }

        public static async Task<PhoneNetwork> CreateAsync()
        {
            var random = Guid.NewGuid().ToString("N")[..8];
            var used = (await RunAsync("ip", "-4", "-o", "addr", "show")).Output;
            var subnet = Enumerable.Range(0, 50).Select(_ => Random.Shared.Next(1, 255))
                .First(n => !used.Contains($"10.211.{n.ToString(CultureInfo.InvariantCulture)}.", StringComparison.Ordinal));
            var net = $"10.211.{subnet.ToString(CultureInfo.InvariantCulture)}";
            var network = new PhoneNetwork($"kd-{random}", $"kdh{random}", IPAddress.Parse($"{net}.1"));
            var phoneLink = $"kdp{random}";
            try
            {
                await MustAsync("ip", "netns", "add", network.Name);
                await MustAsync("ip", "link", "add", network.HostLink, "type", "veth", "peer", "name", phoneLink);
                await MustAsync("ip", "link", "set", phoneLink, "netns", network.Name);
                await MustAsync("ip", "addr", "add", $"{net}.1/24", "dev", network.HostLink);
                await MustAsync("ip", "link", "set", network.HostLink, "up");
                await MustAsync("ip", "netns", "exec", network.Name, "ip", "addr", "add", $"{net}.2/24", "dev", phoneLink);
                await MustAsync("ip", "netns", "exec", network.Name, "ip", "link", "set", phoneLink, "up");
                await MustAsync("ip", "netns", "exec", network.Name, "ip", "link", "set", "lo", "up");
                return network;
            }
            catch
            {
                await network.DisposeAsync();
                throw;
            }
        }

        /// <summary>Runs curl inside the namespace: what a phone on the laptop's network would get.</summary>
        public Task<(int ExitCode, string Output, string Error)> CurlAsync(params string[] args) =>
            RunAsync("ip", ["netns", "exec", Name, "curl", .. args]);

        public async ValueTask DisposeAsync()
        {
            // Deleting the namespace deletes the phone's end of the pair, and with it the host's end.
            await RunAsync("ip", "netns", "del", Name);
            await RunAsync("ip", "link", "del", HostLink);
        }

        private static async Task MustAsync(string file, params string[] args)
        {
            var result = await RunAsync(file, args);
            Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', args)} failed ({result.ExitCode}): {result.Error}");
        }

        private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, params string[] args)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            return (process.ExitCode, await output, await error);
        }
    }
}
