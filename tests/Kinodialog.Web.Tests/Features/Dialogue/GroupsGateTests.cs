using System.Text.Json;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

/// <summary>
/// When the room sees no opinion groups, the projector says why in the room's words: too few people
/// in the map for the floor, or groups that change when a few people are left out (bench/groups).
/// </summary>
public abstract class GroupsGateTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task Below_the_floor_the_projector_says_how_many_people_are_in_the_map_and_how_many_groups_need()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var first = await SeedAsync(factory, organiser, id, "Gate statement one");
        var second = await SeedAsync(factory, organiser, id, "Gate statement two");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        for (var p = 0; p < 10; p++)
        {
            using var phone = await PhoneAsync(factory, code, community: p < 5 ? "armenian" : "azerbaijani");
            await VoteAsync(phone, code, first, p < 5 ? 1 : -1);
            await VoteAsync(phone, code, second, p < 5 ? -1 : 1);
        }

        var summary = await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("votes").GetInt32() == 20);
        Assert.False(summary.GetProperty("groupsShown").GetBoolean());
        var hidden = summary.GetProperty("groupsHidden");
        Assert.Equal("too-few", hidden.GetProperty("reason").GetString());
        Assert.Equal(10, hidden.GetProperty("inMap").GetInt32());
        Assert.Equal(15, hidden.GetProperty("floor").GetInt32());
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("stability").ValueKind);

        var live = await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue/live");
        var line = live.QuerySelector("[data-testid=no-groups]")!;
        Assert.Equal("too-few", line.GetAttribute("data-reason"));
        Assert.Equal(
            "Opinion groups are not shown: with fewer than 15 people on the map, groups change when one or two people are left out. People on the map: 10.",
            line.TextContent);
        Assert.Null(live.QuerySelector("[data-testid=opinion-map]"));

        var russian = await organiser.GetOkPageAsync($"/ru/screenings/{id}/dialogue/live?handler=Fragment");
        Assert.Contains("меньше 15 человек", russian.QuerySelector("[data-testid=no-groups]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Участников на карте: 10.", russian.QuerySelector("[data-testid=no-groups]")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Opinion groups are not shown: in this room the groups change when a few people are left out (stability 0.42; groups are shown from 0.80). People on the map: 16.")]
    [InlineData("hy", "Կարծիքների խմբերը չեն ցուցադրվում. այս սրահում խմբերը փոխվում են, եթե մի քանի հոգի դուրս մնա (կայունությունը՝ 0,42, խմբերը ցուցադրվում են, երբ այն առնվազն 0,80 է)։ Քարտեզի վրա մարդկանց թիվը՝ 16։")]
    [InlineData("az", "Fikir qrupları göstərilmir: bu zalda bir neçə nəfər kənarda qalsa, qruplar dəyişir (sabitlik: 0,42; qruplar sabitlik ən azı 0,80 olanda göstərilir). Xəritədəki adamların sayı: 16.")]
    [InlineData("ru", "Группы мнений не показываются: в этом зале группы меняются, если исключить нескольких человек (устойчивость 0,42; группы показываются, когда она не ниже 0,80). Участников на карте: 16.")]
    public async Task Groups_that_are_not_stable_are_explained_with_the_rooms_stability_in_each_language(string culture, string expected)
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var statement = await SeedAsync(factory, organiser, id, "Stability statement");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using (var phone = await PhoneAsync(factory, code))
        {
            await VoteAsync(phone, code, statement, 1);
        }

        await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("votes").GetInt32() == 1);

        // The stored summary of a 16-person room whose groups did not pass the gate.
        var stored = DialogueSummary.Empty with
        {
            Participants = 16,
            Votes = 128,
            InMap = 16,
            GroupsHidden = new SummaryGroupsHidden(SummaryGroupsHidden.NotStable, 16, 15, 0.42, 0.8),
        };
        await factory.WithDbAsync(async db =>
        {
            var state = await db.DialogueStates.SingleAsync(d => d.ScreeningId == id);
            state.ResultJson = JsonSerializer.Serialize(stored);
            return await db.SaveChangesAsync();
        });

        var page = await organiser.GetOkPageAsync($"/{culture}/screenings/{id}/dialogue/live?handler=Fragment");
        var line = page.QuerySelector("[data-testid=no-groups]")!;
        Assert.Equal("not-stable", line.GetAttribute("data-reason"));
        Assert.Equal(expected, line.TextContent);
        var json = await organiser.Http.GetStringAsync($"/api/screenings/{id}/dialogue/summary");
        Assert.Contains("\"groupsHidden\":{\"reason\":\"not-stable\",\"inMap\":16,\"floor\":15,\"stability\":0.42,\"threshold\":0.8}", json, StringComparison.Ordinal);
    }
}

public sealed class GroupsGateTestsOnSqlite(SqliteFactory factory) : GroupsGateTests<SqliteFactory>(factory);

public sealed class GroupsGateTestsOnPostgres(PostgresFactory factory) : GroupsGateTests<PostgresFactory>(factory);
