using System.Net;
using System.Text.Json.Nodes;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Infrastructure.Streams;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Screenings;

/// <summary>The staff's live stream of a screening (run mode, projector, moderation, live summary).</summary>
public abstract class ScreeningLiveEventsTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task The_live_stream_sends_the_counts_at_once_after_a_join_and_again_after_20_quiet_seconds()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);

        using var response = await organiser.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/screenings/{id}/events"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // The events and fields run.js, moderate.js and dialogue-live.js read.
        var first = await NextCountsAsync(reader);
        Assert.Equal(["joined", "answeredPre", "answeredPost", "stage", "currentFilm", "closed", "joinOpen"], first.Select(p => p.Key));
        Assert.Equal(0, (int)first["joined"]!);
        Assert.Equal(0, (int)first["answeredPre"]!);
        Assert.Equal(0, (int)first["answeredPost"]!);
        Assert.Equal("Dialogue", (string)first["stage"]!);
        Assert.False((bool)first["closed"]!);
        Assert.True((bool)first["joinOpen"]!);

        using var phone = await JoinAsync(factory, code);
        JsonObject counts;
        do
        {
            // Other changes (none expected) may come first; each is a full count.
            counts = await NextCountsAsync(reader);
        }
        while ((int)counts["joined"]! == 0);

        Assert.Equal(1, (int)counts["joined"]!);

        // Nothing happens: after 20 s (of the app's clock) the counts come again, which keeps proxies from closing the stream.
        var quiet = NextCountsAsync(reader);
        while (!quiet.IsCompleted)
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(21));
            await Task.WhenAny(quiet, Task.Delay(100));
        }

        Assert.Equal(1, (int)(await quiet)["joined"]!);
    }

    [Fact]
    public async Task An_account_holds_at_most_its_limit_of_live_streams_others_are_not_affected_and_an_ended_one_frees_a_slot()
    {
        var limit = factory.Services.GetRequiredService<IOptions<StreamsOptions>>().Value.MaxPerStaffAccount;
        Assert.Equal(12, limit);
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        using var colleague = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (mine, _) = await OpenScreeningAsync(factory, organiser);
        var (theirs, _) = await OpenScreeningAsync(factory, colleague);
        static async Task<HttpResponseMessage> OpenAsync(TestClient client, Guid id) =>
            await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/screenings/{id}/events"), HttpCompletionOption.ResponseHeadersRead);

        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < limit; i++)
            {
                open.Add(await OpenAsync(organiser, mine));
                Assert.Equal(HttpStatusCode.OK, open[^1].StatusCode);
            }

            using (var refused = await OpenAsync(organiser, mine))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
                Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
            }

            // Another account (even on the same node) is not affected.
            using (var other = await OpenAsync(colleague, theirs))
            {
                Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            }

            // A tab is closed: its stream ends and the next one is let in.
            open[0].Dispose();
            open.RemoveAt(0);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            HttpResponseMessage again;
            while ((again = await OpenAsync(organiser, mine)).StatusCode == HttpStatusCode.TooManyRequests)
            {
                again.Dispose();
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "the ended stream was never released");
                await Task.Delay(50);
            }

            open.Add(again);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        finally
        {
            foreach (var response in open)
            {
                response.Dispose();
            }
        }
    }

    /// <summary>Reads up to the next <c>counts</c> event (skipping pings and comments) and returns its data, waiting at most 30 s.</summary>
    private static async Task<JsonObject> NextCountsAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            string? type = null;
            string? data = null;
            while (await reader.ReadLineAsync(timeout.Token) is { } line && line.Length > 0)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
            }

            if (type == "counts")
            {
                return JsonNode.Parse(data!)!.AsObject();
            }
        }
    }
}

public sealed class ScreeningLiveEventsTestsOnSqlite(SqliteFactory factory) : ScreeningLiveEventsTests<SqliteFactory>(factory);

public sealed class ScreeningLiveEventsTestsOnPostgres(PostgresFactory factory) : ScreeningLiveEventsTests<PostgresFactory>(factory);
