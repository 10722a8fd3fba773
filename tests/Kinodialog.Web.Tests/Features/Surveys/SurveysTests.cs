using System.Net;
using System.Text.Json;
using Kinodialog.Core.Screenings;
using Kinodialog.Core.Surveys;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Surveys;

public abstract class SurveysTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task Without_JavaScript_a_phone_gives_its_profile_then_answers_before_and_after_the_films()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        using var phone = await JoinAsync(factory, code, "az");

        var profile = await phone.GetOkPageAsync($"/az/s/{code}");
        Assert.Equal("profile", profile.QuerySelector("[data-testid=joined]")!.GetAttribute("data-showing"));
        Assert.NotNull(profile.QuerySelector("details.privacy"));
        Assert.NotNull(profile.QuerySelector("[data-q=community] input[name='a.community'][value=azerbaijani]"));
        Assert.Equal("", profile.QuerySelector("[data-q=community]")!.GetAttribute("data-show-if") ?? "");
        var sent = await PostSurveyAsync(phone, $"/az/s/{code}", new Dictionary<string, string> { ["a.community"] = "azerbaijani", ["a.age"] = "18-24" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("waiting", (await phone.GetOkPageAsync($"/az/s/{code}")).QuerySelector("[data-testid=joined]")!.GetAttribute("data-showing"));

        await SetStageAsync(organiser, id, AudienceStage.PreSurvey);
        var pre = await phone.GetOkPageAsync($"/az/s/{code}");
        Assert.Equal("pre", pre.QuerySelector("[data-testid=survey-form]")!.GetAttribute("data-phase"));
        // {other} is the other community, in the participant's language and the label's grammatical form.
        var business = pre.QuerySelector("[data-q=business] legend")!.TextContent;
        Assert.Contains("ermənilərlə", business, StringComparison.Ordinal);
        Assert.DoesNotContain("{other", pre.Body!.TextContent, StringComparison.Ordinal);

        var answers = new Dictionary<string, string> { ["a.business"] = "disapprove", ["a.warmth"] = "20", ["a.trust"] = "2", ["a.traits.friendly"] = "2" };
        Assert.Equal(HttpStatusCode.Redirect, (await PostSurveyAsync(phone, $"/az/s/{code}", answers)).StatusCode);
        Assert.Equal("thanks", (await phone.GetOkPageAsync($"/az/s/{code}")).QuerySelector("[data-testid=joined]")!.GetAttribute("data-showing"));

        await SetStageAsync(organiser, id, AudienceStage.Films);
        Assert.Equal("films", (await phone.GetOkPageAsync($"/az/s/{code}")).QuerySelector("[data-testid=joined]")!.GetAttribute("data-showing"));
        await SetStageAsync(organiser, id, AudienceStage.PostSurvey);
        var post = await phone.GetOkPageAsync($"/az/s/{code}");
        Assert.Equal("post", post.QuerySelector("[data-testid=survey-form]")!.GetAttribute("data-phase"));
        Assert.NotNull(post.QuerySelector("[data-q=safe]"));
        var bad = await PostSurveyAsync(phone, $"/az/s/{code}", new Dictionary<string, string> { ["a.warmth"] = "140" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("0", TestClient.Parse(await bad.Content.ReadAsStringAsync()).QuerySelector("[data-testid=survey-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostSurveyAsync(phone, $"/az/s/{code}", new Dictionary<string, string> { ["a.warmth"] = "65", ["a.business"] = "approve" })).StatusCode);

        var stored = await factory.WithDbAsync(db => db.SurveyResponses.Where(r => r.ScreeningId == id).OrderBy(r => r.Phase).ToListAsync());
        Assert.Equal([SurveyPhase.Profile, SurveyPhase.Pre, SurveyPhase.Post], stored.Select(r => r.Phase));
        Assert.Single(stored.Select(r => r.ParticipantId).Distinct());
        Assert.Equal("20", JsonSerializer.Deserialize<Dictionary<string, string>>(stored[1].Answers)!["warmth"]);
        Assert.Equal("azerbaijani", await factory.WithDbAsync(db => db.Participants.Where(p => p.Id == stored[0].ParticipantId).Select(p => p.Community).SingleAsync()));
    }

    [Fact]
    public async Task A_resent_answer_set_is_acknowledged_and_stored_once_and_bad_answers_are_refused_by_name()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        using var phone = await JoinAsync(factory, code);
        var version = await VersionAsync(factory);
        var answerSet = Guid.CreateVersion7();
        var answers = new Dictionary<string, string> { ["trust"] = "3", ["warmth"] = "50" };

        var early = await SendAsync(phone, code, answerSet, "pre", version, answers);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        await SetStageAsync(organiser, id, AudienceStage.PreSurvey);
        var first = await SendAsync(phone, code, answerSet, "pre", version, answers);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("stored").GetBoolean());
        var again = await SendAsync(phone, code, answerSet, "pre", version, answers);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("stored").GetBoolean());
        Assert.Equal(1, await factory.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.Id == answerSet)));

        var wrong = await SendAsync(phone, code, Guid.CreateVersion7(), "pre", version, new() { ["trust"] = "9", ["nonsense"] = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var errors = JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.Contains("How much do you trust", StringComparison.Ordinal) && e.Contains("\"9\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("nonsense", StringComparison.Ordinal));

        using var stranger = TestClient.Create(factory);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(stranger, code, Guid.CreateVersion7(), "pre", version, answers)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(phone, code, Guid.CreateVersion7(), "post", version, answers)).StatusCode);
    }
}

public abstract class PaperAnswersTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task Numbered_cards_pair_paper_forms_and_their_QR_code_joins_a_phone_as_the_card()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var prepared = await organiser.PostFormAsync($"/en/screenings/{id}/cards", new Dictionary<string, string> { ["count"] = "3" });
        Assert.Equal(HttpStatusCode.Redirect, prepared.StatusCode);
        var sheet = await organiser.GetOkPageAsync($"/en/screenings/{id}/cards");
        var codes = sheet.QuerySelectorAll("[data-testid=card-code]").Select(c => c.TextContent).ToList();
        Assert.Equal(3, codes.Count);
        Assert.All(codes, c => Assert.Matches("^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$", c));
        Assert.Equal(codes, (await organiser.GetOkPageAsync($"/en/screenings/{id}/cards")).QuerySelectorAll("[data-testid=card-code]").Select(c => c.TextContent));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Participants.CountAsync(p => p.ScreeningId == id && p.OnPhone)));

        // Card 2's QR code: the phone joins as that card.
        using var phone = TestClient.Create(factory);
        var qr = await phone.Http.GetAsync($"/join?code={code}&card={codes[1]}");
        Assert.Equal(HttpStatusCode.Redirect, qr.StatusCode);
        var joinPage = qr.Headers.Location!.OriginalString;
        Assert.Contains("card=", joinPage, StringComparison.Ordinal);
        var joined = await phone.PostFormAsync(joinPage, new Dictionary<string, string> { ["code"] = code, ["card"] = codes[1] });
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.Participants.Where(p => p.ScreeningId == id && p.CardNumber == 2).Select(p => p.OnPhone).SingleAsync()));

        // Paper: card 1 before (with profile) and after; a wrong code is refused by name.
        var wrong = await organiser.PostFormAsync($"/en/screenings/{id}/paper?phase=pre", new Dictionary<string, string> { ["code"] = "ZZZZ-ZZZZ", ["phase"] = "pre", ["answerSet"] = Guid.CreateVersion7().ToString(), ["a.trust"] = "2" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.NotNull(TestClient.Parse(await wrong.Content.ReadAsStringAsync()).QuerySelector("[data-testid=code-error]"));
        var pre = await organiser.PostFormAsync($"/en/screenings/{id}/paper?phase=pre", new Dictionary<string, string>
        {
            ["code"] = codes[0].ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal),
            ["phase"] = "pre",
            ["answerSet"] = Guid.CreateVersion7().ToString(),
            ["a.community"] = "armenian",
            ["a.trust"] = "2",
            ["a.warmth"] = "30",
        });
        Assert.Equal(HttpStatusCode.Redirect, pre.StatusCode);
        var post = await organiser.PostFormAsync($"/en/screenings/{id}/paper?phase=post", new Dictionary<string, string>
        {
            ["code"] = codes[0],
            ["phase"] = "post",
            ["answerSet"] = Guid.CreateVersion7().ToString(),
            ["a.trust"] = "4",
            ["a.warmth"] = "60",
            ["a.safe"] = "5",
        });
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        var card1 = await factory.WithDbAsync(db => db.Participants.SingleAsync(p => p.ScreeningId == id && p.CardNumber == 1));
        Assert.Equal("armenian", card1.Community);
        var sets = await factory.WithDbAsync(db => db.SurveyResponses.Where(r => r.ParticipantId == card1.Id).OrderBy(r => r.Phase).Select(r => new { r.Phase, r.Source }).ToListAsync());
        Assert.Equal([SurveyPhase.Profile, SurveyPhase.Pre, SurveyPhase.Post], sets.Select(s => s.Phase));
        Assert.All(sets, s => Assert.Equal(Kinodialog.Data.Entities.ResponseSource.Paper, s.Source));

        // A self-made code works while the screening is open, and is stored only as a keyed hash.
        var self = await organiser.PostFormAsync($"/en/screenings/{id}/paper?phase=pre", new Dictionary<string, string> { ["code"] = "M 04 2", ["phase"] = "pre", ["answerSet"] = Guid.CreateVersion7().ToString(), ["a.trust"] = "3" });
        Assert.Equal(HttpStatusCode.Redirect, self.StatusCode);
        var selfHash = await factory.WithDbAsync(db => db.Participants.Where(p => p.ScreeningId == id && p.SelfCodeHash != null).Select(p => p.SelfCodeHash).SingleAsync());
        Assert.DoesNotContain("M042", selfHash!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(64, selfHash!.Length);

        var close = await organiser.PostFormAsync($"/en/screenings/{id}", new Dictionary<string, string> { ["confirm"] = "true" }, handler: "Close");
        Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        Assert.Null(await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.SelfCodeKey).SingleAsync()));
        var late = await organiser.PostFormAsync($"/en/screenings/{id}/paper?phase=post", new Dictionary<string, string> { ["code"] = "M042", ["phase"] = "post", ["answerSet"] = Guid.CreateVersion7().ToString(), ["a.trust"] = "4" });
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        var lateCard = await organiser.PostFormAsync($"/en/screenings/{id}/paper?phase=post", new Dictionary<string, string> { ["code"] = codes[2], ["phase"] = "post", ["answerSet"] = Guid.CreateVersion7().ToString(), ["a.trust"] = "4" });
        Assert.Equal(HttpStatusCode.Redirect, lateCard.StatusCode);
    }
}

/// <summary>Issue 14: a translator's post of paper answers answered 500 (its "code" field became the error page's status).</summary>
public sealed class PaperAnswersAccessTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    [Fact]
    public async Task A_translator_posting_paper_answers_gets_403_not_a_server_error()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, _) = await OpenScreeningAsync(factory, organiser);
        using var translator = await TestClient.SignedInAsync(factory, Roles.Translator);
        var response = await translator.Http.PostAsync(new Uri($"/en/screenings/{id}/paper", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "K7M2P9QX", ["phase"] = "pre" }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

public sealed class PaperAnswersTestsOnSqlite(SqliteFactory factory) : PaperAnswersTests<SqliteFactory>(factory);

public sealed class PaperAnswersTestsOnPostgres(PostgresFactory factory) : PaperAnswersTests<PostgresFactory>(factory);

public sealed class SurveysTestsOnSqlite(SqliteFactory factory) : SurveysTests<SqliteFactory>(factory);

public sealed class SurveysTestsOnPostgres(PostgresFactory factory) : SurveysTests<PostgresFactory>(factory);
