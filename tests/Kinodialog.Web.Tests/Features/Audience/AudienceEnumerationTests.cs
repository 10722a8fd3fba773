using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Screenings.ScreeningTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Audience;

/// <summary>
/// Issue 14: the audience API must not tell a caller without a joined phone's cookie whether a code
/// is real. A wrong code, a real code of a screening that is not open yet, a closed screening's code
/// and an open screening's code all answer the same status and body.
/// </summary>
public abstract class AudienceEnumerationTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private sealed record Codes(string Wrong, string NotOpenYet, string Closed, string Open);

    private async Task<Codes> CodesAsync(TestClient organiser)
    {
        var start = factory.Clock.GetUtcNow().UtcDateTime.AddDays(3).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var later = await PlanAsync(organiser, await FilmsAsync(factory, 1), start: start, zone: "UTC");
        var notOpenYet = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == later).Select(s => s.JoinCode).SingleAsync());

        var (closedId, closed) = await OpenScreeningAsync(factory, organiser);
        Assert.Equal(HttpStatusCode.Redirect, (await organiser.PostWithTokenFromAsync($"/en/screenings/{closedId}", $"/en/screenings/{closedId}?handler=Close", new Dictionary<string, string> { ["confirm"] = "true" })).StatusCode);

        var (_, open) = await OpenScreeningAsync(factory, organiser);
        string wrong;
        do
        {
            wrong = JoinCode.Generate();
        }
        while (await factory.WithDbAsync(db => db.Screenings.AnyAsync(s => s.JoinCode == wrong)) || wrong == closed);

        return new Codes(wrong, notOpenYet!, closed, open);
    }

    /// <summary>Status and body, without the per-request trace id.</summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? "" : JsonNode.Parse(text) is JsonObject json ? Without(json, "traceId") : text;
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {body}";
    }

    private static string Without(JsonObject json, string property)
    {
        json.Remove(property);
        return json.ToJsonString();
    }

    private static Task<HttpResponseMessage> CallAsync(HttpClient http, string endpoint, string code) => endpoint switch
    {
        "state" => http.GetAsync($"/api/audience/{code}/state"),
        "votes" => http.PostAsJsonAsync($"/api/audience/{code}/votes", new { id = Guid.CreateVersion7(), statement = Guid.CreateVersion7(), vote = 1 }),
        _ => http.PostAsJsonAsync($"/api/audience/{code}/answers", new { id = Guid.CreateVersion7(), phase = "profile", questionnaireVersion = Guid.CreateVersion7(), answers = new Dictionary<string, string>() }),
    };

    [Theory]
    [InlineData("state")]
    [InlineData("votes")]
    [InlineData("answers")]
    public async Task A_caller_without_a_joined_cookie_gets_the_same_answer_for_wrong_not_yet_open_closed_and_open_codes(string endpoint)
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var codes = await CodesAsync(organiser);
        using var stranger = TestClient.Create(factory);

        var wrong = await AnswerAsync(await CallAsync(stranger.Http, endpoint, codes.Wrong));
        Assert.StartsWith("404 application/problem+json ", wrong, StringComparison.Ordinal);
        Assert.Equal(wrong, await AnswerAsync(await CallAsync(stranger.Http, endpoint, codes.NotOpenYet)));
        Assert.Equal(wrong, await AnswerAsync(await CallAsync(stranger.Http, endpoint, codes.Closed)));
        Assert.Equal(wrong, await AnswerAsync(await CallAsync(stranger.Http, endpoint, codes.Open)));
        Assert.Equal(wrong, await AnswerAsync(await CallAsync(stranger.Http, endpoint, codes.Open.ToLowerInvariant())));
    }

    [Theory]
    [InlineData("state")]
    [InlineData("votes")]
    [InlineData("answers")]
    public async Task A_phone_joined_to_one_screening_learns_nothing_about_other_codes(string endpoint)
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var codes = await CodesAsync(organiser);
        var (_, mine) = await OpenScreeningAsync(factory, organiser);
        using var phone = await JoinAsync(factory, mine);

        var wrong = await AnswerAsync(await CallAsync(phone.Http, endpoint, codes.Wrong));
        Assert.StartsWith("404 ", wrong, StringComparison.Ordinal);
        Assert.Equal(wrong, await AnswerAsync(await CallAsync(phone.Http, endpoint, codes.NotOpenYet)));
        Assert.Equal(wrong, await AnswerAsync(await CallAsync(phone.Http, endpoint, codes.Closed)));
        Assert.Equal(wrong, await AnswerAsync(await CallAsync(phone.Http, endpoint, codes.Open)));

        // Its own screening still works.
        var state = await phone.Http.GetAsync($"/api/audience/{mine}/state");
        Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        Assert.Equal("waiting", (await state.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString());
    }

    [Fact]
    public async Task The_same_answer_comes_in_the_phone_s_language_whatever_the_code()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var codes = await CodesAsync(organiser);
        using var english = TestClient.Create(factory, "en");
        using var armenian = TestClient.Create(factory, "hy");
        var inEnglish = await (await CallAsync(english.Http, "answers", codes.Open)).Content.ReadFromJsonAsync<JsonElement>();
        var inArmenian = await (await CallAsync(armenian.Http, "answers", codes.Wrong)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(inEnglish.GetProperty("title").GetString(), inArmenian.GetProperty("title").GetString());
        Assert.Equal(inArmenian.GetProperty("title").GetString(), Assert.Single(inArmenian.GetProperty("errors").EnumerateArray()).GetString());
    }
}

public sealed class AudienceEnumerationTestsOnSqlite(SqliteFactory factory) : AudienceEnumerationTests<SqliteFactory>(factory);

public sealed class AudienceEnumerationTestsOnPostgres(PostgresFactory factory) : AudienceEnumerationTests<PostgresFactory>(factory);
