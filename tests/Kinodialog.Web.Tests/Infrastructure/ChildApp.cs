using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Kinodialog.Web.Cli;
using Kinodialog.Web.Tests.Cli;

namespace Kinodialog.Web.Tests.Infrastructure;

/// <summary>
/// The real binary serving on a real port as a separate process, over its own SQLite database and
/// media folder: what a laptop or a central instance is. <see cref="Kill"/> is <c>kill -9</c>
/// (no shutdown, no flushing); <see cref="StartAsync"/> again brings it back on the same port and data.
/// Given a network namespace and an address in it, it runs there (<c>ip netns exec</c>, needs root),
/// reachable only over that namespace's link (bench/field/sync.sh: a link shaped to 256 kbit/s).
/// </summary>
public sealed class ChildApp : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;

    private readonly string? _networkNamespace;

    private readonly string _host;

    private readonly Queue<string> _output = new();

    private Process? _process;

    public ChildApp(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null, string databaseFile = "kinodialog.db", string? networkNamespace = null, IPAddress? address = null)
    {
        DataDirectory = dataDirectory;
        _networkNamespace = networkNamespace;
        _host = (address ?? IPAddress.Loopback).ToString();
        DatabaseFile = Path.Combine(dataDirectory, databaseFile);
        Port = FreePort();
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Database__Provider"] = "Sqlite",
            ["Database__ConnectionString"] = $"Data Source={DatabaseFile}",
            ["Storage__DataPath"] = dataDirectory,
            ["Storage__MediaPath"] = Path.Combine(dataDirectory, "media"),
            ["Films__RunEncoder"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
    }

    public string DataDirectory { get; }

    /// <summary>How long <see cref="StartAsync"/> waits for /health (a start on a machine busy with builds can take a minute).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public int Port { get; }

    public Uri Address => new($"http://{_host}:{Port.ToString(CultureInfo.InvariantCulture)}");

    public string DatabaseFile { get; }

    public IReadOnlyDictionary<string, string> Environment => _environment;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>How the process ended when it ended by itself (not by <see cref="Kill"/>) and its last lines
    /// of output: what a failing test prints when the app was found not running.</summary>
    public string Diagnosis
    {
        get
        {
            int? exit = _process is { HasExited: true } process ? process.ExitCode : null;
            lock (_output)
            {
                return $"{(IsRunning ? "running" : exit is { } code ? $"exited with {code.ToString(CultureInfo.InvariantCulture)}" : "not started, or killed by the test")}; last output:{System.Environment.NewLine}{string.Join(System.Environment.NewLine, _output)}";
            }
        }
    }

    /// <summary>Runs a command of the binary (e.g. migrate) on this app's data and settings.</summary>
    public Task<CliProcess.Result> RunCommandAsync(TimeSpan timeout, params string[] args) =>
        CliProcess.RunAsync(DataDirectory, _environment, timeout, args);

    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        Directory.CreateDirectory(DataDirectory);
        var start = new ProcessStartInfo(_networkNamespace is null ? "dotnet" : "ip") { WorkingDirectory = DataDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        if (_networkNamespace is not null)
        {
            // ip netns exec runs the command in its place (exec): the process killed below is the app itself.
            foreach (var arg in new[] { "netns", "exec", _networkNamespace, "dotnet" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        start.ArgumentList.Add(CliProcess.WebAssembly());
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Address.ToString().TrimEnd('/'));
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        start.Environment.Remove(KinodialogCommandLine.AdminPasswordVariable);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app on port {Port} exited while starting: {Diagnosis}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Address, "/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        Kill();
        throw new TimeoutException($"The app on port {Port} did not answer /health within {StartTimeout.TotalSeconds} s.");
    }

    /// <summary>kill -9: the process gets no chance to finish anything.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 60)
            {
                _output.Dequeue();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
