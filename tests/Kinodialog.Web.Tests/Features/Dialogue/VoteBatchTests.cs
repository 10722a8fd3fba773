using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

/// <summary>A phone's outbox: several votes in one request, all committed or none.</summary>
public abstract class VoteBatchTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task An_array_of_votes_is_stored_and_acknowledged_in_order_and_a_resent_array_is_stored_once()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var statements = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            statements.Add(await SeedAsync(factory, organiser, id, $"Outbox statement {i}"));
        }

        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var phone = await PhoneAsync(factory, code);

        var votes = statements.Select((s, i) => new { id = Guid.CreateVersion7(), statement = s, vote = i - 1 }).ToArray();
        var answer = await PostVotesAsync(phone, code, votes);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var acknowledged = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Array, acknowledged.ValueKind);
        Assert.Equal(votes.Select(v => v.id), acknowledged.EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
        Assert.All(acknowledged.EnumerateArray(), a => Assert.True(a.GetProperty("stored").GetBoolean()));

        // Acknowledged means committed: the rows are there, with their values.
        var stored = await factory.WithDbAsync(db => db.Votes.Where(v => v.ScreeningId == id).ToDictionaryAsync(v => v.Id, v => (v.StatementId, (int)v.Value)));
        Assert.Equal(votes.ToDictionary(v => v.id, v => (v.statement, v.vote)), stored);
        var times = await factory.WithDbAsync(db => db.Votes.Where(v => v.ScreeningId == id).ToDictionaryAsync(v => v.Id, v => v.CreatedAt));
        Assert.True(times[votes[0].id] < times[votes[1].id] && times[votes[1].id] < times[votes[2].id], "The later vote of an outbox is the later one");

        // The same outbox again (its answer was lost): acknowledged, nothing stored twice.
        var resent = await (await PostVotesAsync(phone, code, votes)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.All(resent.EnumerateArray(), a => Assert.False(a.GetProperty("stored").GetBoolean()));
        var mixed = new[] { votes[1], new { id = Guid.CreateVersion7(), statement = statements[0], vote = 1 } };
        var mixedAnswer = await (await PostVotesAsync(phone, code, mixed)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("false true", string.Join(' ', mixedAnswer.EnumerateArray().Select(a => a.GetProperty("stored").GetBoolean() ? "true" : "false")));
        Assert.Equal(4, await factory.WithDbAsync(db => db.Votes.CountAsync(v => v.ScreeningId == id)));

        // A statement seeded after the phones started voting can be voted on at once.
        var late = await SeedAsync(factory, organiser, id, "Outbox statement seeded late");
        var lateAnswer = await PostVotesAsync(phone, code, new[] { new { id = Guid.CreateVersion7(), statement = late, vote = 1 } });
        Assert.Equal(HttpStatusCode.OK, lateAnswer.StatusCode);
        Assert.Equal(5, await factory.WithDbAsync(db => db.Votes.CountAsync(v => v.ScreeningId == id)));
        await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("votes").GetInt32() == 4);
    }

    [Fact]
    public async Task An_invalid_vote_in_an_array_is_refused_with_its_index_and_field_and_nothing_of_the_request_is_stored()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var statement = await SeedAsync(factory, organiser, id, "Invalid outbox statement");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var phone = await PhoneAsync(factory, code);
        var good = Guid.CreateVersion7();

        var wrongValue = $$"""[{"id":"{{good}}","statement":"{{statement}}","vote":1},{"id":"{{Guid.CreateVersion7()}}","statement":"{{statement}}","vote":2}]""";
        await AssertRefusedAsync(phone, code, wrongValue, index: 1, field: "vote");
        var unreadableValue = $$"""[{"id":"{{good}}","statement":"{{statement}}","vote":1},{"id":"{{Guid.CreateVersion7()}}","statement":"{{statement}}","vote":"yes"}]""";
        await AssertRefusedAsync(phone, code, unreadableValue, index: 1, field: "vote");
        var noId = $$"""[{"id":"{{good}}","statement":"{{statement}}","vote":1},{"id":"{{Guid.CreateVersion7()}}","statement":"{{statement}}","vote":0},{"statement":"{{statement}}","vote":0}]""";
        await AssertRefusedAsync(phone, code, noId, index: 2, field: "id");
        var unknownStatement = $$"""[{"id":"{{good}}","statement":"{{statement}}","vote":1},{"id":"{{Guid.CreateVersion7()}}","statement":"{{Guid.CreateVersion7()}}","vote":1}]""";
        await AssertRefusedAsync(phone, code, unknownStatement, index: 1, field: "statement");
        await AssertRefusedAsync(phone, code, "[]", index: null, field: null);
        var tooMany = "[" + string.Join(',', Enumerable.Range(0, 101).Select(_ => $$"""{"id":"{{Guid.CreateVersion7()}}","statement":"{{statement}}","vote":1}""")) + "]";
        await AssertRefusedAsync(phone, code, tooMany, index: null, field: null);
        await AssertRefusedAsync(phone, code, $$"""{"id":"{{good}}","statement":"{{statement}}","vote":-2}""", index: null, field: "vote");
        Assert.Equal(0, await factory.WithDbAsync(db => db.Votes.CountAsync(v => v.ScreeningId == id)));

        // The valid vote of those requests was never stored: sent alone, it is new.
        Assert.True((await VoteAsync(phone, code, statement, 1, good)).GetProperty("stored").GetBoolean());
    }

    [Fact]
    public async Task After_a_rejection_or_a_ban_the_votes_for_that_statement_or_from_that_phone_are_not_counted()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var kept = await SeedAsync(factory, organiser, id, "Kept statement");
        var rejected = await SeedAsync(factory, organiser, id, "Statement about to be rejected");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var author = await PhoneAsync(factory, code);
        using var other = await PhoneAsync(factory, code);
        Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(author, code, "Proposed by the author.")).StatusCode);
        var proposed = await factory.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == id && s.ParticipantId != null).Select(s => s.Id).SingleAsync());

        // Both phones vote: what a vote is checked against is now cached.
        foreach (var phone in new[] { author, other })
        {
            var first = await PostVotesAsync(phone, code, new[] { new { id = Guid.CreateVersion7(), statement = kept, vote = 1 }, new { id = Guid.CreateVersion7(), statement = rejected, vote = 1 } });
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await ModerateAsync(organiser, id, "Status", new() { ["statement"] = rejected.ToString(), ["status"] = "Rejected" });
        var late = new[] { new { id = Guid.CreateVersion7(), statement = kept, vote = -1 }, new { id = Guid.CreateVersion7(), statement = rejected, vote = -1 } };
        await AssertRefusedAsync(other, code, JsonSerializer.Serialize(late), index: 1, field: "statement");

        await ModerateAsync(organiser, id, "Ban", new() { ["statement"] = proposed.ToString() });
        var banned = await PostVotesAsync(author, code, new[] { new { id = Guid.CreateVersion7(), statement = kept, vote = -1 } });
        Assert.Equal(HttpStatusCode.OK, banned.StatusCode);
        Assert.True((await banned.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("stored").GetBoolean());

        var authorId = await factory.WithDbAsync(db => db.Statements.Where(s => s.Id == proposed).Select(s => s.ParticipantId!.Value).SingleAsync());
        Assert.Equal(2, await factory.WithDbAsync(db => db.Votes.CountAsync(v => v.ParticipantId == authorId)));
        Assert.Equal(4, await factory.WithDbAsync(db => db.Votes.CountAsync(v => v.ScreeningId == id)));
        var summary = await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("participants").GetInt32() == 1);
        Assert.Equal(1, summary.GetProperty("votes").GetInt32());
    }

    [Fact]
    public async Task A_full_outbox_of_a_hundred_votes_is_stored_whole_and_an_id_repeated_inside_it_once()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var statement = await SeedAsync(factory, organiser, id, "Full outbox statement");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var phone = await PhoneAsync(factory, code);

        var votes = Enumerable.Range(0, 99).Select(i => new { id = Guid.CreateVersion7(), statement, vote = (i % 3) - 1 }).ToList();
        votes.Add(votes[42]);
        var answer = await (await PostVotesAsync(phone, code, votes)).Content.ReadFromJsonAsync<JsonElement>();
        var stored = answer.EnumerateArray().Select(a => a.GetProperty("stored").GetBoolean()).ToList();
        Assert.Equal(100, stored.Count);
        Assert.Equal(99, stored.Count(s => s));
        Assert.False(stored[99]);
        Assert.Equal(99, await factory.WithDbAsync(db => db.Votes.CountAsync(v => v.ScreeningId == id)));
    }

    private static async Task<HttpResponseMessage> PostVotesAsync<T>(TestClient phone, string code, T votes) =>
        await phone.Http.PostAsJsonAsync($"/api/audience/{code}/votes", votes);

    private static async Task AssertRefusedAsync(TestClient phone, string code, string json, int? index, string? field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await phone.Http.PostAsync(new Uri($"/api/audience/{code}/votes", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(index, problem.TryGetProperty("index", out var i) ? i.GetInt32() : null);
        Assert.Equal(field, problem.TryGetProperty("field", out var f) ? f.GetString() : null);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }
}

public sealed class VoteBatchTestsOnSqlite(SqliteFactory factory) : VoteBatchTests<SqliteFactory>(factory);

public sealed class VoteBatchTestsOnPostgres(PostgresFactory factory) : VoteBatchTests<PostgresFactory>(factory);
