using System.Net;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Screenings.ScreeningTestKit;

namespace Kinodialog.Web.Tests.Features.Audience;

/// <summary>The QR code's link joins in one tap, in a language of the screening the phone reads.</summary>
public abstract class JoinFromLinkTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task The_plan_keeps_the_audience_languages_in_the_organisers_order_and_refuses_an_unknown_one()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var id = await PlanAsync(organiser, await FilmsAsync(factory, 1), audienceCultures: ["az-Latn", "hy"]);
        Assert.Equal(["az-Latn", "hy"], await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.AudienceCultures).SingleAsync()));
        var form = await organiser.GetOkPageAsync($"/en/screenings/{id}/edit");
        var checkedLanguages = form.QuerySelectorAll("[data-testid=audience-languages] input[checked]").Select(i => i.GetAttribute("value")).ToList();
        Assert.Equal(["hy", "az-Latn"], checkedLanguages);

        var fields = EditFields(form);
        fields.RemoveAll(f => f.Key == "Input.AudienceCultures");
        fields.Add(new("Input.AudienceCultures", "xx"));
        var refused = await organiser.PostFormAsync($"/hy/screenings/{id}/edit", fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Ընտրեք հանդիսատեսի լեզուները ցանկից", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["az-Latn", "hy"], await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.AudienceCultures).SingleAsync()));
    }

    [Fact]
    public async Task A_phone_opening_the_QR_link_joins_in_one_tap_in_its_own_language_of_the_screening()
    {
        var (id, code) = await OpenBilingualScreeningAsync();
        using var phone = TestClient.Create(factory, "az-AZ,ru;q=0.8");

        var joined = await phone.Http.SendAsync(Navigation($"/join?code={code}"));
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        Assert.Equal($"/az/s/{code}", joined.Headers.Location!.OriginalString);
        Assert.Contains(joined.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"kd-p-{code}=", StringComparison.Ordinal));
        Assert.Equal(["az-Latn"], await Cultures(id));
        Assert.Equal(HttpStatusCode.OK, (await phone.Http.GetAsync($"/az/s/{code}")).StatusCode);

        // Scanning again goes straight back to the phone page, without a second participant.
        var again = await phone.Http.SendAsync(Navigation($"/join?code={code}"));
        Assert.Equal($"/az/s/{code}", again.Headers.Location!.OriginalString);
        Assert.Single(await Cultures(id));
    }

    [Fact]
    public async Task A_phone_in_a_language_the_screening_is_not_held_in_is_shown_the_first_audience_language()
    {
        var (id, code) = await OpenBilingualScreeningAsync();
        using var phone = TestClient.Create(factory, "en-GB,en;q=0.9");
        var joined = await phone.Http.SendAsync(Navigation($"/join?code={code}"));
        Assert.Equal($"/hy/s/{code}", joined.Headers.Location!.OriginalString);
        Assert.Equal(["hy"], await Cultures(id));
    }

    [Fact]
    public async Task A_link_preview_or_an_old_browser_gets_the_form_and_nobody_joins()
    {
        var (id, code) = await OpenBilingualScreeningAsync();
        using var preview = TestClient.Create(factory, "ru");
        var response = await preview.Http.GetAsync($"/join?code={code}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/ru/join?code={code}", response.Headers.Location!.OriginalString);
        Assert.Empty(await Cultures(id));
    }

    [Fact]
    public async Task A_wrong_code_in_a_link_lands_on_the_form_saying_so_and_counts_as_a_wrong_guess()
    {
        using var phone = TestClient.Create(factory, "ru");
        var wrong = await phone.Http.SendAsync(Navigation("/join?code=ZZZZZZ"));
        Assert.Equal("/ru/join?code=ZZZZZZ&failed=true", wrong.Headers.Location!.OriginalString);
        var page = await phone.GetOkPageAsync(wrong.Headers.Location.OriginalString);
        Assert.Contains("Этот код не действует", page.QuerySelector("[data-testid=join-error]")!.TextContent, StringComparison.Ordinal);
    }

    private async Task<(Guid Id, string Code)> OpenBilingualScreeningAsync()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var id = await PlanAsync(organiser, await FilmsAsync(factory, 1), audienceCultures: ["hy", "az-Latn"]);
        var open = await organiser.PostFormAsync($"/en/screenings/{id}/run", new Dictionary<string, string>(), handler: "Open");
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        var code = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.JoinCode).SingleAsync());
        return (id, code!);
    }

    private Task<List<string>> Cultures(Guid id) =>
        factory.WithDbAsync(db => db.Participants.Where(p => p.ScreeningId == id).Select(p => p.Culture).ToListAsync());

    /// <summary>What a browser sends when the person opens the link (camera app, address bar).</summary>
    private static HttpRequestMessage Navigation(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Sec-Fetch-Mode", "navigate");
        request.Headers.Add("Sec-Fetch-Dest", "document");
        return request;
    }

    private static List<KeyValuePair<string, string>> EditFields(AngleSharp.Html.Dom.IHtmlDocument form) =>
        form.Forms.First(f => f.QuerySelector("[name='Input.Title']") is not null).QuerySelectorAll("input[name], select[name], textarea[name]")
            .Where(e => e.GetAttribute("name") != "__RequestVerificationToken")
            .Where(e => e.GetAttribute("type") is not ("checkbox" or "radio") || e.HasAttribute("checked"))
            .Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!,
                e.LocalName == "select" ? (e.QuerySelector("option[selected]") ?? e.QuerySelector("option"))?.GetAttribute("value") ?? ""
                : e.LocalName == "textarea" ? e.TextContent : e.GetAttribute("value") ?? ""))
            .ToList();
}

public sealed class JoinFromLinkTestsOnSqlite(SqliteFactory factory) : JoinFromLinkTests<SqliteFactory>(factory);

public sealed class JoinFromLinkTestsOnPostgres(PostgresFactory factory) : JoinFromLinkTests<PostgresFactory>(factory);
