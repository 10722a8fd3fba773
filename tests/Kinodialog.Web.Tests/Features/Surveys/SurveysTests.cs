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
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(stranger, code, Guid.CreateVersion7(), "pre", version, answers)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(phone, code, Guid.CreateVersion7(), "post", version, answers)).StatusCode);
    }
}

public sealed class SurveysTestsOnSqlite(SqliteFactory factory) : SurveysTests<SqliteFactory>(factory);

public sealed class SurveysTestsOnPostgres(PostgresFactory factory) : SurveysTests<PostgresFactory>(factory);
