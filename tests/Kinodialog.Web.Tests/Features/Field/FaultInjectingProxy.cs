using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kinodialog.Web.Tests.Features.Field;

/// <summary>What the proxy did to one request.</summary>
public enum Fault
{
    None,

    /// <summary>The connection is closed before anything reaches the server.</summary>
    Drop,

    /// <summary>The request waits before it goes on.</summary>
    Delay,

    /// <summary>The server receives the request twice at once; the client sees one answer.</summary>
    Duplicate,

    /// <summary>The request goes through, and a copy of it reaches the server again later, after newer requests.</summary>
    Reorder,

    /// <summary>Only part of the request's body reaches the server, then both connections are reset.</summary>
    TruncateRequest,

    /// <summary>The server answers in full, the client receives only the first part of the answer.</summary>
    TruncateResponse,

    /// <summary>The server answers in full, the client's connection is reset instead (the answer is lost).</summary>
    Reset,
}

/// <summary>
/// An HTTP/1.1 proxy on loopback between a field laptop and the central instance that injects
/// faults at random (seeded, so a failing run can be repeated): drops, delays, duplicates, reorders,
/// truncates and resets. Each request is forwarded on its own upstream connection with
/// "Connection: close", so request boundaries are known. With <see cref="PacketLoss"/> it also plays a
/// lossy link under TCP: bytes cross in segments of <see cref="SegmentBytes"/>, and a lost segment
/// arrives one <see cref="RetransmissionTimeout"/> late, holding up everything behind it, as TCP's
/// retransmission does (the kernel of the test machines has no netem to lose real packets).
/// </summary>
public sealed class FaultInjectingProxy : IAsyncDisposable
{
    private static readonly Fault[] Faults = Enum.GetValues<Fault>().Where(f => f != Fault.None).ToArray();

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    private readonly CancellationTokenSource _stop = new();

    private readonly ConcurrentDictionary<Fault, int> _counts = new();

    private readonly ConcurrentQueue<byte[]> _heldForLater = new();

    private readonly ConcurrentBag<Task> _tasks = [];

    private readonly Random _random;

    private readonly Lock _randomLock = new();

    private Task _accepting = Task.CompletedTask;

    private int _segments;

    private int _lostSegments;

    public FaultInjectingProxy(Func<int> upstreamPort, int seed, double faultRate)
    {
        UpstreamPort = upstreamPort;
        _random = new Random(seed);
        FaultRate = faultRate;
    }

    /// <summary>The upstream port, asked for every request (the upstream may be restarted elsewhere).</summary>
    public Func<int> UpstreamPort { get; }

    /// <summary>Share of requests that get a fault (0 turns faults off).</summary>
    public double FaultRate { get; set; }

    /// <summary>The upstream's address (loopback unless the upstream sits behind a link of its own).</summary>
    public IPAddress UpstreamAddress { get; init; } = IPAddress.Loopback;

    /// <summary>How long every request waits before it goes on, faulted or not: the link's round trip.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>The longest a Delay fault waits.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Share of segments lost on the link (0: none), in both directions.</summary>
    public double PacketLoss { get; init; }

    /// <summary>The size of one segment: an Ethernet frame's TCP payload with timestamps.</summary>
    public int SegmentBytes { get; init; } = 1448;

    /// <summary>How late a lost segment arrives: Linux's shortest retransmission timeout is 200 ms.</summary>
    public TimeSpan RetransmissionTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Segments sent (with <see cref="PacketLoss"/> above 0).</summary>
    public int Segments => Volatile.Read(ref _segments);

    /// <summary>Segments lost and sent again.</summary>
    public int LostSegments => Volatile.Read(ref _lostSegments);

    public Uri Address { get; private set; } = null!;

    public int Requests => _counts.Values.Sum();

    /// <summary>How many requests got a fault (anything but <see cref="Fault.None"/>).</summary>
    public int FaultCount => _counts.Where(c => c.Key != Fault.None).Sum(c => c.Value);

    public IReadOnlyDictionary<Fault, int> Counts => new Dictionary<Fault, int>(_counts);

    public void Start()
    {
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}");
        _accepting = AcceptAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(_tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (SocketException) when (!_stop.IsCancellationRequested)
            {
                // A client that gave up (or was killed) before its connection was accepted.
                continue;
            }

            _tasks.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private Fault Choose()
    {
        lock (_randomLock)
        {
            return _random.NextDouble() < FaultRate ? Faults[_random.Next(Faults.Length)] : Fault.None;
        }
    }

    private int RandomDelayMs()
    {
        lock (_randomLock)
        {
            return _random.Next(1, (int)MaxDelay.TotalMilliseconds + 1);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, _stop.Token);
                if (request is null)
                {
                    return;
                }

                var fault = Choose();
                _counts.AddOrUpdate(fault, 1, (_, n) => n + 1);
                if (Latency > TimeSpan.Zero)
                {
                    await Task.Delay(Latency, _stop.Token);
                }

                await HandleAsync(client, stream, request, fault);
                ReplayHeldRequests(fault);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or FormatException or InvalidOperationException)
            {
                // A client or server that went away, or a request cut in the middle: part of the weather here.
            }
        }
    }

    private async Task HandleAsync(TcpClient client, NetworkStream stream, byte[] request, Fault fault)
    {
        switch (fault)
        {
            case Fault.Drop:
                return;
            case Fault.Delay:
                await Task.Delay(RandomDelayMs(), _stop.Token);
                await SendAsync(stream, await ForwardAsync(request));
                return;
            case Fault.Duplicate:
                var first = ForwardAsync(request);
                var second = ForwardAsync(request);
                await SendAsync(stream, await first);
                await IgnoreFailure(second);
                return;
            case Fault.Reorder:
                await SendAsync(stream, await ForwardAsync(request));
                _heldForLater.Enqueue(request);
                return;
            case Fault.TruncateRequest:
                await SendTruncatedAsync(request);
                Reset(client);
                return;
            case Fault.TruncateResponse:
                var answer = await ForwardAsync(request);
                await SendAsync(stream, answer.AsMemory(0, answer.Length / 2));
                return;
            case Fault.Reset:
                await ForwardAsync(request);
                Reset(client);
                return;
            default:
                await SendAsync(stream, await ForwardAsync(request));
                return;
        }
    }

    /// <summary>Writes the bytes across the link: at once, or segment by segment with <see cref="PacketLoss"/>.</summary>
    private async Task SendAsync(Stream stream, ReadOnlyMemory<byte> bytes)
    {
        if (PacketLoss <= 0)
        {
            await stream.WriteAsync(bytes, _stop.Token);
            return;
        }

        for (var offset = 0; offset < bytes.Length; offset += SegmentBytes)
        {
            Interlocked.Increment(ref _segments);
            if (Lose())
            {
                Interlocked.Increment(ref _lostSegments);
                await Task.Delay(RetransmissionTimeout, _stop.Token);
            }

            await stream.WriteAsync(bytes.Slice(offset, Math.Min(SegmentBytes, bytes.Length - offset)), _stop.Token);
        }
    }

    private bool Lose()
    {
        lock (_randomLock)
        {
            return _random.NextDouble() < PacketLoss;
        }
    }

    /// <summary>Copies held back by <see cref="Fault.Reorder"/> arrive after a later request, late and out of order.</summary>
    private void ReplayHeldRequests(Fault current)
    {
        if (current == Fault.Reorder)
        {
            return;
        }

        while (_heldForLater.TryDequeue(out var stale))
        {
            _tasks.Add(IgnoreFailure(ForwardAsync(stale)));
        }
    }

    private static async Task IgnoreFailure(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static void Reset(TcpClient client)
    {
        client.LingerState = new LingerOption(true, 0);
        client.Client.Close();
    }

    private async Task<byte[]> ForwardAsync(byte[] request)
    {
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(UpstreamAddress, UpstreamPort(), _stop.Token);
        var stream = upstream.GetStream();
        await SendAsync(stream, request);
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, _stop.Token);
        return answer.ToArray();
    }

    private async Task SendTruncatedAsync(byte[] request)
    {
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(UpstreamAddress, UpstreamPort(), _stop.Token);
        var stream = upstream.GetStream();
        var headEnd = IndexOfHeadEnd(request, request.Length);
        var keep = request.Length > headEnd ? headEnd + ((request.Length - headEnd) / 2) : headEnd / 2;
        await SendAsync(stream, request.AsMemory(0, keep));
        await Task.Delay(20, _stop.Token);
        Reset(upstream);
    }

    /// <summary>Reads one request (head and body: Content-Length or chunked) and rewrites it to close after answering.</summary>
    internal static async Task<byte[]?> ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(buffer, length)) < 0)
        {
            if (length == buffer.Length)
            {
                return null;
            }

            var n = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (n == 0)
            {
                return null;
            }

            length += n;
        }

        var head = Encoding.ASCII.GetString(buffer, 0, headEnd);
        var lines = head.Split("\r\n").Where(l => l.Length > 0).ToList();
        var contentLength = 0L;
        var chunked = false;
        var kept = new List<string> { lines[0] };
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? line : line[..colon].Trim();
            var value = colon < 0 ? "" : line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = long.Parse(value, CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                chunked = true;
            }

            if (!name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                && !name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase))
            {
                kept.Add(line);
            }
        }

        kept.Add("Connection: close");
        var body = new MemoryStream();
        body.Write(buffer, headEnd, length - headEnd);
        var reader = new BodyReader(stream, body);
        if (chunked)
        {
            await reader.ReadChunkedAsync(cancellationToken);
        }
        else
        {
            await reader.FillAsync(contentLength, cancellationToken);
        }

        var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes(string.Join("\r\n", kept) + "\r\n\r\n"));
        output.Write(body.GetBuffer(), 0, (int)reader.BodyLength);
        return output.ToArray();
    }

    private static int IndexOfHeadEnd(byte[] buffer, int length)
    {
        for (var i = 3; i < length; i++)
        {
            if (buffer[i - 3] == '\r' && buffer[i - 2] == '\n' && buffer[i - 1] == '\r' && buffer[i] == '\n')
            {
                return i + 1;
            }
        }

        return -1;
    }

    /// <summary>Reads a body from the connection into a buffer that may already hold its first bytes.</summary>
    private sealed class BodyReader(Stream stream, MemoryStream body)
    {
        private long _position;

        public long BodyLength { get; private set; }

        public async Task FillAsync(long needed, CancellationToken cancellationToken)
        {
            await EnsureAsync(needed, cancellationToken);
            BodyLength = needed;
        }

        public async Task ReadChunkedAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var line = await ReadLineAsync(cancellationToken);
                var size = Convert.ToInt64(line.Split(';')[0].Trim(), 16);
                if (size == 0)
                {
                    while ((await ReadLineAsync(cancellationToken)).Length > 0)
                    {
                    }

                    BodyLength = _position;
                    return;
                }

                await EnsureAsync(_position + size + 2, cancellationToken);
                _position += size + 2;
            }
        }

        private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            var start = _position;
            while (true)
            {
                await EnsureAsync(_position + 2, cancellationToken);
                var bytes = body.GetBuffer();
                if (bytes[_position] == '\r' && bytes[_position + 1] == '\n')
                {
                    var line = Encoding.ASCII.GetString(bytes, (int)start, (int)(_position - start));
                    _position += 2;
                    return line;
                }

                _position++;
            }
        }

        private async Task EnsureAsync(long needed, CancellationToken cancellationToken)
        {
            var chunk = new byte[16 * 1024];
            while (body.Length < needed)
            {
                var n = await stream.ReadAsync(chunk, cancellationToken);
                if (n == 0)
                {
                    throw new IOException("The client closed the connection in the middle of a request.");
                }

                body.Write(chunk, 0, n);
            }
        }
    }
}
