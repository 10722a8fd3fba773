using System.Net;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Tests.Infrastructure;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

public abstract class PhoneStatementEventsTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task A_phone_that_voted_on_everything_is_told_when_a_new_statement_is_accepted()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var first = await SeedAsync(factory, organiser, id, "The first statement.");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var phone = await PhoneAsync(factory, code);
        await VoteAsync(phone, code, first, 1);

        // Without scripts: a plain link asks for more.
        var page = await phone.GetOkPageAsync($"/en/s/{code}");
        Assert.NotNull(page.QuerySelector("[data-testid=no-statement]"));
        Assert.Equal($"/en/s/{code}", page.QuerySelector("[data-testid=more-statements]")!.GetAttribute("href"));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/audience/{code}/dialogue/events");
        using var response = await phone.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(("statements", "none"), await NextEventAsync(reader));

        await SeedAsync(factory, organiser, id, "A statement accepted while the phone waits.");
        await RecomputeAsync(factory);
        // Changes before the new statement (the vote's recompute) may say "none" again; then "more".
        Assert.Equal(("statements", "more"), await NextEventAsync(reader, skip: e => e.Event == "ping" || e.Data == "none"));
        Assert.NotNull((await phone.GetOkPageAsync($"/en/s/{code}")).QuerySelector("[data-testid=statement-card]"));
    }

    [Fact]
    public async Task A_phone_showing_a_statement_in_another_language_is_told_when_its_translation_exists()
    {
        const string original = "Müharibə heç kimə kömək etməyib.";
        const string armenian = "Պատերազմը ոչ ոքի չի օգնել։";
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var statement = await SeedAsync(factory, organiser, id, original, "az-Latn");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var phone = await PhoneAsync(factory, code, "hy");
        var page = await phone.GetOkPageAsync($"/hy/s/{code}");
        Assert.Equal("az-Latn", page.QuerySelector("[data-testid=statement-text]")!.GetAttribute("lang"));

        // A statement of another screening, translated, tells this phone nothing.
        var (other, _) = await OpenScreeningAsync(factory, organiser);
        var foreign = await SeedAsync(factory, organiser, other, "Another screening's statement.", "az-Latn");
        await ModerateAsync(organiser, other, "Translate", new() { ["statement"] = foreign.ToString(), ["culture"] = "hy", ["text"] = armenian });
        using (var stream = await phone.Http.GetAsync($"/api/audience/{code}/dialogue/events?showing={foreign}&culture=hy", HttpCompletionOption.ResponseHeadersRead))
        {
            using var foreignReader = new StreamReader(await stream.Content.ReadAsStreamAsync());
            Assert.Equal(("statements", "none"), await NextEventAsync(foreignReader));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/audience/{code}/dialogue/events?showing={statement}&culture=hy");
        using var response = await phone.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(("statements", "none"), await NextEventAsync(reader));

        await ModerateAsync(organiser, id, "Translate", new() { ["statement"] = statement.ToString(), ["culture"] = "hy", ["text"] = armenian });
        Assert.Equal(("statements", "translated"), await NextEventAsync(reader, skip: e => e.Event == "ping" || e.Data == "none"));
        var translated = await phone.GetOkPageAsync($"/hy/s/{code}");
        Assert.Equal(armenian, translated.QuerySelector("[data-testid=statement-text]")!.TextContent.Trim());
        Assert.NotNull(translated.QuerySelector("[data-testid=statement-translated]"));
    }

    [Fact]
    public async Task A_phone_holds_at_most_three_streams_open_and_gets_another_once_one_ends()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var statement = await SeedAsync(factory, organiser, id, "Streams are counted.");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);

        // Phones that voted on everything: their streams stay open, waiting for new statements.
        using var phone = await PhoneAsync(factory, code);
        using var other = await PhoneAsync(factory, code);
        await VoteAsync(phone, code, statement, 1);
        await VoteAsync(other, code, statement, -1);
        var url = $"/api/audience/{code}/dialogue/events";
        async Task<HttpResponseMessage> OpenAsync(TestClient client) =>
            await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead);

        var open = new List<HttpResponseMessage>();
        for (var i = 0; i < new Kinodialog.Web.Infrastructure.Streams.StreamsOptions().MaxPerPhone; i++)
        {
            open.Add(await OpenAsync(phone));
            Assert.Equal(HttpStatusCode.OK, open[^1].StatusCode);
        }

        using var refused = await OpenAsync(phone);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        // Another phone of the same room is not affected.
        using var theirs = await OpenAsync(other);
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);

        // One stream ends (the phone closed a tab): the next one is let in.
        open[0].Dispose();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        HttpResponseMessage again;
        while ((again = await OpenAsync(phone)).StatusCode == HttpStatusCode.TooManyRequests)
        {
            again.Dispose();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "the ended stream was never released");
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        again.Dispose();
        foreach (var response in open)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task The_statement_stream_answers_a_wrong_code_and_a_phone_that_has_not_joined_alike()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var stranger = TestClient.Create(factory);
        var notJoined = await stranger.Http.GetAsync($"/api/audience/{code}/dialogue/events");
        var wrong = await stranger.Http.GetAsync("/api/audience/ZZZZZZ/dialogue/events");
        Assert.Equal(HttpStatusCode.NotFound, notJoined.StatusCode);
        Assert.Equal(wrong.StatusCode, notJoined.StatusCode);
        static async Task<string> Problem(HttpResponseMessage response)
        {
            var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            problem.Remove("traceId");
            return problem.ToJsonString();
        }

        Assert.Equal(await Problem(wrong), await Problem(notJoined));
    }

    /// <summary>Reads the next event (its type and data), waiting at most 30 s.</summary>
    private static async Task<(string Event, string Data)> NextEventAsync(StreamReader reader, Func<(string Event, string Data), bool>? skip = null)
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
                else if (line.StartsWith("data: ", StringComparison.Ordinal) || line == "data:")
                {
                    data = line.Length > 5 ? line[6..] : "";
                }
            }

            if (type is null || (skip is not null && skip((type, data ?? ""))))
            {
                continue;
            }

            return (type, data ?? "");
        }
    }
}

public sealed class PhoneStatementEventsTestsOnSqlite(SqliteFactory factory) : PhoneStatementEventsTests<SqliteFactory>(factory);

public sealed class PhoneStatementEventsTestsOnPostgres(PostgresFactory factory) : PhoneStatementEventsTests<PostgresFactory>(factory);
