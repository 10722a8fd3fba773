using System.Net;
using Kinodialog.Core.Screenings;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

public abstract class DialogueModerationTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task A_programme_wide_term_holds_proposals_in_every_screening_following_the_languages_casing()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var term = "düşmən" + Guid.NewGuid().ToString("N")[..6];
        var added = await programme.PostFormAsync("/az/dialogue/blocklist", new() { ["Term"] = term, ["Culture"] = "az-Latn" }, handler: "Add");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await programme.GetOkPageAsync("/az/dialogue/blocklist");
        Assert.Contains(page.QuerySelectorAll("[data-testid=global-term]"), li => li.TextContent.Contains(term, StringComparison.Ordinal));

        // The same term again (in capitals) is refused, named, in the user's language.
        var again = await programme.PostFormAsync("/ru/dialogue/blocklist", new() { ["Term"] = term.ToUpper(new System.Globalization.CultureInfo("az-Latn")), ["Culture"] = "az-Latn" }, handler: "Add");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("уже есть в стоп-листе", TestClient.Parse(await again.Content.ReadAsStringAsync()).QuerySelector("[data-testid=blocklist-error]")!.TextContent, StringComparison.Ordinal);
        var empty = await programme.PostFormAsync("/en/dialogue/blocklist", new() { ["Term"] = "  ", ["Culture"] = "en" }, handler: "Add");
        Assert.Contains("Type the term", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.Http.GetAsync("/en/dialogue/blocklist")).StatusCode);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        await ModerateAsync(organiser, id, "PostModeration", new() { ["on"] = "true" });
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        Assert.Contains((await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue")).QuerySelectorAll("[data-testid=blocked-term]"), li => li.TextContent.Contains(term, StringComparison.Ordinal));
        using var phone = await PhoneAsync(factory, code, "az");

        // Azerbaijani capitals: "DÜŞMƏN" matches "düşmən" (and the dotted/dotless i follow Azerbaijani rules).
        await ProposeAsync(phone, code, $"Onlar {term.ToUpper(new System.Globalization.CultureInfo("az-Latn"))} deyil.", "az");
        await ProposeAsync(phone, code, "Biz qonşuyuq.", "az");
        Assert.Equal(StatementStatus.Held, await StatusAsync(factory, id, $"Onlar {term.ToUpper(new System.Globalization.CultureInfo("az-Latn"))} deyil."));
        Assert.Equal(StatementStatus.Accepted, await StatusAsync(factory, id, "Biz qonşuyuq."));

        var termId = await factory.WithDbAsync(db => db.BlocklistEntries.Where(b => b.ScreeningId == null && b.Term == term).Select(b => b.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await programme.PostFormAsync("/en/dialogue/blocklist", new() { ["term"] = termId.ToString() }, handler: "Remove")).StatusCode);
        await ProposeAsync(phone, code, $"Onlar {term} deyil, yenə.", "az");
        Assert.Equal(StatementStatus.Accepted, await StatusAsync(factory, id, $"Onlar {term} deyil, yenə."));
    }

    [Fact]
    public async Task A_lifted_ban_brings_the_participants_votes_back_into_the_map_and_is_logged()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var seeded = await SeedAsync(factory, organiser, id, "We can live side by side.");
        await ModerateAsync(organiser, id, "PostModeration", new() { ["on"] = "true" });
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var first = await PhoneAsync(factory, code);
        using var second = await PhoneAsync(factory, code);
        await VoteAsync(first, code, seeded, 1);
        await VoteAsync(second, code, seeded, -1);
        await ProposeAsync(second, code, "Something a moderator regrets banning.");
        var proposed = await factory.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == id && s.ParticipantId != null).Select(s => s.Id).SingleAsync());

        await ModerateAsync(organiser, id, "Ban", new() { ["statement"] = proposed.ToString() });
        await SummaryWhenAsync(organiser, id, s => s.GetProperty("participants").GetInt32() == 1);
        var page = await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue");
        Assert.NotNull(page.QuerySelector("[data-testid=proposer-banned]"));

        await ModerateAsync(organiser, id, "Unban", new() { ["statement"] = proposed.ToString() });
        var summary = await SummaryWhenAsync(organiser, id, s => s.GetProperty("participants").GetInt32() == 2);
        Assert.Equal(2, summary.GetProperty("votes").GetInt32());
        Assert.False(await factory.WithDbAsync(db => db.Participants.Where(p => p.ScreeningId == id).AnyAsync(p => p.Banned)));
        var log = (await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue")).QuerySelector("[data-testid=moderation-log]")!.TextContent;
        Assert.Contains("Ban lifted", log, StringComparison.Ordinal);
        Assert.Contains("Participant banned", log, StringComparison.Ordinal);
        Assert.True((await VoteAsync(second, code, proposed, 1)).GetProperty("stored").GetBoolean());
    }
}

public sealed class DialogueModerationTestsOnSqlite(SqliteFactory factory) : DialogueModerationTests<SqliteFactory>(factory);

public sealed class DialogueModerationTestsOnPostgres(PostgresFactory factory) : DialogueModerationTests<PostgresFactory>(factory);
