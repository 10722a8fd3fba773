#!/usr/bin/env dotnet
#:include ../lib/Projector.cs

// Vote-to-projector latency (bench/projector/run.sh): one projector and PHONES phones in one screening.
// The projector does what its page does (Features/Stage/Projector.cshtml, wwwroot/js/dialogue-live.js):
// it loads the projector page with the staff cookie, keeps its Server-Sent Events stream open and, on
// every "counts" event, fetches the summary fragment again (one fetch at a time; an event during a fetch
// asks for one more fetch after it), reading the number of votes counted from it (data-field="votes").
// Meanwhile every phone votes as a person in a room does: one vote a request (a JSON array of one, as the
// phone's outbox sends it) on the next statement it has not voted on, every MIN_GAP..MAX_GAP seconds at
// random (the first after a random part of that), for DURATION seconds or until it has voted on all.
// The n-th vote acknowledged (200, "stored": true) is on the projector when a fetched summary counts at
// least n votes; its latency runs from its acknowledgement to the end of that fetch (0 when a summary
// already counted n votes before the acknowledgement arrived). After the phones stop, the projector
// keeps listening up to SETTLE seconds for the votes not shown yet.
// Prints the latency's p50/p95/p99/max, votes/s, the votes never shown; exit 1 when any vote was never
// shown, a vote failed, the final summary does not count exactly the acknowledged votes, or p95 > GOAL_MS.
// Reads from SETUP_DIRECTORY (bench/lib/Setup.cs): code, screening, tokens, statements, staff-cookie.
// The projector client is bench/lib/Projector.cs (shared with bench/cluster/Watch.cs).
// Usage: dotnet run Latency.cs -- BASE_URL SETUP_DIRECTORY PHONES DURATION MIN_GAP MAX_GAP SETTLE GOAL_MS [SEED]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

if (args.Length is not (8 or 9))
{
    await Console.Error.WriteLineAsync("usage: Latency.cs BASE_URL SETUP_DIRECTORY PHONES DURATION MIN_GAP MAX_GAP SETTLE GOAL_MS [SEED]");
    return 2;
}

var baseUrl = new Uri(args[0]);
var setup = args[1];
var (phones, duration, minGap, maxGap, settle, goalMs) = (Number(args[2]), Number(args[3]), Number(args[4]), Number(args[5]), Number(args[6]), Number(args[7]));
var seed = args.Length == 9 ? Number(args[8]) : Environment.TickCount;
if (phones < 1 || duration < 1 || minGap > maxGap || maxGap < 1)
{
    await Console.Error.WriteLineAsync("PHONES and DURATION must be at least 1, MIN_GAP at most MAX_GAP, MAX_GAP at least 1");
    return 2;
}

string Read(string name) => File.ReadAllText(Path.Combine(setup, name)).Trim();
var code = Read("code");
var screening = Read("screening");
var staffCookie = Read("staff-cookie");
var tokens = File.ReadAllLines(Path.Combine(setup, "tokens")).Where(t => t.Length > 0).ToArray();
var statements = File.ReadAllLines(Path.Combine(setup, "statements")).Where(s => s.Length > 0).ToArray();
if (tokens.Length < phones)
{
    await Console.Error.WriteLineAsync($"{setup}/tokens has {tokens.Length} phones, {phones} asked for");
    return 2;
}

// Phones: one connection pool, cookies set by hand (each phone its own token). The projector: its own
// clients (the stream never ends, so it has no timeout).
using var phoneHttp = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
using var projectorHttp = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
using var streamHttp = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };

// The projector (bench/lib/Projector.cs): its page, its event stream and the summary it fetches.
var (projector, loadProblem) = await Projector.LoadAsync(projectorHttp, streamHttp, screening, staffCookie);
if (projector is null)
{
    await Console.Error.WriteLineAsync(loadProblem);
    return 1;
}

var tracker = new Tracker();
projector.Shown += (votes, at, _) => tracker.Shown(votes, at);
var baseline = await projector.FetchAsync(CancellationToken.None)
    ?? throw new InvalidOperationException($"GET {projector.FragmentUrl} shows no vote count (data-field=\"votes\")");
tracker.Start(baseline);
using var stop = new CancellationTokenSource();
var listening = projector.ListenAsync(stop.Token);
await projector.Connected.WaitAsync(TimeSpan.FromSeconds(30));
Console.WriteLine($"projector: {projector.EventsUrl} open, summary {projector.FragmentUrl} counts {baseline} votes before the phones vote");

// The phones.
var postTimes = new List<double>();
var failures = 0;
var firstError = "";
var began = Stopwatch.GetTimestamp();
var deadline = began + (long)(duration * (double)Stopwatch.Frequency);
await Task.WhenAll(Enumerable.Range(0, phones).Select(PhoneAsync));
var voting = Stopwatch.GetElapsedTime(began);

async Task PhoneAsync(int phone)
{
    var random = new Random(seed + phone);
    var order = statements.ToArray();
    random.Shuffle(order);
    var cookie = $"kd-p-{code}={tokens[phone]}";
    var first = true;
    foreach (var statement in order)
    {
        var gap = first ? random.NextDouble() * maxGap : minGap + (random.NextDouble() * (maxGap - minGap));
        first = false;
        if (Stopwatch.GetTimestamp() + (long)(gap * Stopwatch.Frequency) >= deadline)
        {
            return; // its next vote would come after the end
        }

        await Task.Delay(TimeSpan.FromSeconds(gap));

        var id = Guid.CreateVersion7();
        var body = $$"""[{"id":"{{id}}","statement":"{{statement}}","vote":{{random.Next(-1, 2)}}}]""";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/audience/{code}/votes") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Cookie", cookie);
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await phoneHttp.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            var acknowledged = Stopwatch.GetTimestamp();
            if (response.StatusCode == HttpStatusCode.OK && answer.Contains("\"stored\":true", StringComparison.Ordinal))
            {
                tracker.Acknowledge(acknowledged);
                lock (postTimes)
                {
                    postTimes.Add(Stopwatch.GetElapsedTime(sent, acknowledged).TotalMilliseconds);
                }
            }
            else
            {
                Fail($"{(int)response.StatusCode} {answer}");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Fail(exception.Message);
        }
    }
}

void Fail(string what)
{
    if (Interlocked.Increment(ref failures) == 1)
    {
        firstError = what;
    }
}

// Settle: the projector keeps listening until it has shown every acknowledged vote, or SETTLE seconds.
var settled = Stopwatch.GetTimestamp();
while (tracker.Unseen > 0 && Stopwatch.GetElapsedTime(settled) < TimeSpan.FromSeconds(settle))
{
    await Task.Delay(50);
}

await stop.CancelAsync();
await listening;
var final = await projector.FetchAsync(CancellationToken.None) ?? -1;

// Figures.
static double Percentile(IReadOnlyList<double> sorted, double p) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
string Ms(double value) => value.ToString("0", CultureInfo.InvariantCulture);
var latencies = tracker.Latencies.Order().ToList();
var posts = postTimes.Order().ToList();
var fetches = projector.FetchTimes.Order().ToList();
var acks = tracker.Acknowledged;
var unseen = tracker.Unseen;
var p95 = Percentile(latencies, 95);
var rate = acks / voting.TotalSeconds;
Console.WriteLine($"phones: {phones} phones, {acks} votes acknowledged in {voting.TotalSeconds:0.0} s ({rate.ToString("0.0", CultureInfo.InvariantCulture)} votes/s), {failures} failed{(failures > 0 ? $" (first: {firstError})" : "")}; "
    + $"a vote's request p50 {Ms(Percentile(posts, 50))} ms, p99 {Ms(Percentile(posts, 99))} ms");
Console.WriteLine($"projector: {projector.Events} events, {fetches.Count} summary fetches (p50 {Ms(Percentile(fetches, 50))} ms, p99 {Ms(Percentile(fetches, 99))} ms, max {Ms(fetches.Count > 0 ? fetches[^1] : double.NaN)} ms), "
    + $"{projector.FetchFailures} failed, {projector.Reconnects} reconnections of the stream; final summary counts {final} votes = {baseline} before + {final - baseline} (acknowledged {acks})");
Console.WriteLine($"vote-to-projector latency: {latencies.Count} votes, p50 {Ms(Percentile(latencies, 50))} ms, p95 {Ms(p95)} ms, p99 {Ms(Percentile(latencies, 99))} ms, "
    + $"max {Ms(latencies.Count > 0 ? latencies[^1] : double.NaN)} ms; never on the projector: {unseen} (after {settle} s of settling)");

var problems = new List<string>();
if (acks == 0)
{
    problems.Add("no vote was acknowledged");
}

if (unseen > 0)
{
    problems.Add($"{unseen} acknowledged votes never reached the projector");
}

if (failures > 0)
{
    problems.Add($"{failures} votes failed");
}

if (final != baseline + acks)
{
    problems.Add($"the final summary counts {final} votes, {baseline + acks} expected");
}

var met = acks > 0 && p95 <= goalMs;
Console.WriteLine(met
    ? $"GOAL MET: p95 {Ms(p95)} ms <= {goalMs} ms (the projector reflects a vote within {goalMs / 1000.0:0.#} s)"
    : $"GOAL NOT MET: p95 {Ms(p95)} ms > {goalMs} ms (the projector should reflect a vote within {goalMs / 1000.0:0.#} s)");
foreach (var problem in problems)
{
    Console.WriteLine("FAILED: " + problem);
}

return met && problems.Count == 0 ? 0 : 1;

/// <summary>Acknowledged votes in order, and which of them a fetched summary has shown.</summary>
internal sealed class Tracker
{
    private readonly Lock _gate = new();
    private readonly List<long> _acknowledged = [];
    private readonly List<double> _latencies = [];
    private int _baseline;
    private int _shown; // the most votes a fetched summary has counted beyond the baseline

    public int Acknowledged { get { lock (_gate) { return _acknowledged.Count; } } }

    public int Unseen { get { lock (_gate) { return _acknowledged.Count - _latencies.Count; } } }

    public IReadOnlyList<double> Latencies { get { lock (_gate) { return [.. _latencies]; } } }

    /// <summary>The summary counted <paramref name="baseline"/> votes before the phones began.</summary>
    public void Start(int baseline)
    {
        lock (_gate)
        {
            (_baseline, _shown) = (baseline, 0);
        }
    }

    public void Acknowledge(long at)
    {
        lock (_gate)
        {
            _acknowledged.Add(at);
            Advance(at);
        }
    }

    /// <summary>A summary fetched (its response read to the end) at <paramref name="at"/> counts <paramref name="votes"/> votes.</summary>
    public void Shown(int votes, long at)
    {
        lock (_gate)
        {
            _shown = Math.Max(_shown, votes - _baseline);
            Advance(at);
        }
    }

    private void Advance(long at)
    {
        while (_latencies.Count < Math.Min(_shown, _acknowledged.Count))
        {
            var acknowledged = _acknowledged[_latencies.Count];
            _latencies.Add(at > acknowledged ? Stopwatch.GetElapsedTime(acknowledged, at).TotalMilliseconds : 0);
        }
    }
}
