using System.Net;
using Kinodialog.Core.Screenings;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

/// <summary>Issue 14: the blocklist bypasses and invisible statements, through the phone's real proposal form.</summary>
public abstract class StatementTextTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private async Task<(TestClient Organiser, Guid Id, string Code)> DialogueWithTermAsync(string term)
    {
        var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        await ModerateAsync(organiser, id, "AddTerm", new() { ["term"] = term, ["culture"] = "en" });
        await ModerateAsync(organiser, id, "PostModeration", new() { ["on"] = "true" });
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        return (organiser, id, code);
    }

    [Theory]
    [InlineData("You are a tr\u0430itor.")] // Cyrillic а
    [InlineData("You are a ｔｒａｉｔｏｒ.")] // full-width
    [InlineData("You are a TR\u0410\u0406TOR.")] // Cyrillic capitals А І
    [InlineData("You are a trai\u200Btor.")] // zero-width space
    [InlineData("You are a tr\u03B1it\u03BFr.")] // Greek α ο
    public async Task A_look_alike_of_a_blocked_term_is_held_for_review(string text)
    {
        var (organiser, id, code) = await DialogueWithTermAsync("traitor");
        using var _ = organiser;
        using var phone = await PhoneAsync(factory, code);

        Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(phone, code, text)).StatusCode);
        await ProposeAsync(phone, code, "Music unites us.");

        Assert.Equal(StatementStatus.Held, await StatusAsync(factory, id, text));
        Assert.Equal(StatementStatus.Accepted, await StatusAsync(factory, id, "Music unites us."));
    }

    [Fact]
    public async Task A_right_to_left_override_that_displays_a_blocked_word_is_refused_and_the_phone_is_told_why()
    {
        var (organiser, id, code) = await DialogueWithTermAsync("traitor");
        using var _ = organiser;
        using var phone = await PhoneAsync(factory, code, "ru");

        var response = await ProposeAsync(phone, code, "You are a \u202Erotiart", "ru");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Statements.CountAsync(s => s.ScreeningId == id)));
        var notice = (await phone.GetOkPageAsync(response.Headers.Location!.OriginalString)).QuerySelector("[data-testid=dialogue-notice]")!;
        Assert.Equal("alert", notice.GetAttribute("role"));
        Assert.Contains("скрытые символы, меняющие направление текста", notice.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\u200B\u200B\u200B")]
    [InlineData("\u200D\u2060\uFEFF\u00AD")]
    public async Task A_statement_of_only_invisible_characters_is_refused_and_the_phone_is_told_why(string text)
    {
        var (organiser, id, code) = await DialogueWithTermAsync("traitor");
        using var _ = organiser;
        using var phone = await PhoneAsync(factory, code, "hy");

        var response = await ProposeAsync(phone, code, text, "hy");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Statements.CountAsync(s => s.ScreeningId == id)));
        var notice = (await phone.GetOkPageAsync(response.Headers.Location!.OriginalString)).QuerySelector("[data-testid=dialogue-notice]")!;
        Assert.Contains("Պնդումը տեսանելի նշաններ չունի", notice.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_facilitator_cannot_seed_or_translate_an_invisible_or_direction_overriding_statement_and_is_told_which_field()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, _) = await OpenScreeningAsync(factory, organiser);
        var seeded = await SeedAsync(factory, organiser, id, "We are neighbours.");

        var invisible = await organiser.PostFormAsync($"/az/screenings/{id}/dialogue", new() { ["text"] = "\u200B\u200B\u200B", ["culture"] = "en" }, handler: "Seed");
        var error = (await organiser.GetOkPageAsync(invisible.Headers.Location!.OriginalString)).QuerySelector("[data-testid=moderation-error]")!;
        Assert.Contains("Fikirdə görünən simvol yoxdur", error.TextContent, StringComparison.Ordinal);

        var reversed = await organiser.PostFormAsync($"/en/screenings/{id}/dialogue", new() { ["statement"] = seeded.ToString(), ["text"] = "\u202Esruobhgien era eW", ["culture"] = "ru" }, handler: "Translate");
        error = (await organiser.GetOkPageAsync(reversed.Headers.Location!.OriginalString)).QuerySelector("[data-testid=moderation-error]")!;
        Assert.Contains("The translation contains hidden characters", error.TextContent, StringComparison.Ordinal);

        Assert.Equal(1, await factory.WithDbAsync(db => db.Statements.CountAsync(s => s.ScreeningId == id)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.StatementTranslations.CountAsync(t => t.StatementId == seeded)));
    }
}

public sealed class StatementTextTestsOnSqlite(SqliteFactory factory) : StatementTextTests<SqliteFactory>(factory);

public sealed class StatementTextTestsOnPostgres(PostgresFactory factory) : StatementTextTests<PostgresFactory>(factory);
