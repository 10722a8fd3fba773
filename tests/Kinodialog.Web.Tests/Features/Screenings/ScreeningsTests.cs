using System.Net;
using Kinodialog.Core.Screenings;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Screenings.ScreeningTestKit;

namespace Kinodialog.Web.Tests.Features.Screenings;

public abstract class ScreeningsTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task An_organiser_sees_only_their_own_screenings_and_others_answer_404()
    {
        using var ani = await TestClient.SignedInAsync(factory, Roles.Organiser);
        using var leyla = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var id = await PlanAsync(ani, await FilmsAsync(factory, 1), title: "Ani's evening " + Guid.NewGuid().ToString("N")[..6]);

        foreach (var url in new[] { $"/en/screenings/{id}", $"/en/screenings/{id}/edit", $"/en/screenings/{id}/pack", $"/en/screenings/{id}/run", $"/api/screenings/{id}/calendar.ics", $"/api/screenings/{id}/events" })
        {
            using var refused = await leyla.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            using var allowed = await ani.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        Assert.DoesNotContain(id.ToString(), await leyla.Http.GetStringAsync("/en/screenings"), StringComparison.Ordinal);
        var close = await leyla.PostWithTokenFromAsync("/en/screenings", $"/en/screenings/{id}?handler=Close", new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.NotFound, close.StatusCode);
        Assert.NotNull(await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.JoinCode).SingleAsync()));

        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        Assert.Contains(id.ToString(), await programme.Http.GetStringAsync("/en/screenings"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await programme.Http.GetAsync($"/en/screenings/{id}")).StatusCode);
        using var translator = await TestClient.SignedInAsync(factory, Roles.Translator);
        Assert.Equal(HttpStatusCode.Forbidden, (await translator.Http.GetAsync("/en/screenings")).StatusCode);
    }

    [Fact]
    public async Task A_screening_at_19_00_in_Baku_is_19_00_Baku_time_for_everyone_and_in_the_calendar_file()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var id = await PlanAsync(organiser, await FilmsAsync(factory, 2), start: "2030-05-17T19:00", zone: "Asia/Baku");
        var utc = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.StartsAtUtc).SingleAsync());
        Assert.Equal(new DateTime(2030, 5, 17, 15, 0, 0, DateTimeKind.Utc), utc);

        var seven = new DateTime(2030, 5, 17, 19, 0, 0, DateTimeKind.Unspecified);
        foreach (var culture in Kinodialog.Core.Localization.SupportedCultures.All)
        {
            using var viewer = await TestClient.SignedInAsync(factory, Roles.Programme);
            viewer.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE");
            var page = await viewer.GetOkPageAsync($"/{culture.UrlSegment}/screenings/{id}");
            var start = page.QuerySelector("[data-testid=local-start]")!.TextContent;
            Assert.Contains(seven.ToString("t", culture.Culture), start, StringComparison.Ordinal);
            Assert.Contains("Asia/Baku", start, StringComparison.Ordinal);
            Assert.Equal(seven.ToString("t", culture.Culture), page.QuerySelectorAll("[data-testid=running-order] tbody tr td")[0].TextContent.Trim());
        }

        Assert.Equal("19:00", seven.ToString("t", System.Globalization.CultureInfo.GetCultureInfo("ru")));

        var ics = await organiser.Http.GetAsync($"/api/screenings/{id}/calendar.ics");
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType!.MediaType);
        var text = await ics.Content.ReadAsStringAsync();
        Assert.Contains("BEGIN:VTIMEZONE", text, StringComparison.Ordinal);
        Assert.Contains("TZID:Asia/Baku", text, StringComparison.Ordinal);
        Assert.Contains("DTSTART;TZID=Asia/Baku:20300517T190000", text, StringComparison.Ordinal);
        Assert.Contains("TZOFFSETTO:+0400", text, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Evening of films", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_join_code_works_only_while_the_screening_is_open()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var start = factory.Clock.GetUtcNow().UtcDateTime.AddDays(3).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var id = await PlanAsync(organiser, await FilmsAsync(factory, 1), start: start, zone: "UTC");
        var code = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.JoinCode).SingleAsync());
        Assert.Matches($"^[{JoinCode.Alphabet}]{{6}}$", code!);

        using var phone = TestClient.Create(factory, "hy-AM");
        var early = await phone.PostFormAsync($"/hy/join?code={code}", new Dictionary<string, string> { ["code"] = code! });
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.NotNull(TestClient.Parse(await early.Content.ReadAsStringAsync()).QuerySelector("[data-testid=join-error]"));

        Assert.Equal(HttpStatusCode.Redirect, (await organiser.PostWithTokenFromAsync($"/en/screenings/{id}/run", $"/en/screenings/{id}/run?handler=Open", [])).StatusCode);
        var joined = await phone.PostFormAsync($"/hy/join", new Dictionary<string, string> { ["code"] = code!.ToLowerInvariant().Insert(3, " ") });
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        Assert.Equal($"/hy/s/{code}", joined.Headers.Location!.OriginalString);
        Assert.Contains(joined.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"kd-p-{code}=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.NotNull((await phone.GetOkPageAsync($"/hy/s/{code}")).QuerySelector("[data-testid=joined]"));

        // The same phone again: recognised, not counted twice. Nothing about the person is stored.
        await phone.PostFormAsync("/hy/join", new Dictionary<string, string> { ["code"] = code });
        var participants = await factory.WithDbAsync(db => db.Participants.Where(p => p.ScreeningId == id).ToListAsync());
        var participant = Assert.Single(participants);
        Assert.Equal("hy", participant.Culture);
        Assert.Equal(64, participant.TokenHash.Length);

        // Closing asks first: one press shows what closing does and closes nothing.
        var asked = await organiser.PostWithTokenFromAsync($"/en/screenings/{id}", $"/en/screenings/{id}?handler=Close", []);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.NotNull(TestClient.Parse(await asked.Content.ReadAsStringAsync()).QuerySelector("[data-testid=confirm-close]"));
        Assert.NotNull(await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.JoinCode).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await organiser.PostWithTokenFromAsync($"/en/screenings/{id}", $"/en/screenings/{id}?handler=Close", new Dictionary<string, string> { ["confirm"] = "true" })).StatusCode);
        using var late = TestClient.Create(factory);
        var refused = await late.PostFormAsync("/en/join", new Dictionary<string, string> { ["code"] = code });
        Assert.NotNull(TestClient.Parse(await refused.Content.ReadAsStringAsync()).QuerySelector("[data-testid=join-error]"));
        Assert.Equal(HttpStatusCode.Redirect, (await phone.Http.GetAsync($"/hy/s/{code}")).StatusCode);
        var closed = await factory.WithDbAsync(db => db.Screenings.SingleAsync(s => s.Id == id));
        Assert.Null(closed.JoinCode);
        Assert.Equal(ScreeningStatus.Held, closed.Status);
    }

    [Fact]
    public async Task Another_organiser_s_invalid_edit_answers_404_and_reveals_nothing()
    {
        using var owner = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var id = await PlanAsync(owner, await FilmsAsync(factory, 1));
        using var other = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var invalid = await other.PostWithTokenFromAsync("/en/screenings/new", $"/en/screenings/{id}/edit", new() { ["Input.Title"] = "", ["Input.TimeZoneId"] = "Nowhere/Else" });
        Assert.Equal(HttpStatusCode.NotFound, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/en/screenings/{id}/edit")).StatusCode);

        // The owner's invalid edit still names the fields.
        var own = await owner.PostWithTokenFromAsync($"/en/screenings/{id}/edit", $"/en/screenings/{id}/edit", new() { ["Input.Title"] = "", ["Input.TimeZoneId"] = "Nowhere/Else" });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Theory]
    [MemberData(nameof(CultureData.Segments), MemberType = typeof(CultureData))]
    public async Task The_facilitator_pack_is_in_the_chosen_language_with_code_films_and_ground_rules(string segment)
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var films = await FilmsAsync(factory, 2);
        var id = await PlanAsync(organiser, films);
        var code = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.JoinCode).SingleAsync());
        var culture = Kinodialog.Core.Localization.SupportedCultures.Get(segment).Name;
        var firstTitle = await factory.WithDbAsync(db => db.FilmTranslations.Where(t => t.FilmId == films[0] && t.Culture == culture).Select(t => t.Title).SingleAsync());

        var pack = await organiser.GetOkPageAsync($"/{segment}/screenings/{id}/pack");
        Assert.Equal(culture, pack.DocumentElement.GetAttribute("lang"));
        var text = pack.QuerySelector("[data-testid=pack]")!.TextContent;
        Assert.Contains(code!, text, StringComparison.Ordinal);
        Assert.Contains(firstTitle, text, StringComparison.Ordinal);
        Assert.Contains("Question one?", text, StringComparison.Ordinal);
        Assert.True(pack.QuerySelectorAll("[data-testid=pack] ol li").Length >= 5);
        var qr = pack.QuerySelector(".pack-join img")!.GetAttribute("src")!;
        Assert.StartsWith("data:image/svg+xml;base64,", qr, StringComparison.Ordinal);
        Assert.Contains("<svg", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(qr["data:image/svg+xml;base64,".Length..])), StringComparison.Ordinal);

        // Before anyone voted the pack is a plan, not a report: no dialogue section.
        Assert.Null(pack.QuerySelector("[data-testid=pack-dialogue]"));
    }

    [Fact]
    public async Task Public_screenings_are_listed_without_attendee_data_and_invite_only_ones_never()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var films = await FilmsAsync(factory, 1);
        var open = await PlanAsync(organiser, films, isPublic: true, title: "Open evening " + marker, country: "Georgia");
        await PlanAsync(organiser, films, isPublic: false, title: "Private evening " + marker);
        await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == open).ExecuteUpdateAsync(s => s.SetProperty(x => x.AttendanceTotal, 4242)));

        using var anyone = TestClient.Create(factory);
        var page = await anyone.GetOkPageAsync("/en/events");
        var list = page.QuerySelector("[data-testid=events]")!.TextContent;
        Assert.Contains("Open evening " + marker, list, StringComparison.Ordinal);
        Assert.DoesNotContain("Private evening " + marker, page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("4242", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        var code = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == open).Select(s => s.JoinCode).SingleAsync());
        Assert.DoesNotContain(code!, page.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Programme_staff_export_all_screenings_as_csv_and_organisers_cannot()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var marker = "Csv " + Guid.NewGuid().ToString("N")[..6];
        await PlanAsync(organiser, await FilmsAsync(factory, 1), title: "=" + marker);
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var csv = await programme.Http.GetAsync("/api/screenings/export.csv?country=Azerbaijan");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("id,title,start_local,time_zone", text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("'=" + marker, text, StringComparison.Ordinal);
        Assert.Contains("2030-05-17 19:00,Asia/Baku", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.Http.GetAsync("/api/screenings/export.csv")).StatusCode);
    }

    [Fact]
    public async Task The_checklist_and_the_attendance_are_saved()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var id = await PlanAsync(organiser, await FilmsAsync(factory, 1));
        var items = await factory.WithDbAsync(db => db.ScreeningChecklistItems.Where(c => c.ScreeningId == id).OrderBy(c => c.Position).ToListAsync());
        Assert.Equal(ScreeningVocabulary.ChecklistItems.Count, items.Count);
        var response = await organiser.PostWithTokenFromAsync($"/en/screenings/{id}", $"/en/screenings/{id}?handler=Checklist",
            new Dictionary<string, string> { ["done"] = items[0].Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await organiser.GetOkPageAsync($"/en/screenings/{id}");
        Assert.True(page.QuerySelector($"#item-{items[0].Id}")!.HasAttribute("checked"));
        Assert.False(page.QuerySelector($"#item-{items[1].Id}")!.HasAttribute("checked"));

        var saved = await organiser.PostWithTokenFromAsync($"/en/screenings/{id}", $"/en/screenings/{id}?handler=Attendance",
            new Dictionary<string, string> { ["total"] = "27", ["armenian"] = "12", ["azerbaijani"] = "13", ["notes"] = "Good discussion", ["incidents"] = "" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var screening = await factory.WithDbAsync(db => db.Screenings.SingleAsync(s => s.Id == id));
        Assert.Equal((27, 12, 13, (int?)null, "Good discussion"), (screening.AttendanceTotal!.Value, screening.AttendanceArmenian!.Value, screening.AttendanceAzerbaijani!.Value, screening.AttendanceOther, screening.Notes));
    }

    [Fact]
    public async Task A_plan_with_bad_input_names_each_field_and_saves_nothing()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var before = await factory.WithDbAsync(db => db.Screenings.CountAsync());
        var response = await organiser.PostFormAsync("/ru/screenings/new",
        [
            new("Input.Title", ""), new("Input.TimeZoneId", "Mars/Olympus"), new("Input.EventCulture", "ru"), new("Input.AudienceType", "students"),
            new("Input.DiscussionMinutes", "40"), new("Input.Status", "Planned"),
        ]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".validation-summary-errors")!;
        Assert.True(summary.QuerySelectorAll("li").Length >= 4);
        Assert.Matches("[А-Яа-я]", summary.TextContent);
        Assert.Equal(before, await factory.WithDbAsync(db => db.Screenings.CountAsync()));
    }
}

public sealed class ScreeningsTestsOnSqlite(SqliteFactory factory) : ScreeningsTests<SqliteFactory>(factory);

public sealed class ScreeningsTestsOnPostgres(PostgresFactory factory) : ScreeningsTests<PostgresFactory>(factory);

/// <summary>Its own app: the limiter counts per client, and all test requests share one address.</summary>
public sealed class JoinRateLimitTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    [Fact]
    public async Task Guessing_join_codes_is_slowed_down_then_refused()
    {
        using var phone = TestClient.Create(factory);
        for (var i = 0; i < Kinodialog.Web.Features.Screenings.JoinAttemptLimiter.FreeFailures; i++)
        {
            var quick = await phone.PostFormAsync("/en/join", new Dictionary<string, string> { ["code"] = "ZZZZZ" + i });
            Assert.Equal(HttpStatusCode.OK, quick.StatusCode);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var slowed = await phone.PostFormAsync("/en/join", new Dictionary<string, string> { ["code"] = "ZZZZZZ" });
        Assert.Equal(HttpStatusCode.OK, slowed.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"answered after {watch.Elapsed}");

        HttpResponseMessage last;
        var attempts = 0;
        do
        {
            last = await phone.PostFormAsync("/en/join", new Dictionary<string, string> { ["code"] = "ZZZZZY" });
            attempts++;
        }
        while (last.StatusCode != HttpStatusCode.TooManyRequests && attempts < 10);
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.NotNull(TestClient.Parse(await last.Content.ReadAsStringAsync()).QuerySelector("[data-testid=join-error]"));

        // Forgotten after the window.
        factory.Clock.Advance(Kinodialog.Web.Features.Screenings.JoinAttemptLimiter.Window + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await phone.PostFormAsync("/en/join", new Dictionary<string, string> { ["code"] = "ZZZZZX" })).StatusCode);
    }
}
