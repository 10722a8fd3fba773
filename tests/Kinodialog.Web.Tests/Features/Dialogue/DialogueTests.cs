using System.Net;
using System.Net.Http.Json;
using Kinodialog.Core.Screenings;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

public abstract class DialogueTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task A_phone_votes_on_seeded_statements_and_a_repeated_vote_id_is_stored_once()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var first = await SeedAsync(factory, organiser, id, "Films can change how we see each other.");
        var second = await SeedAsync(factory, organiser, id, "Young people want peace.");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var phone = await PhoneAsync(factory, code);

        var html = await phone.Http.GetStringAsync($"/en/s/{code}");
        Assert.True(html.Length < 50_000, $"The phone page weighs {html.Length} characters");
        Assert.Contains("dialogue.js", html, StringComparison.Ordinal);
        var page = TestClient.Parse(html);
        var card = page.QuerySelector("[data-testid=statement-card]")!;
        var shown = Guid.Parse(card.GetAttribute("data-statement")!);
        Assert.Contains(shown, new[] { first, second });
        var voteId = card.QuerySelector("input[name=id]")!.GetAttribute("value")!;
        var voted = await phone.PostFormAsync($"/en/s/{code}", new Dictionary<string, string> { ["id"] = voteId, ["statement"] = shown.ToString(), ["vote"] = "1" }, handler: "Vote");
        Assert.Equal(HttpStatusCode.Redirect, voted.StatusCode);

        var next = Guid.Parse((await phone.GetOkPageAsync($"/en/s/{code}")).QuerySelector("[data-testid=statement-card]")!.GetAttribute("data-statement")!);
        Assert.NotEqual(shown, next);
        var jsonId = Guid.CreateVersion7();
        Assert.True((await VoteAsync(phone, code, next, -1, jsonId)).GetProperty("stored").GetBoolean());
        Assert.False((await VoteAsync(phone, code, next, -1, jsonId)).GetProperty("stored").GetBoolean());

        Assert.NotNull((await phone.GetOkPageAsync($"/en/s/{code}")).QuerySelector("[data-testid=no-statement]"));
        Assert.Equal(2, await factory.WithDbAsync(db => db.Votes.CountAsync(v => v.ScreeningId == id)));
        var summary = await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("votes").GetInt32() == 2);
        Assert.Equal(1, summary.GetProperty("participants").GetInt32());
    }

    [Fact]
    public async Task A_proposed_statement_stays_invisible_until_accepted_and_a_blocklisted_one_is_held()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var author = await PhoneAsync(factory, code);
        using var other = await PhoneAsync(factory, code);

        Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(author, code, "We should meet more often.")).StatusCode);
        Assert.Equal(StatementStatus.Pending, await StatusAsync(factory, id, "We should meet more often."));
        Assert.NotNull((await other.GetOkPageAsync($"/en/s/{code}")).QuerySelector("[data-testid=no-statement]"));
        var queue = await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue");
        Assert.Single(queue.QuerySelectorAll("[data-testid=queued-statement]"));

        var statement = await factory.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == id).Select(s => s.Id).SingleAsync());
        await ModerateAsync(organiser, id, "Status", new() { ["statement"] = statement.ToString(), ["status"] = "Accepted" });
        Assert.Equal(statement.ToString(), (await other.GetOkPageAsync($"/en/s/{code}")).QuerySelector("[data-testid=statement-card]")!.GetAttribute("data-statement"));
        var flagged = await other.PostFormAsync($"/en/s/{code}", new Dictionary<string, string> { ["statement"] = statement.ToString() }, handler: "Flag");
        Assert.Equal(HttpStatusCode.Redirect, flagged.StatusCode);
        Assert.NotNull((await other.GetOkPageAsync(flagged.Headers.Location!.OriginalString)).QuerySelector("[data-testid=dialogue-notice]"));
        Assert.Contains("1", (await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue")).QuerySelector("[data-testid=flags]")!.TextContent, StringComparison.Ordinal);

        await ModerateAsync(organiser, id, "AddTerm", new() { ["term"] = "idiots", ["culture"] = "en" });
        await ModerateAsync(organiser, id, "PostModeration", new() { ["on"] = "true" });
        await ProposeAsync(author, code, "They are IDIOTS.");
        await ProposeAsync(author, code, "Music unites us.");
        Assert.Equal(StatementStatus.Held, await StatusAsync(factory, id, "They are IDIOTS."));
        Assert.Equal(StatementStatus.Accepted, await StatusAsync(factory, id, "Music unites us."));
        Assert.NotNull((await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue")).QuerySelector("[data-testid=held]"));

        var tooLong = await ProposeAsync(author, code, new string('x', 141));
        Assert.Equal(HttpStatusCode.Redirect, tooLong.StatusCode);
        Assert.Equal(3, await factory.WithDbAsync(db => db.Statements.CountAsync(s => s.ScreeningId == id)));
        var actions = await factory.WithDbAsync(db => db.ModerationActions.Where(a => a.ScreeningId == id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["accepted", "blocklist-add", "post-moderation-on"], actions.Order(StringComparer.Ordinal));
        var log = (await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue")).QuerySelector("[data-testid=moderation-log]")!;
        Assert.Equal(3, log.QuerySelectorAll("tr").Length);
        Assert.DoesNotContain("They are IDIOTS", log.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_phone_sees_the_translation_in_its_language_or_the_original_with_its_language_named()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var statement = await SeedAsync(factory, organiser, id, "Мы соседи.", "ru");
        await ModerateAsync(organiser, id, "Translate", new() { ["statement"] = statement.ToString(), ["culture"] = "hy", ["text"] = "Մենք հարևաններ ենք։" });
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var armenian = await PhoneAsync(factory, code, "hy");
        using var azerbaijani = await PhoneAsync(factory, code, "az");

        var hy = await armenian.GetOkPageAsync($"/hy/s/{code}");
        Assert.Equal("Մենք հարևաններ ենք։", hy.QuerySelector("[data-testid=statement-text]")!.TextContent);
        Assert.Null(hy.QuerySelector("[data-testid=statement-language]"));
        var az = await azerbaijani.GetOkPageAsync($"/az/s/{code}");
        Assert.Equal("Мы соседи.", az.QuerySelector("[data-testid=statement-text]")!.TextContent);
        Assert.Equal("ru", az.QuerySelector("[data-testid=statement-text]")!.GetAttribute("lang"));
        Assert.Contains("Русский", az.QuerySelector("[data-testid=statement-language]")!.TextContent, StringComparison.Ordinal);
        foreach (var culture in new[] { "hy", "az", "ru" })
        {
            Assert.NotNull((await organiser.GetOkPageAsync($"/{culture}/screenings/{id}/dialogue")).QuerySelector("[data-testid=seed-form]"));
            Assert.NotNull((await organiser.GetOkPageAsync($"/{culture}/screenings/{id}/dialogue/live")).QuerySelector("[data-testid=dialogue-live]"));
        }
    }

    [Fact]
    public async Task Twenty_phones_in_two_camps_form_groups_and_rejecting_or_banning_leaves_the_map()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var statements = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            statements.Add(await SeedAsync(factory, organiser, id, $"Statement number {i}"));
        }

        await ModerateAsync(organiser, id, "PostModeration", new() { ["on"] = "true" });
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        var phones = new List<TestClient>();
        for (var p = 0; p < 20; p++)
        {
            var phone = await PhoneAsync(factory, code, community: p % 2 == 0 ? "armenian" : "azerbaijani");
            phones.Add(phone);
            var camp = p < 10 ? 1 : -1;
            for (var s = 0; s < statements.Count; s++)
            {
                await VoteAsync(phone, code, statements[s], s < 4 ? camp : -camp);
            }
        }

        var summary = await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("votes").GetInt32() == 160 && s.GetProperty("groupsShown").GetBoolean());
        Assert.Equal(20, summary.GetProperty("participants").GetInt32());
        Assert.True(summary.GetProperty("groups").GetArrayLength() >= 2);
        Assert.True(summary.GetProperty("communitiesShown").GetBoolean());
        Assert.Contains("<circle", summary.GetProperty("mapSvg").GetString(), StringComparison.Ordinal);
        var live = await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue/live");
        Assert.True(live.QuerySelectorAll("[data-testid=map-group]").Length >= 2);
        Assert.Equal("20", live.QuerySelector("[data-testid=dialogue-participants]")!.TextContent);
        var run = await organiser.GetOkPageAsync($"/en/screenings/{id}/run");
        Assert.Equal("20", run.QuerySelector("[data-testid=dialogue-live] [data-testid=dialogue-participants]")!.TextContent);
        var state = await factory.WithDbAsync(db => db.DialogueStates.Where(d => d.ScreeningId == id).Select(d => d.StateJson).SingleAsync());
        Assert.True(System.Text.Json.JsonSerializer.Deserialize<Kinodialog.Core.Opinions.OpinionState>(state)!.ShownK >= 2);

        // The worker keeps nothing in memory: a computation from the stored state (as after a restart) keeps the groups.
        var groups = summary.GetProperty("groups").GetRawText();
        await factory.WithServicesAsync(async services =>
        {
            await services.GetRequiredService<Kinodialog.Web.Features.Dialogue.DialogueRecompute>().ComputeAsync(id, CancellationToken.None);
            return true;
        });
        Assert.Equal(groups, (await SummaryWhenAsync(factory, organiser, id, _ => true)).GetProperty("groups").GetRawText());

        await ModerateAsync(organiser, id, "Status", new() { ["statement"] = statements[7].ToString(), ["status"] = "Rejected" });
        await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("votes").GetInt32() == 140);
        var late = await phones[1].Http.PostAsJsonAsync($"/api/audience/{code}/votes", new { id = Guid.CreateVersion7(), statement = statements[7], vote = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);

        await ProposeAsync(phones[0], code, "Proposed by the first phone.");
        var proposed = await factory.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == id && s.ParticipantId != null).Select(s => s.Id).SingleAsync());
        await ModerateAsync(organiser, id, "Ban", new() { ["statement"] = proposed.ToString() });
        summary = await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("participants").GetInt32() == 19);
        Assert.Equal(133, summary.GetProperty("votes").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await phones[0].Http.PostAsJsonAsync($"/api/audience/{code}/votes", new { id = Guid.CreateVersion7(), statement = statements[0], vote = 1 })).StatusCode);
        Assert.NotNull((await phones[0].GetOkPageAsync($"/en/s/{code}")).QuerySelector("[data-testid=dialogue-thanks]"));
        Assert.Equal(8, await factory.WithDbAsync(db => db.Votes.CountAsync(v => v.ParticipantId == db.Statements.Where(s => s.Id == proposed).Select(s => s.ParticipantId).First())));
        foreach (var phone in phones)
        {
            phone.Dispose();
        }
    }

    [Fact]
    public async Task Where_the_communities_agree_is_hidden_when_a_community_has_fewer_than_five_in_the_map()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var statements = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            statements.Add(await SeedAsync(factory, organiser, id, $"Shared statement {i}"));
        }

        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        for (var p = 0; p < 16; p++)
        {
            using var phone = await PhoneAsync(factory, code, community: p < 4 ? "azerbaijani" : "armenian");
            for (var s = 0; s < statements.Count; s++)
            {
                await VoteAsync(phone, code, statements[s], (p + s) % 3 == 0 ? -1 : 1);
            }
        }

        var summary = await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("votes").GetInt32() == 112);
        Assert.False(summary.GetProperty("communitiesShown").GetBoolean());
        Assert.Equal(0, summary.GetProperty("communityAgree").GetArrayLength());
        var live = await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue/live");
        Assert.False(live.QuerySelector("[data-testid=communities-too-few]")!.HasAttribute("hidden"));
    }

    [Fact]
    public async Task Another_organisers_dialogue_is_not_found()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        using var stranger = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, _) = await OpenScreeningAsync(factory, organiser);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetPageAsync($"/en/screenings/{id}/dialogue")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetPageAsync($"/en/screenings/{id}/dialogue/live")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/screenings/{id}/dialogue/summary")).StatusCode);
    }
}

public sealed class DialogueTestsOnSqlite(SqliteFactory factory) : DialogueTests<SqliteFactory>(factory);

public sealed class DialogueTestsOnPostgres(PostgresFactory factory) : DialogueTests<PostgresFactory>(factory);
