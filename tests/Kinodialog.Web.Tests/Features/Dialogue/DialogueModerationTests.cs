using System.Net;
using System.Net.Http.Json;
using Kinodialog.Core.Screenings;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Films.FilmTestKit;
using static Kinodialog.Web.Tests.Features.Screenings.ScreeningTestKit;
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

    [Theory]
    [InlineData("hy", "text", "   ", "Մուտքագրեք պնդումը։")]
    [InlineData("az", "text", "too-long", "140")]
    [InlineData("ru", "culture", "xx", "Выберите язык")]
    [InlineData("az", "term", "   ", "Qadağan ediləcək sözü yazın.")]
    [InlineData("hy", "term", "too-long", "100")]
    public async Task A_seeded_statement_or_term_that_cannot_be_saved_is_refused_in_words_and_nothing_is_saved(string segment, string field, string value, string expected)
    {
        // Before, a statement of spaces, a term of spaces or one too long, or an unknown language answered 404 "Not found".
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, _) = await OpenScreeningAsync(factory, organiser);
        var isTerm = field == "term";
        var fields = isTerm
            ? new Dictionary<string, string> { ["term"] = "fine", ["culture"] = "hy" }
            : new Dictionary<string, string> { ["text"] = "We should meet again", ["culture"] = "en" };
        fields[field] = value == "too-long" ? new string('a', isTerm ? 101 : 141) : value;
        var statements = await factory.WithDbAsync(db => db.Statements.CountAsync(s => s.ScreeningId == id));
        var terms = await factory.WithDbAsync(db => db.BlocklistEntries.CountAsync(b => b.ScreeningId == id));

        var response = await organiser.PostFormAsync($"/{segment}/screenings/{id}/dialogue", fields, handler: isTerm ? "AddTerm" : "Seed");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await organiser.GetOkPageAsync(response.Headers.Location!.ToString());
        Assert.Contains(expected, page.QuerySelector("[data-testid=moderation-error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(statements, await factory.WithDbAsync(db => db.Statements.CountAsync(s => s.ScreeningId == id)));
        Assert.Equal(terms, await factory.WithDbAsync(db => db.BlocklistEntries.CountAsync(b => b.ScreeningId == id)));
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
        await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("participants").GetInt32() == 1);
        var page = await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue");
        Assert.NotNull(page.QuerySelector("[data-testid=proposer-banned]"));

        await ModerateAsync(organiser, id, "Unban", new() { ["statement"] = proposed.ToString() });
        var summary = await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("participants").GetInt32() == 2);
        Assert.Equal(2, summary.GetProperty("votes").GetInt32());
        Assert.False(await factory.WithDbAsync(db => db.Participants.Where(p => p.ScreeningId == id).AnyAsync(p => p.Banned)));
        var log = (await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue")).QuerySelector("[data-testid=moderation-log]")!.TextContent;
        Assert.Contains("Ban lifted", log, StringComparison.Ordinal);
        Assert.Contains("Participant banned", log, StringComparison.Ordinal);
        Assert.True((await VoteAsync(second, code, proposed, 1)).GetProperty("stored").GetBoolean());
    }

    [Fact]
    public async Task A_films_suggested_statements_are_seeded_with_their_translations_and_a_phone_reads_its_language()
    {
        var slug = NewSlug();
        var film = await CreateFilmAsync(factory, slug, texts:
        [
            new FilmText("en", "Neighbours", "", "", "We want peace.\nOur grandparents were neighbours."),
            new FilmText("ru", "Соседи", "", "", "Мы хотим мира.\n\nНаши бабушки и дедушки были соседями.\n"),
            new FilmText("hy", "Հարևաններ", "", "", "Մենք խաղաղություն ենք ուզում։"),
        ]);
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var id = await PlanAsync(organiser, [film], title: "Suggestions " + slug);
        Assert.Equal(HttpStatusCode.Redirect, (await organiser.PostFormAsync($"/en/screenings/{id}/run", new Dictionary<string, string>(), handler: "Open")).StatusCode);
        var code = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.JoinCode).SingleAsync());

        var page = await organiser.GetOkPageAsync($"/ru/screenings/{id}/dialogue");
        var suggested = page.QuerySelectorAll("[data-testid=suggested-statement]");
        Assert.Equal(2, suggested.Length);
        Assert.Contains("Мы хотим мира.", suggested[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("3", suggested[0].TextContent, StringComparison.Ordinal);

        await ModerateAsync(organiser, id, "SeedSuggested", new() { ["film"] = film.ToString(), ["index"] = "0" });
        var seeded = await factory.WithDbAsync(db => db.Statements.SingleAsync(s => s.ScreeningId == id));
        // The screening is held in Russian: the Russian line is the original, the others its translations.
        Assert.Equal(("Мы хотим мира.", "ru", StatementStatus.Accepted), (seeded.Text, seeded.Culture, seeded.Status));
        var translations = await factory.WithDbAsync(db => db.StatementTranslations.Where(t => t.StatementId == seeded.Id).OrderBy(t => t.Culture).Select(t => t.Culture + ":" + t.Text).ToListAsync());
        Assert.Equal(["en:We want peace.", "hy:Մենք խաղաղություն ենք ուզում։"], translations);

        // "Add all" adds only what is not there yet.
        await ModerateAsync(organiser, id, "SeedSuggested", new() { ["film"] = film.ToString() });
        Assert.Equal(2, await factory.WithDbAsync(db => db.Statements.CountAsync(s => s.ScreeningId == id)));
        Assert.All((await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue")).QuerySelectorAll("[data-testid=suggested-statement]"), li => Assert.Equal("true", li.GetAttribute("data-added")));

        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var phone = await PhoneAsync(factory, code!, "hy");
        var texts = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var card = (await phone.GetOkPageAsync($"/hy/s/{code}")).QuerySelector("[data-testid=statement-card]")!;
            texts.Add(card.TextContent);
            await VoteAsync(phone, code!, Guid.Parse(card.GetAttribute("data-statement")!), 1);
        }

        // An Armenian phone reads the Armenian line where the film has one, else the Russian original with its language named.
        Assert.Contains(texts, t => t.Contains("Մենք խաղաղություն ենք ուզում։", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("Наши бабушки и дедушки были соседями.", StringComparison.Ordinal) && t.Contains("Русский", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_suggested_statement_longer_than_a_phone_allows_is_refused_by_number()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var response = await programme.PostFormAsync("/ru/films/new",
        [
            new("Input.Slug", NewSlug()), new("Input.Texts[0].Culture", "en"), new("Input.Texts[0].Title", "Too long"),
            new("Input.Texts[0].SuggestedStatements", "Short one.\n" + new string('x', 141)),
        ]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".validation-summary-errors")!.TextContent;
        Assert.Contains("Утверждение 2 длиной 141", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_phone_page_carries_the_next_statements_for_voting_offline_and_no_text_can_break_out_of_them()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var hostile = "</script><img src=x onerror=alert(1)> & \"quotes\"";
        var seeded = new List<Guid>
        {
            await SeedAsync(factory, organiser, id, "First of three."),
            await SeedAsync(factory, organiser, id, hostile),
            await SeedAsync(factory, organiser, id, "Третье утверждение.", "ru"),
        };
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var phone = await PhoneAsync(factory, code);

        var html = await phone.Http.GetStringAsync($"/en/s/{code}");
        Assert.DoesNotContain("</script><img", html, StringComparison.Ordinal);
        var page = TestClient.Parse(html);
        var shown = Guid.Parse(page.QuerySelector("[data-testid=statement-card]")!.GetAttribute("data-statement")!);
        using var upcoming = System.Text.Json.JsonDocument.Parse(page.QuerySelector("#upcoming-statements")!.TextContent);
        var next = upcoming.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, next.Count);
        Assert.Equal(seeded.Order(), next.Select(n => n.GetProperty("id").GetGuid()).Append(shown).Order());
        // The hostile text comes back intact, whether shown now (HTML-escaped) or carried (JSON-escaped).
        var hostileText = next.Where(n => n.GetProperty("text").GetString() == hostile).Select(n => n.GetProperty("text").GetString()).SingleOrDefault()
            ?? page.QuerySelector("[data-testid=statement-text]")!.TextContent;
        Assert.Equal(hostile, hostileText);
        // The Russian statement names its language on an English phone, whether shown now or carried.
        var russian = next.Where(n => n.GetProperty("lang").GetString() == "ru").Select(n => n.GetProperty("original").GetString()).SingleOrDefault()
            ?? page.QuerySelector("[data-testid=statement-language]")?.TextContent;
        Assert.Contains("Русский", russian, StringComparison.Ordinal);
        Assert.All(next.Where(n => n.GetProperty("lang").GetString() == "en"), n => Assert.Equal(System.Text.Json.JsonValueKind.Null, n.GetProperty("original").ValueKind));

        // The script sends them as one array: each stored once, and the page then has nothing left.
        var votes = next.Select(n => new { id = n.GetProperty("vote").GetGuid(), statement = n.GetProperty("id").GetGuid(), vote = 1 }).ToList();
        var response = await phone.Http.PostAsJsonAsync($"/api/audience/{code}/votes", votes);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await VoteAsync(phone, code, shown, -1);
        Assert.NotNull((await phone.GetOkPageAsync($"/en/s/{code}")).QuerySelector("[data-testid=no-statement]"));
    }
}

public sealed class DialogueModerationTestsOnSqlite(SqliteFactory factory) : DialogueModerationTests<SqliteFactory>(factory);

public sealed class DialogueModerationTestsOnPostgres(PostgresFactory factory) : DialogueModerationTests<PostgresFactory>(factory);
