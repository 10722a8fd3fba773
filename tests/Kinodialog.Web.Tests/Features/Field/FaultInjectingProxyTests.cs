using System.Net;
using Kinodialog.Web.Tests.Infrastructure;

namespace Kinodialog.Web.Tests.Features.Field;

/// <summary>A server on a real port, for the proxy to stand in front of.</summary>
public sealed class SqliteKestrelFactory : SqliteFactory
{
    public SqliteKestrelFactory() => UseKestrel(0);

    public int Port => new Uri(ServerAddress).Port;

    public string ServerAddress
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress.ToString();
        }
    }
}

public sealed class FaultInjectingProxyTests(SqliteKestrelFactory server) : IClassFixture<SqliteKestrelFactory>
{
    private static HttpClient Client(FaultInjectingProxy proxy) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { BaseAddress = proxy.Address, Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Without_faults_every_request_and_body_goes_through()
    {
        await using var proxy = new FaultInjectingProxy(() => server.Port, seed: 1, faultRate: 0);
        proxy.Start();
        using var client = Client(proxy);

        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // A chunked body (unknown length) must reach the server whole: a bad JSON body would give 400 instead of 401/404.
        using var content = new StreamContent(new MemoryStream("{\"code\":\"ABCD\"}"u8.ToArray()));
        content.Headers.ContentType = new("application/json");
        using var post = await client.PostAsync(new Uri("/api/field/enrol", UriKind.Relative), content);
        Assert.NotEqual(HttpStatusCode.BadGateway, post.StatusCode);
        Assert.Equal(6, proxy.Requests);
        Assert.Equal(0, proxy.FaultCount);
    }

    [Fact]
    public async Task With_every_request_faulted_each_kind_of_fault_happens_and_some_requests_fail()
    {
        await using var proxy = new FaultInjectingProxy(() => server.Port, seed: 7, faultRate: 1.0) { MaxDelay = TimeSpan.FromMilliseconds(5) };
        proxy.Start();
        using var client = Client(proxy);
        var failed = 0;
        var succeeded = 0;

        for (var i = 0; i < 80; i++)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK && body.Contains("Healthy", StringComparison.Ordinal))
                {
                    succeeded++;
                }
                else
                {
                    failed++;
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                failed++;
            }
        }

        // The client may try a dropped request again by itself, so the proxy can see more than 80.
        Assert.True(proxy.Requests >= 80);
        Assert.Equal(proxy.Requests, proxy.FaultCount);
        Assert.All(Enum.GetValues<Fault>().Where(f => f != Fault.None), f => Assert.True(proxy.Counts.GetValueOrDefault(f) > 0, $"{f} never happened"));
        Assert.True(failed > 20, $"only {failed} requests failed");
        Assert.True(succeeded > 20, $"only {succeeded} requests succeeded (delay, duplicate and reorder should pass)");
    }

    [Fact]
    public async Task A_lossy_link_delivers_every_byte_late_by_one_retransmission_timeout_per_lost_segment()
    {
        // Every segment lost once: a body of 10 segments and its answer arrive whole, each segment 40 ms late.
        await using var proxy = new FaultInjectingProxy(() => server.Port, seed: 3, faultRate: 0)
        {
            PacketLoss = 1.0,
            SegmentBytes = 1000,
            RetransmissionTimeout = TimeSpan.FromMilliseconds(40),
        };
        proxy.Start();
        using var client = Client(proxy);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var content = new ByteArrayContent(new byte[9_500]);
        content.Headers.ContentType = new("application/json");
        using var post = await client.PostAsync(new Uri("/api/field/enrol", UriKind.Relative), content);
        var took = clock.Elapsed;

        // A whole body (an unreadable one would be refused as 400 by the server, a cut one never answered).
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(0, proxy.FaultCount);
        Assert.Equal(proxy.Segments, proxy.LostSegments);
        Assert.True(proxy.Segments >= 11, $"{proxy.Segments} segments for a head and 9,500 bytes of body in 1,000-byte segments, and the answer");
        Assert.True(took >= TimeSpan.FromMilliseconds(40 * proxy.LostSegments), $"{took.TotalMilliseconds:0} ms for {proxy.LostSegments} lost segments");
    }

    [Fact]
    public async Task Without_loss_the_link_does_not_count_segments()
    {
        await using var proxy = new FaultInjectingProxy(() => server.Port, seed: 3, faultRate: 0);
        proxy.Start();
        using var client = Client(proxy);
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, proxy.Segments);
        Assert.Equal(0, proxy.LostSegments);
    }
}
