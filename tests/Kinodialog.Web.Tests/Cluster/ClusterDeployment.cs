using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Kinodialog.Web.Cli;
using Kinodialog.Web.Tests.Cli;
using Kinodialog.Web.Tests.Infrastructure;

namespace Kinodialog.Web.Tests.Cluster;

/// <summary>
/// The scale-out deployment as <c>deploy/cluster.sh start</c> brings it up: PostgreSQL, Redis,
/// <see cref="NodeCount"/> nodes of the already built app (no publish) and nginx in front, on free
/// loopback ports with a temporary state directory; stopped and removed on dispose. Missing Debian
/// packages (postgresql, redis-server, nginx-light) fail the tests with the line that installs them:
/// test.sh installs them, so a machine without them is a broken test machine, not a reason to skip.
/// </summary>
public sealed class ClusterDeployment : IAsyncLifetime
{
    public const int NodeCount = 2;

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(4);

    private readonly Dictionary<string, string> _environment;

    public ClusterDeployment()
    {
        StateDirectory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kinodialog-cluster-" + Guid.NewGuid().ToString("N")[..12]);
        var taken = new HashSet<int>();
        var port = FreeRun(1, taken);
        NodeBasePort = FreeRun(NodeCount, taken);
        PostgresPort = FreeRun(1, taken);
        RedisPort = FreeRun(1, taken);
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["STATE_DIR"] = StateDirectory,
            ["NODES"] = NodeCount.ToString(CultureInfo.InvariantCulture),
            ["PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["NODE_BASE_PORT"] = NodeBasePort.ToString(CultureInfo.InvariantCulture),
            ["PG_PORT"] = PostgresPort.ToString(CultureInfo.InvariantCulture),
            ["REDIS_PORT"] = RedisPort.ToString(CultureInfo.InvariantCulture),
            ["KINODIALOG_APP_DLL"] = CliProcess.WebAssembly(),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Films__RunEncoder"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    /// <summary>The cluster's state: PostgreSQL's data, Redis, nginx, the nodes' logs, data and media.</summary>
    public string StateDirectory { get; }

    /// <summary>nginx: where phones and staff go.</summary>
    public Uri BaseAddress { get; }

    public int NodeBasePort { get; }

    public int PostgresPort { get; }

    public int RedisPort { get; }

    /// <summary>Redis as the nodes get it (Cluster:Redis).</summary>
    public string RedisAddress => $"127.0.0.1:{RedisPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The application database as the nodes get it (Database:ConnectionString).</summary>
    public string PostgresConnectionString { get; private set; } = "";

    /// <summary>Storage:MediaPath, shared by every node; nginx sends MEDIA/films/… itself.</summary>
    public string MediaDirectory => System.IO.Path.Combine(StateDirectory, "data", "media");

    /// <summary>nginx's access log: one line a request, naming the node that answered (upstream=127.0.0.1:PORT).</summary>
    public string AccessLog => System.IO.Path.Combine(StateDirectory, "nginx", "access.log");

    /// <summary>Node <paramref name="k"/> (1-based), without nginx in between.</summary>
    public Uri NodeAddress(int k) => new($"http://127.0.0.1:{NodePort(k).ToString(CultureInfo.InvariantCulture)}");

    public int NodePort(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, NodeCount);
        return NodeBasePort + k - 1;
    }

    /// <summary><c>kill -9</c> of node <paramref name="k"/> (deploy/cluster.sh kill-node).</summary>
    public Task KillNodeAsync(int k)
    {
        _ = NodePort(k);
        return RunScriptAsync("kill-node", k.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Starts node <paramref name="k"/> again and waits until it answers /health (deploy/cluster.sh start-node).</summary>
    public Task StartNodeAsync(int k)
    {
        _ = NodePort(k);
        return RunScriptAsync("start-node", k.ToString(CultureInfo.InvariantCulture));
    }

    public async Task InitializeAsync()
    {
        var missing = MissingPackages();
        if (missing.Count > 0)
        {
            Assert.Fail($"The scale-out tests need Debian packages that are missing: apt-get install {string.Join(' ', missing)} (test.sh installs them).");
        }

        Directory.CreateDirectory(StateDirectory);
        try
        {
            await RunScriptAsync("start");
        }
        catch
        {
            // What start started is stopped even if the fixture is never disposed; start's failure is the one reported.
            try
            {
                await DisposeAsync();
            }
            catch (Xunit.Sdk.FailException)
            {
            }

            throw;
        }

        var password = (await File.ReadAllTextAsync(System.IO.Path.Combine(StateDirectory, "postgres", "app-password"))).Trim();
        PostgresConnectionString = $"Host=127.0.0.1;Port={PostgresPort.ToString(CultureInfo.InvariantCulture)};Database=kinodialog;Username=kinodialog;Password={password};Pooling=false";
    }

    public async Task DisposeAsync()
    {
        try
        {
            await RunScriptAsync("stop");
        }
        finally
        {
            try
            {
                Directory.Delete(StateDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // a file still held open: the temporary directory is left behind
            }
        }
    }

    /// <summary>The lines of nginx's access log that contain <paramref name="marker"/>, once it holds <paramref name="count"/> of them (the log is flushed every second).</summary>
    public async Task<IReadOnlyList<string>> AccessLogLinesAsync(string marker, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var lines = File.Exists(AccessLog)
                ? (await File.ReadAllLinesAsync(AccessLog)).Where(l => l.Contains(marker, StringComparison.Ordinal)).ToList()
                : [];
            if (lines.Count >= count || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return lines;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A Redis command in the inline form, answered with the first <paramref name="lines"/> lines of the reply, joined by \n (PING: +PONG).</summary>
    public async Task<string> RedisAsync(string command, int lines = 1)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, RedisPort);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var reply = new List<string>();
        for (var i = 0; i < lines; i++)
        {
            reply.Add(await reader.ReadLineAsync() ?? "");
        }

        return string.Join('\n', reply);
    }

    private async Task RunScriptAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Repository.Path("deploy", "cluster.sh"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only the settings chosen here reach the nodes (the script passes every Section__Key variable on).
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        start.Environment.Remove(KinodialogCommandLine.AdminPasswordVariable);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"deploy/cluster.sh {string.Join(' ', args)} did not finish within {ScriptTimeout}:\n{await output}{await error}");
        }

        if (process.ExitCode != 0)
        {
            Assert.Fail($"deploy/cluster.sh {string.Join(' ', args)} failed with exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}:\n{await output}{await error}");
        }
    }

    private static List<string> MissingPackages()
    {
        var missing = new List<string>();
        if (!Directory.Exists("/usr/lib/postgresql") || !Directory.EnumerateFiles("/usr/lib/postgresql", "initdb", SearchOption.AllDirectories).Any())
        {
            missing.Add("postgresql");
        }

        if (!OnPath("redis-server") || !OnPath("redis-cli"))
        {
            missing.Add("redis-server");
        }

        if (!OnPath("nginx") && !File.Exists("/usr/sbin/nginx"))
        {
            missing.Add("nginx-light");
        }

        return missing;
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(System.IO.Path.Combine(dir, program)));

    /// <summary>
    /// The first of <paramref name="count"/> consecutive free ports (node K listens on the K-th), below
    /// Linux's ephemeral range (32768 and up), so that no outgoing connection takes one before the
    /// script's servers bind it.
    /// </summary>
    private static int FreeRun(int count, HashSet<int> taken)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(20000, 32000 - count);
            if (Enumerable.Range(first, count).All(p => !taken.Contains(p) && IsFree(p)))
            {
                taken.UnionWith(Enumerable.Range(first, count));
                return first;
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
