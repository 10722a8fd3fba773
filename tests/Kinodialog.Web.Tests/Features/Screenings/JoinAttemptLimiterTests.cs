using System.Net;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Tests.Infrastructure;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Screenings;

/// <summary>Issue 14: the join limiter could be reset, was shared by everyone behind a proxy, and let parallel guesses through.</summary>
public sealed class JoinAttemptLimiterTests(ProxiedSqliteFactory factory) : IClassFixture<ProxiedSqliteFactory>
{
    private static int _client;

    /// <summary>A client address of its own for each test (the limiter is shared by the class's app).</summary>
    private static string NewAddress() => $"203.0.113.{Interlocked.Increment(ref _client)}";

    private static async Task<string> TokenAsync(TestClient client) =>
        (await client.GetOkPageAsync("/en/join")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    private static async Task<HttpStatusCode> TryAsync(TestClient client, string token, string code, string connection, string? forwardedFor = null, string? forwardedProto = null)
    {
        using var request = ClientAddress.Request(HttpMethod.Post, "/en/join", connection, forwardedFor, forwardedProto,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["__RequestVerificationToken"] = token }));
        using var response = await client.Http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<string> OpenCodeAsync()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        return (await OpenScreeningAsync(factory, organiser)).Code;
    }

    [Fact]
    public async Task A_correct_code_between_wrong_ones_does_not_reset_the_count()
    {
        var code = await OpenCodeAsync();
        using var phone = TestClient.Create(factory);
        var token = await TokenAsync(phone);
        var address = NewAddress();
        var answeredWrong = 0;
        var refused = false;
        for (var round = 0; round < 3 && !refused; round++)
        {
            for (var i = 0; i < 4 && !refused; i++)
            {
                var status = await TryAsync(phone, token, "ZZZZZZ", address);
                refused = status == HttpStatusCode.TooManyRequests;
                answeredWrong += refused ? 0 : 1;
            }

            if (!refused)
            {
                // Refused too once the count is full: the limiter answers before looking at the code.
                var right = await TryAsync(phone, token, code, address);
                refused = right == HttpStatusCode.TooManyRequests;
                Assert.True(refused || right == HttpStatusCode.Redirect, $"the right code answered {right}");
            }
        }

        Assert.True(refused, "4 wrong + 1 right, repeated, was never refused");
        Assert.Equal(JoinAttemptLimiter.MaxFailures, answeredWrong);

        // Failures are forgiven one at a time: after one decay period exactly one more guess.
        factory.Clock.Advance(JoinAttemptLimiter.DecayPerFailure);
        Assert.Equal(HttpStatusCode.OK, await TryAsync(phone, token, "ZZZZZZ", address));
        Assert.Equal(HttpStatusCode.TooManyRequests, await TryAsync(phone, token, "ZZZZZZ", address));
    }

    [Fact]
    public async Task Parallel_wrong_codes_get_no_more_answers_than_the_limit_allows()
    {
        using var phone = TestClient.Create(factory);
        var token = await TokenAsync(phone);
        var address = NewAddress();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => TryAsync(phone, token, "ZZZZZ" + "23456789ABCDEFGHJKMNPQRSTUVWXYZ"[i % 31], address)));
        Assert.Equal(JoinAttemptLimiter.MaxFailures, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(60 - JoinAttemptLimiter.MaxFailures, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_count()
    {
        using var phone = TestClient.Create(factory);
        var token = await TokenAsync(phone);
        var guesser = NewAddress();
        var neighbour = NewAddress();
        for (var i = 0; i < JoinAttemptLimiter.MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await TryAsync(phone, token, "ZZZZZW", ProxiedSqliteFactory.Proxy, forwardedFor: guesser));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await TryAsync(phone, token, "ZZZZZW", ProxiedSqliteFactory.Proxy, forwardedFor: guesser));
        Assert.Equal(HttpStatusCode.OK, await TryAsync(phone, token, "ZZZZZW", ProxiedSqliteFactory.Proxy, forwardedFor: neighbour));
    }

    [Fact]
    public async Task A_forwarded_header_from_an_untrusted_address_is_ignored()
    {
        using var phone = TestClient.Create(factory);
        var token = await TokenAsync(phone);
        var direct = NewAddress();
        for (var i = 0; i < JoinAttemptLimiter.MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await TryAsync(phone, token, "ZZZZZV", direct, forwardedFor: NewAddress()));
        }

        // A new made-up client address in every request does not help: the connection's address counts.
        Assert.Equal(HttpStatusCode.TooManyRequests, await TryAsync(phone, token, "ZZZZZV", direct, forwardedFor: NewAddress()));
    }

    [Fact]
    public async Task The_scheme_forwarded_by_the_trusted_proxy_makes_the_phone_cookie_secure()
    {
        var code = await OpenCodeAsync();
        using var phone = TestClient.Create(factory);
        var token = await TokenAsync(phone);
        using var proxied = ClientAddress.Request(HttpMethod.Post, "/en/join", ProxiedSqliteFactory.Proxy, NewAddress(), "https",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["__RequestVerificationToken"] = token }));
        using var secure = await phone.Http.SendAsync(proxied);
        Assert.Equal(HttpStatusCode.Redirect, secure.StatusCode);
        Assert.Contains(secure.Headers.GetValues("Set-Cookie"), c => c.StartsWith("kd-p-", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));

        using var other = TestClient.Create(factory);
        var otherToken = await TokenAsync(other);
        using var spoofed = ClientAddress.Request(HttpMethod.Post, "/en/join", NewAddress(), NewAddress(), "https",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["__RequestVerificationToken"] = otherToken }));
        using var plain = await other.Http.SendAsync(spoofed);
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.DoesNotContain(plain.Headers.GetValues("Set-Cookie"), c => c.StartsWith("kd-p-", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }
}
