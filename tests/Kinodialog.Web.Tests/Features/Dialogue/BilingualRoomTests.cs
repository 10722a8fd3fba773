using System.Net;
using Kinodialog.Core.Screenings;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

/// <summary>A room of two languages (Armenian and Azerbaijani): statements side by side, translated live.</summary>
public abstract class BilingualRoomTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private const string Translated = "Պատերազմը ոչ ոքի չի օգնել։";
    private const string TranslatedAz = "Müharibə heç kimə kömək etməyib.";
    private const string Untranslated = "Մենք կարող ենք խոսել միմյանց հետ։";

    [Fact]
    public async Task The_projector_shows_each_statement_in_both_languages_of_the_room_and_marks_a_missing_translation()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await BilingualScreeningAsync(organiser);
        var translated = await SeedAsync(factory, organiser, id, Translated, "hy");
        var untranslated = await SeedAsync(factory, organiser, id, Untranslated, "hy");
        await factory.WithDbAsync(async db =>
        {
            db.StatementTranslations.Add(new StatementTranslation { StatementId = translated, Culture = "az-Latn", Text = TranslatedAz });
            return await db.SaveChangesAsync();
        });
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using (var phone = await PhoneAsync(factory, code, "hy", community: "armenian"))
        {
            await VoteAsync(phone, code, translated, 1);
            await VoteAsync(phone, code, untranslated, -1);
        }

        await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("splits").GetArrayLength() == 2);
        var projector = await organiser.GetOkPageAsync($"/en/screenings/{id}/projector");
        var number = await NumberAsync(translated);
        var first = projector.QuerySelector($"[data-testid=dialogue-split][data-number='{number}'] [data-testid=statement-texts]")!;
        Assert.Equal(["hy", "az-Latn"], first.QuerySelectorAll("[data-testid=statement-text]").Select(t => t.GetAttribute("lang")!));
        Assert.Equal([Translated, TranslatedAz], first.QuerySelectorAll("[data-testid=statement-text]").Select(t => t.TextContent.Trim()));
        Assert.Null(first.QuerySelector("[data-testid=translation-pending]"));

        var second = projector.QuerySelector($"[data-testid=dialogue-split][data-number='{await NumberAsync(untranslated)}'] [data-testid=statement-texts]")!;
        Assert.Equal(Untranslated, second.QuerySelector("[data-testid=statement-text]")!.TextContent.Trim());
        var pending = second.QuerySelector("[data-testid=translation-pending]")!;
        Assert.Equal("az-Latn", pending.GetAttribute("lang"));
        Assert.Equal("tərcümə gözlənilir", pending.TextContent.Trim());

        // Run mode shows the same columns.
        var run = await organiser.GetOkPageAsync($"/en/screenings/{id}/run");
        Assert.Contains(TranslatedAz, run.QuerySelector("[data-testid=dialogue-splits]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_organiser_translates_a_pending_proposal_and_the_room_is_told()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await BilingualScreeningAsync(organiser);
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var phone = await PhoneAsync(factory, code, "az", community: "azerbaijani");
        await ProposeAsync(phone, code, TranslatedAz, "az");
        Assert.Equal(StatementStatus.Pending, await StatusAsync(factory, id, TranslatedAz));
        var proposal = await factory.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == id && s.Text == TranslatedAz).Select(s => s.Id).SingleAsync());

        // The queue offers the missing room language (Armenian), not the proposal's own.
        var page = await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue");
        var queued = page.QuerySelector("[data-testid=queued-statement]")!;
        Assert.Equal(["hy"], queued.QuerySelectorAll("[data-testid=translate-form][data-missing=true]").Select(f => f.GetAttribute("data-culture")!));

        using var subscription = factory.Services.GetRequiredService<ScreeningEvents>().Subscribe(id);
        await ModerateAsync(organiser, id, "Translate", new() { ["statement"] = proposal.ToString(), ["culture"] = "hy", ["text"] = Translated });
        Assert.Equal(Translated, await TranslationAsync(proposal, "hy"));
        Assert.True(subscription.Changes.TryRead(out _), "Saving a translation tells the projector and the phones.");
        Assert.Equal(StatementStatus.Pending, await StatusAsync(factory, id, TranslatedAz));

        // Now it is there to correct, not missing.
        page = await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue");
        queued = page.QuerySelector("[data-testid=queued-statement]")!;
        Assert.Null(queued.QuerySelector("[data-testid=translate-form][data-missing=true]"));
        Assert.Equal(Translated, queued.QuerySelector("[data-testid=translation][data-culture=hy] textarea")!.TextContent);
        await ModerateAsync(organiser, id, "Translate", new() { ["statement"] = proposal.ToString(), ["culture"] = "hy", ["text"] = Untranslated });
        Assert.Equal(Untranslated, await TranslationAsync(proposal, "hy"));
    }

    [Fact]
    public async Task Another_organiser_cannot_translate_and_a_translator_can_but_cannot_moderate()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, _) = await BilingualScreeningAsync(organiser);
        var statement = await SeedAsync(factory, organiser, id, Untranslated, "hy");

        using var stranger = await TestClient.SignedInAsync(factory, Roles.Organiser);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetPageAsync($"/en/screenings/{id}/dialogue")).Response.StatusCode);
        var refused = await stranger.PostWithTokenFromAsync("/en/screenings", $"/en/screenings/{id}/dialogue?handler=Translate",
            new Dictionary<string, string> { ["statement"] = statement.ToString(), ["culture"] = "az-Latn", ["text"] = TranslatedAz });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Null(await TranslationAsync(statement, "az-Latn"));

        using var translator = await TestClient.SignedInAsync(factory, Roles.Translator);
        var page = await translator.GetOkPageAsync($"/en/screenings/{id}/dialogue");
        Assert.NotNull(page.QuerySelector("[data-testid=translate-only]"));
        Assert.Null(page.QuerySelector("[data-testid=seed-form]"));
        Assert.NotNull(page.QuerySelector("[data-testid=translate-form][data-culture=az-Latn]"));
        await ModerateAsync(translator, id, "Translate", new() { ["statement"] = statement.ToString(), ["culture"] = "az-Latn", ["text"] = TranslatedAz });
        Assert.Equal(TranslatedAz, await TranslationAsync(statement, "az-Latn"));
        var reject = await translator.PostWithTokenFromAsync($"/en/screenings/{id}/dialogue", $"/en/screenings/{id}/dialogue?handler=Status",
            new Dictionary<string, string> { ["statement"] = statement.ToString(), ["status"] = "Rejected" });
        Assert.Equal(HttpStatusCode.NotFound, reject.StatusCode);
        Assert.Equal(StatementStatus.Accepted, await StatusAsync(factory, id, Untranslated));
    }

    [Theory]
    [InlineData("Müharibə \u202Eheç kimə", "translation-direction", "Tərcümədə mətnin istiqamətini dəyişən gizli simvollar var.")]
    [InlineData("\u200B ", "translation-invisible", "Tərcümədə görünən simvol yoxdur.")]
    [InlineData("long", "translation-too-long", "Tərcümə çox uzundur: ən çoxu 280 simvol.")]
    public async Task An_invalid_translation_is_refused_with_the_reason_in_the_pages_language_and_nothing_is_saved(string text, string error, string message)
    {
        text = text == "long" ? new string('ə', 281) : System.Text.RegularExpressions.Regex.Unescape(text);
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, _) = await BilingualScreeningAsync(organiser);
        var statement = await SeedAsync(factory, organiser, id, Untranslated, "hy");
        var response = await organiser.PostFormAsync($"/az/screenings/{id}/dialogue",
            new Dictionary<string, string> { ["statement"] = statement.ToString(), ["culture"] = "az-Latn", ["text"] = text }, handler: "Translate");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith($"?error={error}", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var page = await organiser.GetOkPageAsync(response.Headers.Location.OriginalString);
        Assert.StartsWith(message, page.QuerySelector("[data-testid=moderation-error]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Null(await TranslationAsync(statement, "az-Latn"));
    }

    [Fact]
    public async Task A_phone_shows_a_translation_added_after_it_saw_the_original_and_the_original_on_demand()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await BilingualScreeningAsync(organiser);
        var statement = await SeedAsync(factory, organiser, id, TranslatedAz, "az-Latn");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var phone = await PhoneAsync(factory, code, "hy", community: "armenian");

        var before = await phone.GetOkPageAsync($"/hy/s/{code}");
        Assert.Equal(TranslatedAz, before.QuerySelector("[data-testid=statement-text]")!.TextContent);
        Assert.Null(before.QuerySelector("[data-testid=show-original]"));

        await ModerateAsync(organiser, id, "Translate", new() { ["statement"] = statement.ToString(), ["culture"] = "hy", ["text"] = Translated });
        var after = await phone.GetOkPageAsync($"/hy/s/{code}");
        Assert.Equal(Translated, after.QuerySelector("[data-testid=statement-text]")!.TextContent);
        Assert.Equal("hy", after.QuerySelector("[data-testid=statement-text]")!.GetAttribute("lang"));
        var link = after.QuerySelector("[data-testid=show-original]")!.GetAttribute("href")!;
        Assert.Contains("Azərbaycanca", after.QuerySelector("[data-testid=statement-translated]")!.TextContent, StringComparison.Ordinal);

        var original = await phone.GetOkPageAsync(link);
        Assert.Equal(TranslatedAz, original.QuerySelector("[data-testid=statement-text]")!.TextContent);
        Assert.Equal("az-Latn", original.QuerySelector("[data-testid=statement-text]")!.GetAttribute("lang"));
        Assert.Equal(statement.ToString(), original.QuerySelector("[data-testid=statement-card]")!.GetAttribute("data-statement"));
        Assert.NotNull(original.QuerySelector("[data-testid=show-translation]"));
    }

    private Task<string?> TranslationAsync(Guid statement, string culture) =>
        factory.WithDbAsync(db => db.StatementTranslations.Where(t => t.StatementId == statement && t.Culture == culture).Select(t => t.Text).FirstOrDefaultAsync());

    private async Task<(Guid Id, string Code)> BilingualScreeningAsync(TestClient organiser)
    {
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.AudienceCultures, new List<string> { "hy", "az-Latn" })));
        return (id, code);
    }

    private Task<int> NumberAsync(Guid statement) =>
        factory.WithDbAsync(db => db.Statements.Where(s => s.Id == statement).Select(s => s.Number).SingleAsync());
}

public sealed class BilingualRoomTestsOnSqlite(SqliteFactory factory) : BilingualRoomTests<SqliteFactory>(factory);

public sealed class BilingualRoomTestsOnPostgres(PostgresFactory factory) : BilingualRoomTests<PostgresFactory>(factory);
