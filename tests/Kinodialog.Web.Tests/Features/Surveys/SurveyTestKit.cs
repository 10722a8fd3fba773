using System.Net;
using System.Net.Http.Json;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Screenings.ScreeningTestKit;

namespace Kinodialog.Web.Tests.Features.Surveys;

public static class SurveyTestKit
{
    /// <summary>Plans a screening, opens joining, and returns its id and join code.</summary>
    public static async Task<(Guid Id, string Code)> OpenScreeningAsync(KinodialogFactory factory, TestClient organiser, string country = "Azerbaijan")
    {
        var id = await PlanAsync(organiser, await FilmsAsync(factory, 1), country: country, title: "Survey evening " + Guid.NewGuid().ToString("N")[..6]);
        var open = await organiser.PostFormAsync($"/en/screenings/{id}/run", new Dictionary<string, string>(), handler: "Open");
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        var code = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.JoinCode).SingleAsync());
        return (id, code!);
    }

    public static async Task SetStageAsync(TestClient organiser, Guid id, AudienceStage stage)
    {
        var response = await organiser.PostFormAsync($"/en/screenings/{id}/run", new Dictionary<string, string> { ["stage"] = stage.ToString() }, handler: "Stage");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>A phone that has joined with the code (the cookie is in its handler).</summary>
    public static async Task<TestClient> JoinAsync(KinodialogFactory factory, string code, string culture = "en")
    {
        var phone = TestClient.Create(factory);
        var joined = await phone.PostFormAsync($"/{culture}/join", new Dictionary<string, string> { ["code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        return phone;
    }

    /// <summary>Posts the survey form on a page as a browser without JavaScript would: its hidden fields plus the answers.</summary>
    public static async Task<HttpResponseMessage> PostSurveyAsync(TestClient client, string url, Dictionary<string, string> answers)
    {
        var page = await client.GetOkPageAsync(url);
        var form = page.QuerySelector("form[data-testid=survey-form]") ?? throw new InvalidOperationException("No survey form on " + url);
        var fields = form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        foreach (var (key, value) in answers)
        {
            fields[key] = value;
        }

        var action = form.GetAttribute("action");
        return await client.Http.PostAsync(string.IsNullOrEmpty(action) ? url : action, new FormUrlEncodedContent(fields));
    }

    public static async Task<Guid> VersionAsync(KinodialogFactory factory) =>
        await factory.WithDbAsync(db => db.QuestionnaireVersions.Where(v => v.PublishedAt != null).OrderBy(v => v.CreatedAt).Select(v => v.Id).FirstAsync());

    public static Task<HttpResponseMessage> SendAsync(TestClient phone, string code, Guid id, string phase, Guid version, Dictionary<string, string> answers) =>
        phone.Http.PostAsJsonAsync($"/api/audience/{code}/answers", new { id, phase, questionnaireVersion = version, answers });

    /// <summary>
    /// Twelve people (issue 15): business 12 × disapprove → 6 approve; distance neighbour/visitor → friend/colleague
    /// (all closer); trust 7 × "2", 5 × "3" → 6 × "3", 6 × "4" (one stayed: the movement counts are hidden); warmth
    /// up 20 to 31 points; after only: again 7 × yes and 5 × maybe, safe 1 × "2", 2 × "3", 4 × "4", 5 × "5"; fair unanswered.
    /// </summary>
    public static List<(Dictionary<string, string> Pre, Dictionary<string, string> Post)> TwelvePeople() =>
        [.. Enumerable.Range(0, 12).Select(i => (
            new Dictionary<string, string>
            {
                ["business"] = "disapprove",
                ["distance"] = i < 5 ? "neighbour" : "visitor",
                ["trust"] = i < 7 ? "2" : "3",
                ["warmth"] = (30 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            new Dictionary<string, string>
            {
                ["business"] = i % 2 == 0 ? "approve" : "disapprove",
                ["distance"] = i < 5 ? "friend" : "colleague",
                ["trust"] = i switch { < 5 => "3", < 7 => "4", 7 => "3", _ => "4" },
                ["warmth"] = (50 + (2 * i)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["again"] = i < 7 ? "yes" : "maybe",
                ["safe"] = i switch { 0 => "2", < 3 => "3", < 7 => "4", _ => "5" },
            }))];

    /// <summary>Phones that join, declare a community (<paramref name="others"/>: "other"), and answer before and after: trust goes up by one for everyone but the last.</summary>
    public static async Task<(Guid Id, string Code)> ScreeningWithAnswersAsync(KinodialogFactory factory, TestClient organiser, int azerbaijani, int armenian, int coexistPairs, int others = 0)
    {
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var version = await VersionAsync(factory);
        var phones = new List<TestClient>();
        var communities = Enumerable.Repeat("azerbaijani", azerbaijani).Concat(Enumerable.Repeat("armenian", armenian)).Concat(Enumerable.Repeat("other", others)).ToList();
        foreach (var community in communities)
        {
            var phone = await JoinAsync(factory, code);
            phones.Add(phone);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(phone, code, Guid.CreateVersion7(), "profile", version, new() { ["community"] = community })).StatusCode);
        }

        await SetStageAsync(organiser, id, AudienceStage.PreSurvey);
        for (var i = 0; i < phones.Count; i++)
        {
            var answers = new Dictionary<string, string> { ["trust"] = "2", ["warmth"] = (30 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), ["business"] = "disapprove" };
            if (i < coexistPairs)
            {
                answers["coexist"] = "rather-no";
            }

            Assert.Equal(HttpStatusCode.OK, (await SendAsync(phones[i], code, Guid.CreateVersion7(), "pre", version, answers)).StatusCode);
        }

        await SetStageAsync(organiser, id, AudienceStage.PostSurvey);
        for (var i = 0; i < phones.Count; i++)
        {
            var last = i == phones.Count - 1;
            var answers = new Dictionary<string, string>
            {
                ["trust"] = last ? "2" : "3",
                ["warmth"] = (50 + (2 * i)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["business"] = i % 2 == 0 ? "approve" : "disapprove",
            };
            if (i < coexistPairs)
            {
                answers["coexist"] = "rather-yes";
            }

            Assert.Equal(HttpStatusCode.OK, (await SendAsync(phones[i], code, Guid.CreateVersion7(), "post", version, answers)).StatusCode);
        }

        phones.ForEach(p => p.Dispose());
        return (id, code);
    }

    /// <summary>One phone per entry: joins, answers the pre answers, then the post answers.</summary>
    public static async Task<Guid> ScreeningWithPairsAsync(KinodialogFactory factory, TestClient organiser, List<(Dictionary<string, string> Pre, Dictionary<string, string> Post)> people)
    {
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var version = await VersionAsync(factory);
        var phones = new List<TestClient>();
        foreach (var _ in people)
        {
            phones.Add(await JoinAsync(factory, code));
        }

        await SetStageAsync(organiser, id, AudienceStage.PreSurvey);
        for (var i = 0; i < people.Count; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(phones[i], code, Guid.CreateVersion7(), "pre", version, people[i].Pre)).StatusCode);
        }

        await SetStageAsync(organiser, id, AudienceStage.PostSurvey);
        for (var i = 0; i < people.Count; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(phones[i], code, Guid.CreateVersion7(), "post", version, people[i].Post)).StatusCode);
        }

        phones.ForEach(p => p.Dispose());
        return id;
    }
}
