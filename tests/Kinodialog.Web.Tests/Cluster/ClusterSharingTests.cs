using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Kinodialog.Web.Features.Screenings;

namespace Kinodialog.Web.Tests.Cluster;

/// <summary>What the deployed nodes (separate processes) share: keys of cookies and forms, and the join limiter's counts.</summary>
public sealed partial class ClusterDeploymentTests
{
    [Fact]
    public async Task A_form_served_by_one_node_is_accepted_by_the_other_and_each_answer_names_its_node()
    {
        using var http = Client();
        var client = "198.51.100." + Random.Shared.Next(1, 250).ToString(CultureInfo.InvariantCulture);
        var (cookie, token, servedBy) = await JoinFormAsync(http, 1, client);
        Assert.Equal("node1", servedBy);

        // Posted to node 2: its antiforgery check reads node 1's cookie (one key ring, in the database).
        using var post = JoinPost(2, cookie, token, client, "ZZZZZZ");
        using var answer = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("node2", Assert.Single(answer.Headers.GetValues("X-Kinodialog-Node")));
        Assert.Contains("data-testid=\"join-error\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The key ring is the database's, not a folder one machine's nodes happen to share.
        await using var connection = new Npgsql.NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM \"DataProtectionKeys\"", connection);
        Assert.True(Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture) >= 1);
    }

    [Fact]
    public async Task Wrong_join_codes_sent_to_both_nodes_are_counted_once_and_refused_on_both()
    {
        using var http = Client();
        var client = "203.0.113." + Random.Shared.Next(1, 250).ToString(CultureInfo.InvariantCulture);
        var (cookie, token, _) = await JoinFormAsync(http, 1, client);
        for (var i = 0; i < JoinAttemptLimiter.MaxFailures; i++)
        {
            using var post = JoinPost(1 + (i % 2), cookie, token, client, "ZZZZZZ");
            using var answered = await http.SendAsync(post);
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }

        for (var k = 1; k <= ClusterDeployment.NodeCount; k++)
        {
            using var post = JoinPost(k, cookie, token, client, "ZZZZZZ");
            using var refused = await http.SendAsync(post);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }
    }

    /// <summary>The join form from node k for a client address (forwarded, as nginx would): the antiforgery cookie and token, and the node that answered.</summary>
    private async Task<(string Cookie, string Token, string Node)> JoinFormAsync(HttpClient http, int k, string client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.NodeAddress(k), "/en/join"));
        request.Headers.Add("X-Forwarded-For", client);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("kd-af=", StringComparison.Ordinal));
        var token = TokenPattern().Match(await response.Content.ReadAsStringAsync()).Groups["token"].Value;
        Assert.False(string.IsNullOrEmpty(token));
        return (cookie, token, Assert.Single(response.Headers.GetValues("X-Kinodialog-Node")));
    }

    private HttpRequestMessage JoinPost(int k, string cookie, string token, string client, string code)
    {
        var post = new HttpRequestMessage(HttpMethod.Post, new Uri(cluster.NodeAddress(k), "/en/join"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", cookie);
        post.Headers.Add("X-Forwarded-For", client);
        return post;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenPattern();
}
