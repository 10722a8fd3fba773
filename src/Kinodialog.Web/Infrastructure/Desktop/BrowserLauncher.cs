using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Infrastructure.Desktop;

/// <summary>Whether to open the browser once the server listens (the field laptop's launchers set it). Section "Field".</summary>
public sealed class BrowserLauncherOptions
{
    public const string SectionName = "Field";

    /// <summary>Open this computer's browser at Kinodialog once the server listens.</summary>
    public bool OpenBrowser { get; set; }

    /// <summary>The address to open; by default the address the server listens on, with <c>localhost</c> for a wildcard.</summary>
    public string? BrowserUrl { get; set; }
}

/// <summary>The command that opens a URL in the default browser on an operating system.</summary>
public sealed record BrowserCommand(string FileName, IReadOnlyList<string> Arguments);

/// <summary>
/// Opens the facilitator's browser at Kinodialog once the server listens, so that a double-click on the
/// field laptop's launcher ends on a page. A browser that cannot be opened (no desktop, no xdg-open) is
/// logged, and the server carries on.
/// </summary>
public sealed partial class BrowserLauncher(
    IHostApplicationLifetime lifetime,
    IServer server,
    IOptions<BrowserLauncherOptions> options,
    ILogger<BrowserLauncher> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.OpenBrowser)
        {
            lifetime.ApplicationStarted.Register(Open);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The address to open: the configured one, else the first address the server listens on (http first),
    /// with a wildcard or an any-address host replaced by <c>localhost</c>. Null when nothing is known.
    /// </summary>
    public static string? UrlToOpen(string? configured, IEnumerable<string> listening)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var addresses = listening.ToList();
        var first = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        var normal = first.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normal, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : uri.Host;
        return new UriBuilder(uri.Scheme, host, uri.Port, "/").Uri.ToString();
    }

    /// <summary>The command that opens <paramref name="url"/> in the default browser: start (Windows), open (macOS), xdg-open (else).</summary>
    public static BrowserCommand CommandFor(OSPlatform platform, string url) =>
        platform == OSPlatform.Windows
            // The empty "" is start's window title; without it a quoted URL would be taken as the title.
            ? new BrowserCommand("cmd", ["/c", "start", "", url])
            : platform == OSPlatform.OSX
                ? new BrowserCommand("open", [url])
                : new BrowserCommand("xdg-open", [url]);

    private static OSPlatform CurrentPlatform() =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? OSPlatform.Windows
        : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? OSPlatform.OSX
        : OSPlatform.Linux;

    private void Open()
    {
        var url = UrlToOpen(options.Value.BrowserUrl, server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
        if (url is null)
        {
            LogNoAddress(logger);
            return;
        }

        var command = CommandFor(CurrentPlatform(), url);
        var start = new ProcessStartInfo(command.FileName) { UseShellExecute = false, CreateNoWindow = true };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(start);
            if (process is not null)
            {
                _ = ReportExitAsync(process, command.FileName, url);
            }
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            LogCouldNotOpen(logger, command.FileName, url, e.Message);
        }
    }

    private async Task ReportExitAsync(Process process, string tool, string url)
    {
        using (process)
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(wait.Token);
                if (process.ExitCode == 0)
                {
                    LogOpened(logger, url);
                }
                else
                {
                    LogCouldNotOpen(logger, tool, url, $"exit code {process.ExitCode}");
                }
            }
            catch (OperationCanceledException)
            {
                // A browser that keeps the opener running: nothing to report.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened the browser at {Url}")]
    private static partial void LogOpened(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not open the browser with {Tool} at {Url} ({Reason}); open it by hand")]
    private static partial void LogCouldNotOpen(ILogger logger, string tool, string url, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not open the browser: the server's address is not known")]
    private static partial void LogNoAddress(ILogger logger);
}

public static class BrowserLauncherExtensions
{
    /// <summary>Registers <see cref="BrowserLauncher"/>, which does nothing unless <c>Field:OpenBrowser</c> is true.</summary>
    public static IServiceCollection AddBrowserLauncher(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BrowserLauncherOptions>().Bind(configuration.GetSection(BrowserLauncherOptions.SectionName));
        services.AddHostedService<BrowserLauncher>();
        return services;
    }
}
