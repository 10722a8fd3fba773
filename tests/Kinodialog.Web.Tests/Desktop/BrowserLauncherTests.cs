using System.Runtime.InteropServices;
using Kinodialog.Web.Infrastructure.Desktop;

namespace Kinodialog.Web.Tests.Desktop;

/// <summary>Which address the field laptop's browser opens, and with which command on each system.</summary>
public sealed class BrowserLauncherTests
{
    [Theory]
    [InlineData("http://0.0.0.0:5080", "http://localhost:5080/")]
    [InlineData("http://[::]:5080", "http://localhost:5080/")]
    [InlineData("http://*:5080", "http://localhost:5080/")]
    [InlineData("http://+:5081", "http://localhost:5081/")]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://localhost:5080", "http://localhost:5080/")]
    public void The_browser_opens_where_the_server_listens_with_localhost_for_a_wildcard(string listening, string expected)
    {
        Assert.Equal(expected, BrowserLauncher.UrlToOpen(null, ["https://0.0.0.0:5443", listening]));
    }

    [Fact]
    public void A_configured_address_wins_and_nothing_known_opens_nothing()
    {
        Assert.Equal("http://localhost:5080/en/field", BrowserLauncher.UrlToOpen("http://localhost:5080/en/field", ["http://0.0.0.0:5080"]));
        Assert.Null(BrowserLauncher.UrlToOpen(null, []));
    }

    [Fact]
    public void Each_system_opens_the_url_with_its_own_opener_and_the_url_as_one_argument()
    {
        const string url = "http://localhost:5080/";

        Assert.Equal(new BrowserCommand("cmd", ["/c", "start", "", url]).Arguments, BrowserLauncher.CommandFor(OSPlatform.Windows, url).Arguments);
        Assert.Equal("cmd", BrowserLauncher.CommandFor(OSPlatform.Windows, url).FileName);
        Assert.Equal("open", BrowserLauncher.CommandFor(OSPlatform.OSX, url).FileName);
        Assert.Equal([url], BrowserLauncher.CommandFor(OSPlatform.OSX, url).Arguments);
        Assert.Equal("xdg-open", BrowserLauncher.CommandFor(OSPlatform.Linux, url).FileName);
        Assert.Equal([url], BrowserLauncher.CommandFor(OSPlatform.Linux, url).Arguments);
    }
}
