#!/usr/bin/env dotnet
#:include ../lib/Projector.cs

// The projector during the cluster benchmark (bench/cluster/run.sh): one projector page, through nginx,
// following the screening's event stream and fetching the summary again on every "counts" event, as the
// page does in a browser, reconnecting when the stream drops as EventSource does (bench/lib/Projector.cs).
// With STREAM_NODE (a node's name, X-Kinodialog-Node) its first connection is kept only on that node (the
// one the benchmark will kill), tried up to 20 times; reconnections take whatever nginx gives them.
// Writes one line per happening to LOG, as it happens (times in ms since the Unix epoch):
//   open MS NODE first|again        the stream is open (200), on NODE ("-" when not said)
//   fetch MS VOTES NODE             a summary fetched (read to the end) counting VOTES votes, from NODE
//   fetch-failed MS WHY             a fetch of the summary failed
//   drop MS RETRY_MS WHY            the stream dropped; the next attempt after RETRY_MS
//   failed MS WHY                   the stream was refused (not 200): EventSource gives up, and so does this
// Runs until SIGTERM or SIGINT (exit 0), or until the stream is refused (exit 1).
// Reads from SETUP_DIRECTORY (bench/lib/Setup.cs): screening, staff-cookie.
// Usage: dotnet run Watch.cs -- BASE_URL SETUP_DIRECTORY LOG [STREAM_NODE]
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

if (args.Length is not (3 or 4))
{
    await Console.Error.WriteLineAsync("usage: Watch.cs BASE_URL SETUP_DIRECTORY LOG [STREAM_NODE]");
    return 2;
}

var baseUrl = new Uri(args[0]);
string Read(string name) => File.ReadAllText(Path.Combine(args[1], name)).Trim();
var screening = Read("screening");
var staffCookie = Read("staff-cookie");
var wanted = args.Length == 4 ? args[3] : null;

using var log = new StreamWriter(args[2], append: false) { AutoFlush = true };
var clock = TimeProvider.System;
var epoch = Stopwatch.GetTimestamp();
var epochMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
string Ms(long timestamp) => (epochMs + (long)Stopwatch.GetElapsedTime(epoch, timestamp).TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
var written = new Lock();
void Write(string line)
{
    lock (written)
    {
        log.WriteLine(line);
    }
}

static string OneLine(string text) => text.ReplaceLineEndings(" ");

using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
using var streamHttp = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
var (projector, problem) = await Projector.LoadAsync(http, streamHttp, screening, staffCookie);
if (projector is null)
{
    await Console.Error.WriteLineAsync(problem);
    return 1;
}

var tries = 0;
var placed = wanted is null;
projector.Keep = node =>
{
    placed = placed || node == wanted || ++tries >= 20;
    return placed;
};
projector.Opened += (node, again) => Write($"open {Ms(Stopwatch.GetTimestamp())} {node ?? "-"} {(again ? "again" : "first")}");
projector.Shown += (votes, at, node) => Write($"fetch {Ms(at)} {votes.ToString(CultureInfo.InvariantCulture)} {node ?? "-"}");
projector.FetchFailed += why => Write($"fetch-failed {Ms(Stopwatch.GetTimestamp())} {OneLine(why)}");
projector.Dropped += (why, retry) => Write($"drop {Ms(Stopwatch.GetTimestamp())} {(long)retry.TotalMilliseconds} {OneLine(why)}");
projector.Failed += why => Write($"failed {Ms(Stopwatch.GetTimestamp())} {OneLine(why)}");

using var stop = new CancellationTokenSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
await projector.ListenAsync(stop.Token);
if (!stop.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("the projector's event stream was refused; see " + args[2]);
    return 1;
}

return 0;
