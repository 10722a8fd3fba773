using System.Diagnostics;
using System.Text.Json;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kinodialog.BrowserTests.Infrastructure;

/// <summary>The application on a real Kestrel port (SQLite, demo content), and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserServerFactory : SqliteFactory
{
    public BrowserServerFactory() => UseKestrel(0);

    protected override bool SeedDemo => true;

    protected override bool SeedDemoFilms => true;
}

public sealed class BrowserFixture : IAsyncLifetime, IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly CancellationTokenSource _stop = new();

    private IPlaywright? _playwright;

    private Task _clock = Task.CompletedTask;

    public BrowserServerFactory App { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(Repository.Path("TestResults", "screenshots")).FullName;

    private static readonly Lazy<string> AxeSource = new(() =>
    {
        var path = Repository.Path("tests", "Kinodialog.BrowserTests", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException($"{path} is missing: ./test.sh installs axe-core with npm ci.");
    });

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: ./test.sh installs Debian's chromium package.");
        }

        App.StartServer();
        await App.InitializeAsync();
        _clock = FollowRealTimeAsync(_stop.Token);
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        // --disable-software-rasterizer: with no GPU, Chromium draws with the CPU's own raster path instead of emulating a
        // GPU in software; the screenshots are the same, and the 12-phone room test costs 18 % less CPU (88 -> 72 CPU seconds).
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--disable-software-rasterizer",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _clock;
        await Browser.CloseAsync();
        _playwright?.Dispose();
        await ((IAsyncLifetime)App).DisposeAsync();
    }

    public void Dispose() => _stop.Dispose();

    /// <summary>
    /// Moves the application's fake clock along with real time: a browser waits as a person does, and
    /// what it waits for (the dialogue's recompute) waits on that clock.
    /// </summary>
    private async Task FollowRealTimeAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var last = Stopwatch.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = Stopwatch.GetTimestamp();
                App.Clock.Advance(Stopwatch.GetElapsedTime(last, now));
                last = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A fresh browser context (own cookies, or those of <paramref name="storageState"/>, a context's
    /// <c>StorageStateAsync</c>) whose pages fail the test on third-party requests or console errors.
    /// </summary>
    public async Task<BrowserSession> NewSessionAsync(string locale = "en-GB", ViewportSize? viewport = null, string? storageState = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = locale,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            StorageState = storageState,
        });
        return new BrowserSession(this, context, await context.NewPageAsync());
    }

    internal static string Axe => AxeSource.Value;
}

public sealed class BrowserSession(BrowserFixture fixture, IBrowserContext context, IPage page) : IAsyncDisposable
{
    private readonly List<string> _problems = [];
    private bool _watching;

    public IPage Page { get; } = page;

    public IBrowserContext Context { get; } = context;

    /// <summary>Starts recording requests to other hosts and console errors (CSP violations appear there).</summary>
    public BrowserSession Watch()
    {
        if (_watching)
        {
            return this;
        }

        _watching = true;
        Page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(fixture.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                _problems.Add("third-party request: " + request.Url);
            }
        };
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _problems.Add("console error: " + message.Text);
            }
        };
        return this;
    }

    public async Task<IResponse> GotoAsync(string path)
    {
        var response = await Page.GotoAsync(path) ?? throw new InvalidOperationException("no response for " + path);
        return response;
    }

    /// <summary>Runs axe-core in the page and fails on any serious or critical violation.</summary>
    public async Task AssertAccessibleAsync()
    {
        await Page.EvaluateAsync(BrowserFixture.Axe);
        var violations = await Page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }));
            }
            """);
        var serious = violations.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("impact").GetString()} {v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()} at {v.GetProperty("nodes")}")
            .ToList();
        Assert.True(serious.Count == 0, $"axe-core on {Page.Url}:{Environment.NewLine}{string.Join(Environment.NewLine, serious)}");
    }

    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, name + ".png"), FullPage = true });

    /// <summary>Fails on recorded problems, except console errors containing one of <paramref name="expected"/> (e.g. a network error provoked on purpose).</summary>
    public void AssertNoProblems(params string[] expected)
    {
        var problems = _problems.Where(p => !expected.Any(e => p.Contains(e, StringComparison.Ordinal))).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Keeps a screenshot of the page when a test step fails, then rethrows.</summary>
    public async Task RunAsync(string name, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch
        {
            await ScreenshotAsync("failure-" + name);
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}

[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
