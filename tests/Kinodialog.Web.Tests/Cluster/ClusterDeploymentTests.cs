using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace Kinodialog.Web.Tests.Cluster;

/// <summary>
/// deploy/cluster.sh on one machine: PostgreSQL, Redis, two nodes and nginx, reached the way phones and
/// staff reach them. (What the nodes share through Redis and PostgreSQL is tested with the cluster code.)
/// </summary>
public sealed partial class ClusterDeploymentTests(ClusterDeployment cluster) : IClassFixture<ClusterDeployment>
{
    private static HttpClient Client() => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task Every_node_answers_health_directly_and_through_nginx()
    {
        using var http = Client();
        for (var k = 1; k <= ClusterDeployment.NodeCount; k++)
        {
            using var direct = await http.GetAsync(new Uri(cluster.NodeAddress(k), "/health"));
            Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
            Assert.Contains("\"status\":\"Healthy\"", await direct.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var proxied = await http.GetAsync(new Uri(cluster.BaseAddress, "/health"));
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        Assert.Contains("\"status\":\"Healthy\"", await proxied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_through_nginx_reach_every_node_without_sticky_sessions()
    {
        await AssertEveryNodeAnswersAsync();
    }

    [Fact]
    public async Task The_database_is_migrated_and_Redis_answers_on_their_own_ports()
    {
        await using (var connection = new NpgsqlConnection(cluster.PostgresConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"", connection);
            Assert.True(Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0, "no migration applied");
        }

        Assert.Equal("+PONG", await cluster.RedisAsync("PING"));
        // deploy/redis.conf: counters and messages only, no append-only file.
        Assert.Equal("*2\n$10\nappendonly\n$2\nno", await cluster.RedisAsync("CONFIG GET appendonly", lines: 5));
    }

    [Fact]
    public async Task Nginx_sends_media_files_itself_and_its_internal_location_is_not_reachable_from_outside()
    {
        var film = Guid.NewGuid().ToString();
        var name = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + ".vtt";
        var content = "WEBVTT\n\n00:00.000 --> 00:01.000\nSent by nginx from the shared media volume.\n";
        Directory.CreateDirectory(Path.Combine(cluster.MediaDirectory, "films", film));
        await File.WriteAllTextAsync(Path.Combine(cluster.MediaDirectory, "films", film, name), content);
        using var http = Client();

        // A node only names the file (X-Accel-Redirect, no body) …
        using var node = await http.GetAsync(new Uri(cluster.NodeAddress(1), $"/media/films/{film}/{name}"));
        Assert.Equal(HttpStatusCode.OK, node.StatusCode);
        Assert.Equal($"/internal-media/{film}/{name}", Assert.Single(node.Headers.GetValues("X-Accel-Redirect")));
        Assert.Empty(await node.Content.ReadAsByteArrayAsync());

        // … nginx sends it, ranges included, and keeps the redirect to itself.
        using var whole = await http.GetAsync(new Uri(cluster.BaseAddress, $"/media/films/{film}/{name}"));
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(content, await whole.Content.ReadAsStringAsync());
        Assert.False(whole.Headers.Contains("X-Accel-Redirect"));
        using var range = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.BaseAddress, $"/media/films/{film}/{name}"));
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 5);
        using var partial = await http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("WEBVTT", await partial.Content.ReadAsStringAsync());

        using var inside = await http.GetAsync(new Uri(cluster.BaseAddress, $"/internal-media/{film}/{name}"));
        Assert.NotEqual(HttpStatusCode.OK, inside.StatusCode);
        Assert.DoesNotContain("Sent by nginx", await inside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var missing = await http.GetAsync(new Uri(cluster.BaseAddress, $"/media/films/{film}/{Guid.NewGuid():N}.vtt"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_killed_node_leaves_the_other_answering_through_nginx_and_comes_back_with_start_node()
    {
        await cluster.KillNodeAsync(1);
        try
        {
            using var http = Client();
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(cluster.NodeAddress(1), "/health")));

            // Every request through nginx is answered: the ones sent to the dead node go to the other one.
            for (var i = 0; i < 20; i++)
            {
                using var response = await http.GetAsync(new Uri(cluster.BaseAddress, "/health"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            using var page = await http.GetAsync(new Uri(cluster.BaseAddress, "/en/"));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        finally
        {
            await cluster.StartNodeAsync(1);
        }

        // Back in the rotation once nginx's fail_timeout (5 s) has passed.
        await Task.Delay(TimeSpan.FromSeconds(6));
        await AssertEveryNodeAnswersAsync();
    }

    private async Task AssertEveryNodeAnswersAsync()
    {
        var marker = Guid.NewGuid().ToString("N");
        const int requests = 20;
        using var http = Client();
        for (var i = 0; i < requests; i++)
        {
            using var response = await http.GetAsync(new Uri(cluster.BaseAddress, $"/health?probe={marker}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var lines = await cluster.AccessLogLinesAsync(marker, requests);
        Assert.Equal(requests, lines.Count);
        var nodes = lines.Select(l => UpstreamPattern().Match(l)).Select(m => m.Success ? int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture) : 0)
            .GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        var expected = Enumerable.Range(1, ClusterDeployment.NodeCount).Select(cluster.NodePort).ToHashSet();
        Assert.True(nodes.Keys.ToHashSet().SetEquals(expected),
            $"nginx sent the requests to {string.Join(", ", nodes.Select(n => $"{n.Key.ToString(CultureInfo.InvariantCulture)}: {n.Value.ToString(CultureInfo.InvariantCulture)}"))}; the nodes listen on {string.Join(", ", expected)}");
        Assert.All(nodes.Values, n => Assert.True(n >= requests / ClusterDeployment.NodeCount / 2, $"a node got only {n.ToString(CultureInfo.InvariantCulture)} of {requests.ToString(CultureInfo.InvariantCulture)} requests"));
    }

    [GeneratedRegex(@"upstream=127\.0\.0\.1:(?<port>\d+) upstream_status=200 ")]
    private static partial Regex UpstreamPattern();
}
