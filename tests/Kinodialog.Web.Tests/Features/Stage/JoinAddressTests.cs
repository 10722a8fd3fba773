using System.Net;
using Kinodialog.Web.Infrastructure.Network;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static Kinodialog.Web.Tests.Features.Screenings.ScreeningTestKit;

namespace Kinodialog.Web.Tests.Features.Stage;

/// <summary>
/// The join address on the QR code, run mode and the pack: a loopback address (the test server's
/// <c>http://localhost</c>) is flagged, and the organiser picks one of the laptop's LAN addresses instead.
/// </summary>
public abstract class JoinAddressTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory, ILanFactory
{
    [Fact]
    public async Task Run_mode_on_a_loopback_address_warns_in_the_pages_language_and_says_how_to_listen_on_the_network()
    {
        factory.Lan.View = LanView.None;
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(organiser);

        var run = await organiser.GetOkPageAsync($"/hy/screenings/{id}/run");

        Assert.Equal($"http://localhost/join?code={code}", run.QuerySelector("[data-testid=run-join-url]")!.TextContent.Trim());
        Assert.Contains("Հեռախոսները չեն կարող բացել այս հասցեն", run.QuerySelector("[data-testid=join-address-warning]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("KINODIALOG_LISTEN=lan ./run.sh", run.QuerySelector("[data-testid=listen-on-network]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(run.QuerySelector("[data-testid=join-address-form]"));

        var pack = await organiser.GetOkPageAsync($"/ru/screenings/{id}/pack");
        Assert.Contains("Телефоны не смогут открыть этот адрес", pack.QuerySelector("[data-testid=join-address-warning]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Picking_an_address_that_is_not_one_of_the_computers_or_is_loopback_is_refused()
    {
        factory.Lan.View = FakeLanAddresses.TwoAddresses;
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(organiser);

        var run = await organiser.GetOkPageAsync($"/az/screenings/{id}/run");
        var choices = run.QuerySelectorAll("[data-testid=join-address-form] input[name=address]").Select(i => i.GetAttribute("value")).ToList();
        Assert.Equal(["http://192.168.1.20:5080", "http://172.17.0.1:5080"], choices);
        Assert.Contains("telefonlardan əlçatan deyil", run.QuerySelector("[data-testid=unreachable-address]")!.TextContent, StringComparison.Ordinal);

        // Refused in words on the page it came from (the network may have changed since it was loaded), the list offered again.
        foreach (var (page, address) in new[] { ("run", "http://203.0.113.9:5080"), ("run", "http://127.0.0.1:5080"), ("run", ""), ("pack", "http://203.0.113.9:5080") })
        {
            var refused = await organiser.PostFormAsync($"/az/screenings/{id}/{page}", new Dictionary<string, string> { ["address"] = address }, handler: "JoinAddress");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.False(refused.Headers.Contains("Set-Cookie") && refused.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("kd-join-address=", StringComparison.Ordinal)));
            var html = TestClient.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Contains("artıq bu kompüterin ünvanlarından biri deyil", html.QuerySelector("[data-testid=join-address-refused]")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(2, html.QuerySelectorAll("[data-testid=join-address-form] input[name=address]").Length);
        }

        // Nothing picked: the laptop's likeliest address stands in for the test browser's localhost.
        var after = await organiser.GetOkPageAsync($"/az/screenings/{id}/run");
        Assert.Equal($"http://192.168.1.20:5080/join?code={code}", after.QuerySelector("[data-testid=run-join-url]")!.TextContent.Trim());
        Assert.Null(after.QuerySelector("[data-testid=join-address-warning]"));
    }

    [Fact]
    public async Task On_localhost_the_QR_code_carries_the_best_guess_and_the_picker_gives_each_address_its_reason_in_four_languages()
    {
        factory.Lan.View = FakeLanAddresses.TwoAddresses;
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(organiser);

        var expected = new Dictionary<string, (string Guess, string Reachable, string Virtual, string Loopback, string Chapter)>
        {
            ["en"] = ("Phones join at http://192.168.1.20:5080", "reachable from phones", "virtual adapter", "this computer only", "Screening without internet"),
            ["hy"] = ("Հեռախոսները միանում են http://192.168.1.20:5080", "հասանելի է", "վիրտուալ ադապտեր", "միայն այս համակարգիչը", "Ցուցադրություն առանց ինտերնետի"),
            ["az"] = ("Telefonlar http://192.168.1.20:5080", "əlçatandır", "virtual adapter", "yalnız bu kompüter", "İnternetsiz nümayiş"),
            ["ru"] = ("Телефоны подключаются по адресу http://192.168.1.20:5080", "доступен с телефонов", "виртуальный адаптер", "только этот компьютер", "Показ без интернета"),
        };
        foreach (var (culture, text) in expected)
        {
            var run = await organiser.GetOkPageAsync($"/{culture}/screenings/{id}/run");
            Assert.Equal($"http://192.168.1.20:5080/join?code={code}", run.QuerySelector("[data-testid=run-join-url]")!.TextContent.Trim());
            Assert.Contains(text.Guess, run.QuerySelector("[data-testid=join-address-guess]")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("http://192.168.1.20:5080", run.QuerySelector("[data-testid=join-address-form] input[checked]")!.GetAttribute("value"));
            Assert.Contains(text.Reachable, run.QuerySelector("[data-testid=reachable-address]")!.TextContent, StringComparison.Ordinal);
            Assert.Contains(text.Virtual, run.QuerySelector("[data-reach=VirtualAdapter]")!.TextContent, StringComparison.Ordinal);
            var loopback = run.QuerySelector("[data-testid=not-for-phones] [data-reach=Loopback]")!.TextContent;
            Assert.Contains("http://127.0.0.1:5080", loopback, StringComparison.Ordinal);
            Assert.Contains(text.Loopback, loopback, StringComparison.Ordinal);
            var help = run.QuerySelector("[data-testid=join-address-help] a")!;
            Assert.Equal($"/{culture}/handbook/screening-without-internet", help.GetAttribute("href"));
            Assert.Equal(text.Chapter, help.TextContent.Trim());
        }

        var pack = await organiser.GetOkPageAsync($"/ru/screenings/{id}/pack");
        Assert.Equal($"http://192.168.1.20:5080/join?code={code}", pack.QuerySelector(".pack-join .join-url")!.TextContent.Trim());
        Assert.NotNull(pack.QuerySelector("[data-testid=not-for-phones]"));
    }

    [Fact]
    public async Task With_only_virtual_adapters_the_localhost_address_stays_and_is_flagged()
    {
        factory.Lan.View = FakeLanAddresses.OnlyVirtual;
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(organiser);

        var run = await organiser.GetOkPageAsync($"/en/screenings/{id}/run");

        Assert.Equal($"http://localhost/join?code={code}", run.QuerySelector("[data-testid=run-join-url]")!.TextContent.Trim());
        Assert.NotNull(run.QuerySelector("[data-testid=join-address-warning]"));
        Assert.Null(run.QuerySelector("[data-testid=join-address-guess]"));
        Assert.Equal("http://172.17.0.1:5080", run.QuerySelector("[data-testid=join-address-form] input[checked]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_picked_address_goes_into_the_QR_link_the_pack_and_the_projector_and_the_warning_goes()
    {
        factory.Lan.View = FakeLanAddresses.TwoAddresses;
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(organiser);

        var picked = await organiser.PostFormAsync($"/en/screenings/{id}/run", new Dictionary<string, string> { ["address"] = "http://192.168.1.20:5080" }, handler: "JoinAddress");
        Assert.Equal(HttpStatusCode.Redirect, picked.StatusCode);

        var expected = $"http://192.168.1.20:5080/join?code={code}";
        var run = await organiser.GetOkPageAsync($"/en/screenings/{id}/run");
        Assert.Equal(expected, run.QuerySelector("[data-testid=run-join-url]")!.TextContent.Trim());
        Assert.Contains(expected, run.QuerySelector(".run-join img")!.GetAttribute("alt"), StringComparison.Ordinal);
        Assert.Null(run.QuerySelector("[data-testid=join-address-warning]"));
        Assert.Equal("http://192.168.1.20:5080", run.QuerySelector("[data-testid=join-address-form] input[checked]")!.GetAttribute("value"));

        var pack = await organiser.GetOkPageAsync($"/hy/screenings/{id}/pack");
        Assert.Equal(expected, pack.QuerySelector(".pack-join .join-url")!.TextContent.Trim());
        Assert.Null(pack.QuerySelector("[data-testid=join-address-warning]"));

        var projector = await organiser.GetOkPageAsync($"/en/screenings/{id}/projector");
        Assert.Contains("192.168.1.20:5080/join", projector.Body!.TextContent, StringComparison.Ordinal);

        // Once the address is gone (the laptop moved to another network, none left), the pick is ignored.
        factory.Lan.View = LanView.None;
        var gone = await organiser.GetOkPageAsync($"/en/screenings/{id}/run");
        Assert.Equal($"http://localhost/join?code={code}", gone.QuerySelector("[data-testid=run-join-url]")!.TextContent.Trim());
        Assert.NotNull(gone.QuerySelector("[data-testid=join-address-warning]"));
    }

    protected async Task<(Guid Id, string Code)> OpenScreeningAsync(TestClient organiser)
    {
        var id = await PlanAsync(organiser, await FilmsAsync(factory, 1));
        var open = await organiser.PostFormAsync($"/en/screenings/{id}/run", new Dictionary<string, string>(), handler: "Open");
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        var code = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.JoinCode).SingleAsync());
        return (id, code!);
    }
}

/// <summary><c>Network:PublicBaseUrl</c> wins over the organiser's pick and the request's address.</summary>
public abstract class PublicBaseUrlTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory, ILanFactory
{
    [Fact]
    public async Task The_configured_public_address_wins_over_a_picked_one_and_nothing_warns()
    {
        factory.Lan.View = FakeLanAddresses.TwoAddresses;
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var id = await PlanAsync(organiser, await FilmsAsync(factory, 1));
        await organiser.PostFormAsync($"/en/screenings/{id}/run", new Dictionary<string, string>(), handler: "Open");
        var code = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.JoinCode).SingleAsync());

        // The form is not offered; a pick posted anyway changes nothing.
        var run = await organiser.GetOkPageAsync($"/en/screenings/{id}/run");
        Assert.Null(run.QuerySelector("[data-testid=join-address]"));
        var token = run.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await organiser.Http.PostAsync($"/en/screenings/{id}/run?handler=JoinAddress", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["address"] = "http://192.168.1.20:5080",
            ["__RequestVerificationToken"] = token,
        }));

        var expected = $"https://kinodialog.example.org/join?code={code}";
        var after = await organiser.GetOkPageAsync($"/en/screenings/{id}/run");
        Assert.Equal(expected, after.QuerySelector("[data-testid=run-join-url]")!.TextContent.Trim());
        Assert.Null(after.QuerySelector("[data-testid=join-address-warning]"));
        Assert.Equal(expected, (await organiser.GetOkPageAsync($"/az/screenings/{id}/pack")).QuerySelector(".pack-join .join-url")!.TextContent.Trim());
    }
}

/// <summary>A factory whose list of network addresses the test sets.</summary>
public interface ILanFactory
{
    FakeLanAddresses Lan { get; }
}

/// <summary>A fixed list of the laptop's addresses, in place of the machine's real interfaces.</summary>
public sealed class FakeLanAddresses() : LanAddresses(null!)
{
    /// <summary>A Wi-Fi address and a docker bridge.</summary>
    public static readonly LanView TwoAddresses = new(
    [
        new LanAddress("http://192.168.1.20:5080", IPAddress.Parse("192.168.1.20"), "wlan0", AddressReach.Reachable, Wireless: true),
        new LanAddress("http://172.17.0.1:5080", IPAddress.Parse("172.17.0.1"), "docker0", AddressReach.VirtualAdapter),
        new LanAddress("http://127.0.0.1:5080", IPAddress.Loopback, "lo", AddressReach.Loopback),
    ], ListensOnLoopbackOnly: false);

    /// <summary>Only a docker bridge and loopback: nothing a phone could reach.</summary>
    public static readonly LanView OnlyVirtual = new(
    [
        new LanAddress("http://172.17.0.1:5080", IPAddress.Parse("172.17.0.1"), "docker0", AddressReach.VirtualAdapter),
        new LanAddress("http://127.0.0.1:5080", IPAddress.Loopback, "lo", AddressReach.Loopback),
    ], ListensOnLoopbackOnly: false);

    public LanView View { get; set; } = LanView.None;

    public override LanView Current() => View;

    public void Register(IServiceCollection services)
    {
        services.RemoveAll<LanAddresses>();
        services.AddSingleton<LanAddresses>(this);
    }
}

public sealed class SqliteLanFactory : SqliteFactory, ILanFactory
{
    public SqliteLanFactory() => ServiceOverrides = Lan.Register;

    public FakeLanAddresses Lan { get; } = new();
}

public sealed class PostgresLanFactory : PostgresFactory, ILanFactory
{
    public PostgresLanFactory() => ServiceOverrides = Lan.Register;

    public FakeLanAddresses Lan { get; } = new();
}

public sealed class SqlitePublicUrlFactory : SqliteFactory, ILanFactory
{
    public SqlitePublicUrlFactory()
    {
        ServiceOverrides = Lan.Register;
        Settings = new() { ["Network:PublicBaseUrl"] = "https://kinodialog.example.org/" };
    }

    public FakeLanAddresses Lan { get; } = new();
}

public sealed class PostgresPublicUrlFactory : PostgresFactory, ILanFactory
{
    public PostgresPublicUrlFactory()
    {
        ServiceOverrides = Lan.Register;
        Settings = new() { ["Network:PublicBaseUrl"] = "https://kinodialog.example.org/" };
    }

    public FakeLanAddresses Lan { get; } = new();
}

/// <summary>A public address that is not an absolute http(s) address stops the start, naming the setting.</summary>
public sealed class PublicBaseUrlValidationTests
{
    [Theory]
    [InlineData("kinodialog.example.org")]
    [InlineData("ftp://kinodialog.example.org")]
    public async Task A_public_address_that_is_not_an_absolute_http_address_stops_the_start(string value)
    {
        var factory = new SqliteFactory { Settings = { ["Network:PublicBaseUrl"] = value } };
        try
        {
            var error = await Record.ExceptionAsync(async () =>
            {
                await factory.InitializeAsync();
                using var client = TestClient.Create(factory);
                await client.Http.GetAsync("/en/");
            });
            Assert.NotNull(error);
            Assert.Contains("PublicBaseUrl", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }
}

public sealed class JoinAddressTestsOnSqlite(SqliteLanFactory factory) : JoinAddressTests<SqliteLanFactory>(factory);

public sealed class JoinAddressTestsOnPostgres(PostgresLanFactory factory) : JoinAddressTests<PostgresLanFactory>(factory);

public sealed class PublicBaseUrlTestsOnSqlite(SqlitePublicUrlFactory factory) : PublicBaseUrlTests<SqlitePublicUrlFactory>(factory);

public sealed class PublicBaseUrlTestsOnPostgres(PostgresPublicUrlFactory factory) : PublicBaseUrlTests<PostgresPublicUrlFactory>(factory);
