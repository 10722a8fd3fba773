// The projector page as a client, for the benchmarks that watch it (bench/projector/Latency.cs,
// bench/cluster/Watch.cs; each takes this file in with `#:include ../lib/Projector.cs`).
// It does what the page does (Features/Stage/Projector.cshtml, wwwroot/js/dialogue-live.js) in a
// browser: LoadAsync loads the projector page with the staff cookie (bench/lib/Setup.cs's staff-cookie)
// and takes the addresses of its live summary; ListenAsync follows the Server-Sent Events stream and, on
// every "counts" event, fetches the summary fragment again (one fetch at a time; an event during a fetch
// asks for one more after it), reading the number of votes it counts (data-field="votes").
// When the stream drops (its node died, the server or nginx ended it), it reconnects as the browser's
// EventSource does: after the retry delay (3 s, or what the server's `retry:` field says), with
// Last-Event-ID when the server sent ids; an answer other than 200 text/event-stream ends it for good, as
// it does EventSource. The server sends "counts" on each (re)connection, so the summary is fetched again
// at once after a reconnect, as the page's script does.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

/// <summary>The projector page's script: the screening's event stream, and the summary fetched again on every "counts" event.</summary>
internal sealed partial class Projector(HttpClient http, HttpClient stream, string cookie, string eventsUrl, string fragmentUrl)
{
    /// <summary>EventSource's reconnection time before the server sets one (browsers: about 3 s).</summary>
    public static readonly TimeSpan DefaultRetry = TimeSpan.FromSeconds(3);

    private const string Placing = "not on the node wanted";

    private readonly Lock _gate = new();
    private readonly List<double> _fetchTimes = [];
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _pending;
    private bool _again;
    private Task _fetching = Task.CompletedTask;
    private int _events;
    private int _fetchFailures;
    private int _reconnects;
    private TimeSpan _retry = DefaultRetry;
    private string? _lastEventId;

    public string EventsUrl => eventsUrl;

    public string FragmentUrl => fragmentUrl;

    /// <summary>Completes when the stream is first open (200); fails when the first attempt fails.</summary>
    public Task Connected => _connected.Task;

    public int Events => Volatile.Read(ref _events);

    public int FetchFailures => Volatile.Read(ref _fetchFailures);

    /// <summary>Connections opened again after the stream dropped.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    public IReadOnlyList<double> FetchTimes { get { lock (_gate) { return [.. _fetchTimes]; } } }

    /// <summary>A summary fetched: the votes it counts, when its response was read to the end (Stopwatch timestamp), the node that answered (X-Kinodialog-Node) if said.</summary>
    public event Action<int, long, string?>? Shown;

    /// <summary>A fetch of the summary failed: what happened.</summary>
    public event Action<string>? FetchFailed;

    /// <summary>The stream is open (200): the node that answered (X-Kinodialog-Node) if said; true for a reconnection.</summary>
    public event Action<string?, bool>? Opened;

    /// <summary>The stream dropped: why, and the delay before the next attempt.</summary>
    public event Action<string, TimeSpan>? Dropped;

    /// <summary>The stream ended for good (an answer other than 200, as EventSource gives up on): why.</summary>
    public event Action<string>? Failed;

    /// <summary>
    /// Whether to keep a connection just opened, given the node that answered (null: keep all). A benchmark that
    /// wants the stream on a particular node says no to the others: that connection is closed and another
    /// opened at once, neither counted as a reconnection nor told to <see cref="Opened"/>.
    /// </summary>
    public Func<string?, bool>? Keep { get; set; }

    [GeneratedRegex("data-field=\"votes\"[^>]*>([^<]*)<")]
    private static partial Regex VotesField();

    [GeneratedRegex("<section[^>]*data-dialogue-live[^>]*>")]
    private static partial Regex LiveSection();

    /// <summary>Loads the screening's projector page with the staff cookie; the client of its live summary, or why there is none.</summary>
    public static async Task<(Projector? Projector, string? Problem)> LoadAsync(HttpClient http, HttpClient stream, string screening, string cookie)
    {
        string page;
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/en/screenings/{screening}/projector"))
        {
            request.Headers.Add("Cookie", cookie);
            using var response = await http.SendAsync(request);
            page = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (null, $"GET /en/screenings/{screening}/projector answered {(int)response.StatusCode} (is the staff cookie signed in?)");
            }
        }

        var live = LiveSection().Match(page).Value;
        string? Attribute(string name) => Regex.Match(live, name + "=\"([^\"]*)\"", RegexOptions.None, TimeSpan.FromSeconds(1)) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
        return Attribute("data-events-url") is { } events && Attribute("data-fragment-url") is { } fragment
            ? (new Projector(http, stream, cookie, events, fragment), null)
            : (null, "The projector page shows no live dialogue summary (data-dialogue-live with data-events-url and data-fragment-url)");
    }

    /// <summary>Follows the stream until cancelled, reconnecting as EventSource does; every "counts" event refreshes the summary as the page does.</summary>
    public async Task ListenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var reconnection = false;
            while (!cancellationToken.IsCancellationRequested)
            {
                string why;
                try
                {
                    why = await ReadOnceAsync(reconnection, cancellationToken);
                }
                catch (HttpRequestException exception)
                {
                    why = exception.Message;
                }
                catch (IOException exception)
                {
                    why = exception.Message;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    why = "timed out";
                }
                catch (Refused refused)
                {
                    _connected.TrySetException(new InvalidOperationException(refused.Message));
                    Failed?.Invoke(refused.Message);
                    return;
                }

                if (string.Equals(why, Placing, StringComparison.Ordinal))
                {
                    continue;
                }

                TimeSpan retry;
                lock (_gate)
                {
                    retry = _retry;
                }

                Dropped?.Invoke(why, retry);
                await Task.Delay(retry, cancellationToken);
                reconnection = true;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the projector is switched off
        }
        finally
        {
            _connected.TrySetCanceled(CancellationToken.None);
            Task fetching;
            lock (_gate)
            {
                fetching = _fetching;
            }

            await fetching;
        }
    }

    /// <summary>One connection of the stream, read until it ends: why it ended.</summary>
    private async Task<string> ReadOnceAsync(bool reconnection, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, eventsUrl);
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Accept", "text/event-stream");
        request.Headers.Add("Cache-Control", "no-cache");
        lock (_gate)
        {
            if (_lastEventId is { Length: > 0 } id)
            {
                request.Headers.Add("Last-Event-ID", id);
            }
        }

        using var response = await stream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            throw new Refused($"GET {eventsUrl} answered {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
        }

        if (Keep is { } keep && !keep(Node(response)))
        {
            return Placing;
        }

        if (reconnection)
        {
            Interlocked.Increment(ref _reconnects);
        }

        Opened?.Invoke(Node(response), reconnection);
        _connected.TrySetResult();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? name = null;
        var data = false;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                // EventSource dispatches an event at the blank line when it has data.
                if (data && name == "counts")
                {
                    Interlocked.Increment(ref _events);
                    Refresh();
                }

                (name, data) = (null, false);
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data = true;
            }
            else if (line.StartsWith("id:", StringComparison.Ordinal))
            {
                lock (_gate)
                {
                    _lastEventId = line[3..].TrimStart(' ');
                }
            }
            else if (line.StartsWith("retry:", StringComparison.Ordinal)
                && int.TryParse(line[6..].TrimStart(' '), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                lock (_gate)
                {
                    _retry = TimeSpan.FromMilliseconds(ms);
                }
            }
        }

        return "the server ended the stream";
    }

    private static string? Node(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Kinodialog-Node", out var values) ? string.Join(",", values) : null;

    private void Refresh()
    {
        lock (_gate)
        {
            if (_pending)
            {
                _again = true;
                return;
            }

            _pending = true;
            _fetching = RefreshLoopAsync();
        }
    }

    private async Task RefreshLoopAsync()
    {
        while (true)
        {
            await FetchAsync(CancellationToken.None);
            lock (_gate)
            {
                if (!_again)
                {
                    _pending = false;
                    return;
                }

                _again = false;
            }
        }
    }

    /// <summary>Fetches the summary fragment once; tells <see cref="Shown"/> what it counts. Null when it could not be read.</summary>
    public async Task<int?> FetchAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, fragmentUrl);
            request.Headers.Add("Cookie", cookie);
            request.Headers.Add("Accept", "text/html");
            using var response = await http.SendAsync(request, cancellationToken);
            var html = await response.Content.ReadAsStringAsync(cancellationToken);
            var at = Stopwatch.GetTimestamp();
            var match = VotesField().Match(html);
            if (response.StatusCode != HttpStatusCode.OK || !match.Success
                || !int.TryParse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var votes))
            {
                Interlocked.Increment(ref _fetchFailures);
                FetchFailed?.Invoke($"{(int)response.StatusCode}{(match.Success ? "" : " (no vote count)")}");
                return null;
            }

            lock (_gate)
            {
                _fetchTimes.Add(Stopwatch.GetElapsedTime(started, at).TotalMilliseconds);
            }

            Shown?.Invoke(votes, at, Node(response));
            return votes;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
        {
            Interlocked.Increment(ref _fetchFailures);
            FetchFailed?.Invoke(exception.Message);
            return null;
        }
    }

    /// <summary>The server answered the stream with something other than 200 text/event-stream: EventSource gives up.</summary>
    private sealed class Refused(string message) : Exception(message);
}
