using System.Text.Json;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

/// <summary>
/// A 13-person room (6 Armenians, 6 Azerbaijanis, 1 of another community) and what the projector lists,
/// against tallies computed by hand (smoothed share = (A+1)/(S+2)).
/// </summary>
public abstract class RoomListsTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    // Votes per statement: the Armenians' six, then the Azerbaijanis' six (1 agree, -1 disagree, 0 pass).
    private static readonly int[][] Armenian =
    [
        [1, 1, 1, 1, 1, 1],     // s1: 6 agree                         7/8 = 0.875
        [1, 1, 1, 1, 1, 1],     // s2: 6 agree                         7/8
        [-1, -1, -1, -1, -1, -1], // s3: 6 disagree                    D: 7/8
        [1, 1, 1, 1, -1, 0],    // s4: 4 agree, 1 disagree, 1 pass     5/8 = 0.625
        [1, 1, 1, -1, -1, 0],   // s5: 3 agree, 2 disagree, 1 pass     4/8 = 0.5
    ];

    private static readonly int[][] Azerbaijani =
    [
        [1, 1, 1, 1, 1, 1],     // s1: 6 agree                         7/8
        [1, -1, -1, -1, -1, -1], // s2: 1 agree, 5 disagree            2/8 = 0.25 — the reported "agreement"
        [-1, -1, -1, -1, -1, 0], // s3: 5 disagree, 1 pass             D: 6/8
        [1, 1, 1, 1, 1, 0],     // s4: 5 agree, 1 pass                 6/8 = 0.75
        [1, 1, 1, 1, 1, 1],     // s5: 6 agree                         7/8
    ];

    [Fact]
    public async Task The_projector_lists_only_what_both_communities_agree_or_disagree_with_and_shows_each_statements_split()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var statements = new List<Guid>();
        for (var i = 1; i <= 5; i++)
        {
            statements.Add(await SeedAsync(factory, organiser, id, $"Room statement {i}"));
        }

        var numbers = await factory.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == id).ToDictionaryAsync(s => s.Id, s => s.Number));
        int N(int statement) => numbers[statements[statement - 1]];
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        foreach (var (community, votes) in new[] { ("armenian", Armenian), ("azerbaijani", Azerbaijani) })
        {
            for (var p = 0; p < 6; p++)
            {
                using var phone = await PhoneAsync(factory, code, community: community);
                for (var s = 0; s < 5; s++)
                {
                    await VoteAsync(phone, code, statements[s], votes[s][p]);
                }
            }
        }

        using (var other = await PhoneAsync(factory, code, community: "other"))
        {
            await VoteAsync(other, code, statements[4], 0);
        }

        var summary = await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("votes").GetInt32() == 61);
        Assert.True(summary.GetProperty("communitiesShown").GetBoolean());

        // Agree: s1 (lowest 0.875), s4 (lowest 0.625). Not s2 (Azerbaijanis disagree), not s5 (Armenians 0.5).
        static int[] Numbers(JsonElement list) => [.. list.EnumerateArray().Select(e => e.GetProperty("number").GetInt32())];
        Assert.Equal([N(1), N(4)], Numbers(summary.GetProperty("communityAgree")));
        Assert.Equal([0.875, 0.625], summary.GetProperty("communityAgree").EnumerateArray().Select(e => e.GetProperty("score").GetDouble()));
        // Disagree: s3 only (Armenians 7/8, Azerbaijanis 6/8: lowest 0.75).
        Assert.Equal([N(3)], Numbers(summary.GetProperty("communityDisagree")));
        Assert.Equal(0.75, summary.GetProperty("communityDisagree")[0].GetProperty("score").GetDouble());

        // Splits: s2 shows the room (7 agree, 5 disagree) and each community; s5 shows only the room,
        // because room − both communities would give the one other person's vote.
        var splits = summary.GetProperty("splits").EnumerateArray().ToDictionary(e => e.GetProperty("number").GetInt32());
        var s2 = splits[N(2)];
        Assert.Equal((7, 5, 0), Bar(s2.GetProperty("room")));
        Assert.Equal([("armenian", (6, 0, 0)), ("azerbaijani", (1, 5, 0))], s2.GetProperty("communities").EnumerateArray().Select(b => (b.GetProperty("community").GetString()!, Bar(b))));
        var s5 = splits[N(5)];
        Assert.Equal((9, 2, 2), Bar(s5.GetProperty("room")));
        Assert.Equal(0, s5.GetProperty("communities").GetArrayLength());

        // The projector's page says the same, in words and bars.
        var live = await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue/live");
        Assert.Equal([N(1).ToString(System.Globalization.CultureInfo.InvariantCulture), N(4).ToString(System.Globalization.CultureInfo.InvariantCulture)],
            live.QuerySelectorAll("[data-testid=community-agree] li").Select(li => li.GetAttribute("data-number")!));
        Assert.Contains("Room statement 1", live.QuerySelector("[data-testid=community-agree]")!.TextContent, StringComparison.Ordinal);
        var s2Bars = live.QuerySelector($"[data-testid=dialogue-split][data-number='{N(2)}']")!.QuerySelectorAll("[data-testid=split-bar]");
        Assert.Equal(["", "armenian", "azerbaijani"], s2Bars.Select(b => b.GetAttribute("data-community")!));
        Assert.Equal("5", s2Bars[2].GetAttribute("data-disagree"));
        Assert.Null(live.QuerySelector("[data-testid=community-agree-none]"));

        // The fragment the projector's script swaps in is the same summary, in the page's language.
        var fragment = await organiser.GetOkPageAsync($"/hy/screenings/{id}/dialogue/live?handler=Fragment");
        Assert.Equal(2, fragment.QuerySelectorAll("[data-testid=community-agree] li").Length);
        Assert.Contains("Հայեր", fragment.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_agreement_list_says_so_in_words()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var statement = await SeedAsync(factory, organiser, id, "Divided statement");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        for (var p = 0; p < 10; p++)
        {
            using var phone = await PhoneAsync(factory, code, community: p < 5 ? "armenian" : "azerbaijani");
            await VoteAsync(phone, code, statement, p < 5 ? 1 : -1);
        }

        var summary = await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("votes").GetInt32() == 10);
        Assert.True(summary.GetProperty("communitiesShown").GetBoolean());
        Assert.Equal(0, summary.GetProperty("communityAgree").GetArrayLength());
        var live = await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue/live");
        Assert.Contains("No statement yet that both communities agree with.", live.QuerySelector("[data-testid=community-agree-none]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(live.QuerySelector("[data-testid=community-disagree-none]"));
    }

    private static (int Agree, int Disagree, int Pass) Bar(JsonElement bar) =>
        (bar.GetProperty("agree").GetInt32(), bar.GetProperty("disagree").GetInt32(), bar.GetProperty("pass").GetInt32());
}

public sealed class RoomListsTestsOnSqlite(SqliteFactory factory) : RoomListsTests<SqliteFactory>(factory);

public sealed class RoomListsTestsOnPostgres(PostgresFactory factory) : RoomListsTests<PostgresFactory>(factory);
