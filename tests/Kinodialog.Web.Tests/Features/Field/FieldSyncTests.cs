using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Kinodialog.Web.Features.Field;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Field.FieldTestKit;

namespace Kinodialog.Web.Tests.Features.Field;

public abstract class FieldSyncTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private DateTime Now => factory.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task The_package_holds_the_films_files_questionnaires_and_seeded_statements_and_another_laptop_gets_404()
    {
        using var setup = await SetUpAsync(factory);
        using var laptop = Laptop(factory, setup.Token);
        var list = await laptop.GetFromJsonAsync<CheckoutList>("/api/field/screenings");
        var summary = Assert.Single(list!.Screenings);
        Assert.Equal(setup.ScreeningId, summary.ScreeningId);
        Assert.True(summary.EstimatedBytes > setup.Video.Length, $"estimate {summary.EstimatedBytes}");

        var package = (await laptop.GetFromJsonAsync<ScreeningPackage>($"/api/field/screenings/{setup.ScreeningId}/package"))!;
        Assert.Equal(FieldLimits.FormatVersion, package.FormatVersion);
        var film = Assert.Single(package.Films);
        Assert.Equal(setup.FilmId, film.Id);
        Assert.Equal(setup.VideoSha, Assert.Single(film.Renditions).Sha256);
        Assert.Equal(setup.SubtitleSha, Assert.Single(film.Subtitles).Sha256);
        Assert.NotEmpty(package.Questionnaires);
        Assert.Equal("We can watch films together.", Assert.Single(package.Statements).Text);

        var range = new HttpRequestMessage(HttpMethod.Get, $"/api/field/files/{setup.VideoSha}");
        range.Headers.Range = new RangeHeaderValue(100, 199);
        var part = await laptop.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(setup.Video[100..200], await part.Content.ReadAsByteArrayAsync());

        var (_, otherToken) = await EnrolAsync(factory, setup.OrganiserId);
        using var other = Laptop(factory, otherToken);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/field/screenings/{setup.ScreeningId}/package")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/field/files/{setup.VideoSha}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/field/screenings/{setup.ScreeningId}/results", Batch(setup, await VersionAsync(factory), Now))).StatusCode);
    }

    [Fact]
    public async Task While_checked_out_the_central_copy_refuses_plan_edits_opening_moderation_and_phones()
    {
        using var setup = await SetUpAsync(factory, checkOut: false);
        Assert.Equal(HttpStatusCode.Redirect, (await setup.Organiser.PostFormAsync($"/en/screenings/{setup.ScreeningId}/run", new Dictionary<string, string>(), handler: "Open")).StatusCode);
        var checkedOut = await setup.Organiser.PostFormAsync($"/en/screenings/{setup.ScreeningId}/field", new Dictionary<string, string> { ["device"] = setup.DeviceId.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, checkedOut.StatusCode);
        var code = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == setup.ScreeningId).Select(s => s.JoinCode).SingleAsync());

        var stage = await setup.Organiser.PostFormAsync($"/en/screenings/{setup.ScreeningId}/run", new Dictionary<string, string> { ["stage"] = "PreSurvey" }, handler: "Stage");
        Assert.Equal(HttpStatusCode.SeeOther, stage.StatusCode);
        var seed = await setup.Organiser.PostWithTokenFromAsync($"/en/screenings/{setup.ScreeningId}", $"/en/screenings/{setup.ScreeningId}/dialogue?handler=Seed", new Dictionary<string, string> { ["text"] = "A new one", ["culture"] = "en" });
        Assert.Equal(HttpStatusCode.SeeOther, seed.StatusCode);
        var edit = await setup.Organiser.PostFormAsync($"/en/screenings/{setup.ScreeningId}/edit", new List<KeyValuePair<string, string>>
        {
            new("Input.Title", "Changed title"), new("Input.LocalStart", "2030-05-17T19:00"), new("Input.TimeZoneId", "Asia/Baku"), new("Input.Venue", "Hall"),
            new("Input.City", "Baku"), new("Input.Country", "Azerbaijan"), new("Input.EventCulture", "ru"), new("Input.DiscussionMinutes", "40"),
            new("Input.Facilitators", "Leyla"), new("Input.AudienceType", "students"), new("Input.ExpectedSize", "30"), new("Input.Status", "Planned"),
            new("Input.FilmIds[0]", setup.FilmId.ToString()),
        });
        Assert.Equal(HttpStatusCode.SeeOther, edit.StatusCode);
        var details = await setup.Organiser.GetOkPageAsync(edit.Headers.Location!.OriginalString);
        Assert.Contains("changes are made there", details.QuerySelector("[data-testid=checked-out]")!.TextContent, StringComparison.Ordinal);

        using var phone = TestClient.Create(factory);
        var join = await phone.PostFormAsync("/en/join", new Dictionary<string, string> { ["code"] = code! });
        Assert.NotEqual(HttpStatusCode.Redirect, join.StatusCode);

        var state = await factory.WithDbAsync(async db => new
        {
            Screening = await db.Screenings.SingleAsync(s => s.Id == setup.ScreeningId),
            Statements = await db.Statements.CountAsync(s => s.ScreeningId == setup.ScreeningId),
            Participants = await db.Participants.CountAsync(p => p.ScreeningId == setup.ScreeningId),
        });
        Assert.NotEqual("Changed title", state.Screening.Title);
        Assert.Equal(Kinodialog.Core.Screenings.AudienceStage.Waiting, state.Screening.Stage);
        Assert.Equal(1, state.Statements);
        Assert.Equal(0, state.Participants);
    }

    [Fact]
    public async Task Results_are_stored_once_however_often_they_arrive_and_check_in_releases_only_when_the_counts_match()
    {
        using var setup = await SetUpAsync(factory);
        using var laptop = Laptop(factory, setup.Token);
        var batch = Batch(setup, await VersionAsync(factory), Now);
        var url = $"/api/field/screenings/{setup.ScreeningId}/results";

        var first = await (await laptop.PostAsJsonAsync(url, batch)).Content.ReadFromJsonAsync<ResultsReceipt>();
        Assert.Equal(new ResultsReceipt(8, 0), first);
        var again = await (await laptop.PostAsJsonAsync(url, batch)).Content.ReadFromJsonAsync<ResultsReceipt>();
        Assert.Equal(new ResultsReceipt(0, 8), again);
        var doubled = batch with { Votes = [.. batch.Votes, .. batch.Votes] };
        var duplicates = await (await laptop.PostAsJsonAsync(url, doubled)).Content.ReadFromJsonAsync<ResultsReceipt>();
        Assert.Equal(new ResultsReceipt(0, 10), duplicates);

        var stranger = Guid.CreateVersion7();
        var unknown = batch with { Participants = [], Statements = [], Responses = [], Flags = [], Moderation = [], Votes = [new ResultVote(Guid.CreateVersion7(), stranger, batch.Statements[0].Id, 1, Now)] };
        var refused = await laptop.PostAsJsonAsync(url, unknown);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains(stranger.ToString(), await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var tooOld = await laptop.PostAsJsonAsync(url, batch with { FormatVersion = 99 });
        Assert.Equal(HttpStatusCode.BadRequest, tooOld.StatusCode);
        Assert.Contains("99", await tooOld.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var checkIn = $"/api/field/screenings/{setup.ScreeningId}/check-in";
        var short1 = await (await laptop.PostAsJsonAsync(checkIn, Outcome(Totals(2, 2, 1, 3, 1, 1), Now))).Content.ReadFromJsonAsync<CheckInReceipt>();
        Assert.False(short1!.CheckedIn);
        Assert.Equal(Totals(2, 2, 1, 2, 1, 1), short1.Held);
        Assert.NotNull(await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == setup.ScreeningId).Select(s => s.CheckedOutToDeviceId).SingleAsync()));

        var done = await (await laptop.PostAsJsonAsync(checkIn, Outcome(Totals(2, 2, 1, 2, 1, 1), Now))).Content.ReadFromJsonAsync<CheckInReceipt>();
        Assert.True(done!.CheckedIn);
        var screening = await factory.WithDbAsync(db => db.Screenings.SingleAsync(s => s.Id == setup.ScreeningId));
        Assert.Null(screening.CheckedOutToDeviceId);
        Assert.Equal(40, screening.AttendanceTotal);
        Assert.NotNull(screening.FieldSyncedAt);
        // The same batch again after the check-in (its answer lost on the way): acknowledged as held, nothing written;
        // the same check-in again: answered as the first; records it does not hold: refused.
        var afterCheckIn = await laptop.PostAsJsonAsync(url, batch);
        Assert.Equal(HttpStatusCode.OK, afterCheckIn.StatusCode);
        Assert.Equal(new ResultsReceipt(0, batch.Count), await afterCheckIn.Content.ReadFromJsonAsync<ResultsReceipt>());
        var checkInAgain = await (await laptop.PostAsJsonAsync(checkIn, Outcome(Totals(2, 2, 1, 2, 1, 1), Now))).Content.ReadFromJsonAsync<CheckInReceipt>();
        Assert.True(checkInAgain!.CheckedIn);
        Assert.Equal(HttpStatusCode.NotFound, (await laptop.PostAsJsonAsync(url, Batch(setup, await VersionAsync(factory), Now))).StatusCode);
    }

    [Fact]
    public async Task A_results_file_is_imported_once_and_a_tampered_one_changes_nothing()
    {
        using var setup = await SetUpAsync(factory);
        var batch = Batch(setup, await VersionAsync(factory), Now);
        var content = new ResultsBundleContent(FieldLimits.FormatVersion, setup.DeviceId, setup.ScreeningId, Now, batch, Outcome(Totals(2, 2, 1, 2, 1, 1), Now));
        const string passphrase = "a long enough passphrase";
        var file = ResultsBundle.Seal(content, passphrase, 1000);

        var tampered = (byte[])file.Clone();
        tampered[tampered.Length / 2] ^= 0x01;
        var refused = await ImportAsync(setup.Organiser, tampered, passphrase);
        Assert.Contains("changed or damaged", refused, StringComparison.Ordinal);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Votes.CountAsync(v => v.ScreeningId == setup.ScreeningId)));

        var imported = await ImportAsync(setup.Organiser, file, passphrase);
        Assert.Contains("8 new records", imported, StringComparison.Ordinal);
        var again = await ImportAsync(setup.Organiser, file, passphrase);
        Assert.Contains("nothing was imported", again, StringComparison.Ordinal);
        Assert.Equal(2, await factory.WithDbAsync(db => db.Votes.CountAsync(v => v.ScreeningId == setup.ScreeningId)));
        Assert.Equal(2, await factory.WithDbAsync(db => db.Participants.CountAsync(p => p.ScreeningId == setup.ScreeningId)));
        Assert.Null(await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == setup.ScreeningId).Select(s => s.CheckedOutToDeviceId).SingleAsync()));
    }

    private static async Task<string> ImportAsync(TestClient client, byte[] file, string passphrase)
    {
        var page = await client.GetOkPageAsync("/en/field/import");
        var token = page.QuerySelector("form[data-testid=import-form] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(passphrase), "passphrase" },
            { new ByteArrayContent(file), "file", "results.kdresults" },
        };
        var response = await client.Http.PostAsync("/en/field/import", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[data-testid=import-result]")!.TextContent;
    }
}

public sealed class FieldSyncTestsOnSqlite(SqliteFactory factory) : FieldSyncTests<SqliteFactory>(factory);

public sealed class FieldSyncTestsOnPostgres(PostgresFactory factory) : FieldSyncTests<PostgresFactory>(factory);
