using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Films.FilmTestKit;

namespace Kinodialog.Web.Tests.Features.Films;

public abstract class FilmLibraryTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task A_file_that_is_not_a_video_is_refused_with_a_clear_error_and_nothing_is_published()
    {
        using var staff = await TestClient.SignedInAsync(factory, Roles.Programme);
        var slug = NewSlug();
        var filmId = await CreateFilmAsync(factory, slug);
        staff.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("This is not a film. ", 500)));

        using var last = await UploadAsync(staff.Http, filmId, text, chunk: 4096, fileName: "notes.txt");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, last.StatusCode);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType!.MediaType);

        var upload = await factory.WithDbAsync(db => db.MediaUploads.SingleAsync(u => u.FilmId == filmId));
        Assert.Equal(UploadStatus.Rejected, upload.Status);
        Assert.False(string.IsNullOrEmpty(upload.Error));
        Assert.False(await factory.WithDbAsync(db => db.EncodingJobs.AnyAsync(j => j.FilmId == filmId)));
        var page = await staff.GetOkPageAsync($"/en/films/{slug}");
        Assert.NotNull(page.QuerySelector("[data-testid=not-playable]"));
        Assert.Null(page.QuerySelector("video"));
        var media = await staff.GetOkPageAsync($"/en/films/{slug}/media");
        Assert.Contains(upload.Error!, media.QuerySelector(".rejections")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_is_encoded_and_streamed_with_ranges_and_conditional_requests()
    {
        using var staff = await TestClient.SignedInAsync(factory, Roles.Programme);
        var slug = NewSlug();
        var filmId = await CreateFilmAsync(factory, slug);
        using var last = await UploadAsync(staff.Http, filmId, await MakeVideoAsync(3));
        Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        await EncodePendingAsync(factory);

        var job = await factory.WithDbAsync(db => db.EncodingJobs.SingleAsync(j => j.FilmId == filmId));
        Assert.Equal(EncodingStatus.Succeeded, job.Status);
        var film = await factory.WithDbAsync(db => db.Films.SingleAsync(f => f.Id == filmId));
        Assert.Equal(job.Id, film.CurrentEncodingId);
        Assert.InRange(film.DurationSeconds!.Value, 2.9, 3.2);

        using var viewer = TestClient.Create(factory);
        var page = await viewer.GetOkPageAsync($"/hy/films/{slug}");
        var source = page.QuerySelector("video source")!.GetAttribute("src")!;
        Assert.Matches("^/media/films/[0-9a-f]{32}/[0-9a-f]{64}\\.mp4$", source);
        Assert.Contains(page.QuerySelectorAll(".quality-list a"), a => a.TextContent == "240p");
        Assert.NotNull(page.QuerySelector("[data-testid=content-notes]"));

        var full = await viewer.Http.GetAsync(source);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("video/mp4", full.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", full.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var length = full.Content.Headers.ContentLength!.Value;
        var etag = full.Headers.ETag!;
        var body = await full.Content.ReadAsByteArrayAsync();
        Assert.Equal(source.Split('/').Last()[..64], Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)));

        using var range = new HttpRequestMessage(HttpMethod.Get, source);
        range.Headers.Range = new RangeHeaderValue(0, 99);
        var partial = await viewer.Http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal($"bytes 0-99/{length}", partial.Content.Headers.ContentRange!.ToString());
        Assert.Equal(body[..100], await partial.Content.ReadAsByteArrayAsync());

        using var suffix = new HttpRequestMessage(HttpMethod.Get, source);
        suffix.Headers.Range = new RangeHeaderValue(null, 10);
        var tail = await viewer.Http.SendAsync(suffix);
        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        Assert.Equal($"bytes {length - 10}-{length - 1}/{length}", tail.Content.Headers.ContentRange!.ToString());
        Assert.Equal(body[^10..], await tail.Content.ReadAsByteArrayAsync());

        using var beyond = new HttpRequestMessage(HttpMethod.Get, source);
        beyond.Headers.Range = new RangeHeaderValue(length + 10, null);
        var unsatisfiable = await viewer.Http.SendAsync(beyond);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
        Assert.Equal($"bytes */{length}", unsatisfiable.Content.Headers.ContentRange!.ToString());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, source);
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await viewer.Http.SendAsync(conditional)).StatusCode);

        using var staleRange = new HttpRequestMessage(HttpMethod.Get, source);
        staleRange.Headers.Range = new RangeHeaderValue(0, 9);
        staleRange.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"stale\""));
        var whole = await viewer.Http.SendAsync(staleRange);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(length, whole.Content.Headers.ContentLength);

        using var freshRange = new HttpRequestMessage(HttpMethod.Get, source);
        freshRange.Headers.Range = new RangeHeaderValue(0, 9);
        freshRange.Headers.IfRange = new RangeConditionHeaderValue(etag);
        Assert.Equal(HttpStatusCode.PartialContent, (await viewer.Http.SendAsync(freshRange)).StatusCode);

        var poster = page.QuerySelector("video")!.GetAttribute("poster")!;
        Assert.Equal("image/jpeg", (await viewer.Http.GetAsync(poster)).Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.Http.GetAsync("/media/uploads/x.part")).StatusCode);
    }

    [Fact]
    public async Task A_new_upload_replaces_the_served_video_only_after_it_encoded()
    {
        using var staff = await TestClient.SignedInAsync(factory, Roles.Programme);
        var slug = NewSlug();
        var filmId = await CreateFilmAsync(factory, slug);
        await UploadAsync(staff.Http, filmId, await MakeVideoAsync(2));
        await EncodePendingAsync(factory);
        var first = await factory.WithDbAsync(db => db.Films.Where(f => f.Id == filmId).Select(f => f.CurrentEncodingId).SingleAsync());

        using var second = await UploadAsync(staff.Http, filmId, await MakeVideoAsync(3));
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal(first, await factory.WithDbAsync(db => db.Films.Where(f => f.Id == filmId).Select(f => f.CurrentEncodingId).SingleAsync()));
        await EncodePendingAsync(factory);
        var now = await factory.WithDbAsync(db => db.Films.SingleAsync(f => f.Id == filmId));
        Assert.NotEqual(first, now.CurrentEncodingId);
        Assert.InRange(now.DurationSeconds!.Value, 2.9, 3.2);
    }

    [Fact]
    public async Task Upload_requests_are_checked_before_anything_is_stored()
    {
        using var staff = await TestClient.SignedInAsync(factory, Roles.Programme);
        var filmId = await CreateFilmAsync(factory, NewSlug());
        using var missingHeader = new HttpRequestMessage(HttpMethod.Post, $"/api/films/{filmId}/uploads");
        missingHeader.Headers.Add("Upload-Length", "100");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await staff.Http.SendAsync(missingHeader)).StatusCode);

        using var tooLarge = Tus(HttpMethod.Post, $"/api/films/{filmId}/uploads");
        tooLarge.Headers.Add("Upload-Length", (100L * 1024 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await staff.Http.SendAsync(tooLarge)).StatusCode);

        var url = await CreateUploadAsync(staff.Http, filmId, 1000);
        using var wrongOffset = await PatchAsync(staff.Http, url, 10, new byte[10]);
        Assert.Equal(HttpStatusCode.Conflict, wrongOffset.StatusCode);
        Assert.Equal("0", wrongOffset.Headers.GetValues("Upload-Offset").Single());
        Assert.Equal(0, await OffsetAsync(staff.Http, url));

        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        using var forbidden = Tus(HttpMethod.Post, $"/api/films/{filmId}/uploads");
        forbidden.Headers.Add("Upload-Length", "100");
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.Http.SendAsync(forbidden)).StatusCode);
        using var anonymous = TestClient.Create(factory);
        using var unauthenticated = Tus(HttpMethod.Post, $"/api/films/{filmId}/uploads");
        unauthenticated.Headers.Add("Upload-Length", "100");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.SendAsync(unauthenticated)).StatusCode);
    }

    [Fact]
    public async Task A_failing_encode_is_retried_then_marked_failed_with_the_error_kept()
    {
        using var staff = await TestClient.SignedInAsync(factory, Roles.Programme);
        var filmId = await CreateFilmAsync(factory, NewSlug());
        await UploadAsync(staff.Http, filmId, await MakeVideoAsync(2));
        var job = await factory.WithDbAsync(db => db.EncodingJobs.SingleAsync(j => j.FilmId == filmId));
        // The source disappears (disk trouble): every attempt fails.
        File.Delete(factory.Services.GetRequiredService<MediaStorage>().UploadPath(job.UploadId));
        var worker = factory.Services.GetRequiredService<EncodingWorker>();
        for (var attempt = 1; attempt <= job.MaxAttempts; attempt++)
        {
            Assert.True(await worker.RunNowAsync(job.Id, CancellationToken.None));
            var state = await factory.WithDbAsync(db => db.EncodingJobs.SingleAsync(j => j.Id == job.Id));
            Assert.Equal(attempt, state.Attempts);
            Assert.False(string.IsNullOrEmpty(state.Error));
            Assert.Equal(attempt < job.MaxAttempts ? EncodingStatus.Pending : EncodingStatus.Failed, state.Status);
            if (state.Status == EncodingStatus.Pending)
            {
                Assert.True(state.NotBefore > factory.Clock.GetUtcNow().UtcDateTime);
                factory.Clock.Advance(TimeSpan.FromHours(1));
            }
        }

        Assert.False(await worker.RunNowAsync(job.Id, CancellationToken.None));
        Assert.Null(await factory.WithDbAsync(db => db.Films.Where(f => f.Id == filmId).Select(f => f.CurrentEncodingId).SingleAsync()));
    }

    [Fact]
    public async Task Unpublished_films_are_hidden_and_only_programme_staff_edit_films()
    {
        var slug = NewSlug();
        await CreateFilmAsync(factory, slug, published: false);
        using var anonymous = TestClient.Create(factory);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.Http.GetAsync($"/en/films/{slug}")).StatusCode);
        Assert.DoesNotContain(slug, await anonymous.Http.GetStringAsync("/en/films"), StringComparison.Ordinal);
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.Http.GetAsync($"/en/films/{slug}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.Http.GetAsync("/en/films/new")).StatusCode);
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        Assert.Equal(HttpStatusCode.OK, (await programme.Http.GetAsync($"/en/films/{slug}")).StatusCode);
    }

    [Fact]
    public async Task Staff_add_a_film_in_four_languages_with_credits_shown_only_with_consent()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var slug = NewSlug();
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.Slug", slug), new("Input.Year", "2019"), new("Input.IsPublished", "true"),
            new("Input.Texts[0].Culture", "en"), new("Input.Texts[0].Title", "Neighbours"), new("Input.Texts[0].Synopsis", "Two families."),
            new("Input.Texts[1].Culture", "hy"), new("Input.Texts[1].Title", "Հարևաններ"),
            new("Input.Texts[2].Culture", "az-Latn"), new("Input.Texts[2].Title", "Qonşular"),
            new("Input.Texts[3].Culture", "ru"), new("Input.Texts[3].Title", "Соседи"), new("Input.Texts[3].DiscussionQuestions", "Кто ваши соседи?\nЧто вы о них знаете?"),
            new("Input.Themes", "mixed-marriage"), new("Input.ContentNotes", "loss"),
            new("Input.Credits[0].Role", "director"), new("Input.Credits[0].Name", "Lala Director"), new("Input.Credits[0].ConsentToName", "true"),
            new("Input.Credits[1].Role", "protagonist"), new("Input.Credits[1].Name", "Hidden Person"), new("Input.Credits[1].Pseudonym", "Mariam"),
            new("Input.Credits[2].Role", "protagonist"), new("Input.Credits[2].Name", "Another Hidden"),
        };
        var response = await programme.PostFormAsync("/en/films/new", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        using var viewer = TestClient.Create(factory);
        var ru = await viewer.GetOkPageAsync($"/ru/films/{slug}");
        Assert.Equal("Соседи", ru.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(2, ru.QuerySelectorAll("section[aria-labelledby=questions-heading] li").Length);
        var credits = ru.QuerySelector(".credits")!.TextContent;
        Assert.Contains("Lala Director", credits, StringComparison.Ordinal);
        Assert.Contains("Mariam", credits, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden Person", ru.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Another Hidden", ru.DocumentElement.OuterHtml, StringComparison.Ordinal);

        var invalid = await programme.PostFormAsync("/hy/films/new", [new("Input.Slug", "Bad Slug"), new("Input.Texts[0].Culture", "en"), new("Input.Texts[0].Title", "")]);
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var errors = TestClient.Parse(await invalid.Content.ReadAsStringAsync()).QuerySelector(".validation-summary-errors")!.TextContent;
        Assert.NotEmpty(errors.Trim());
    }
}

public sealed class FilmLibraryTestsOnSqlite(SqliteFactory factory) : FilmLibraryTests<SqliteFactory>(factory);

public sealed class FilmLibraryTestsOnPostgres(PostgresFactory factory) : FilmLibraryTests<PostgresFactory>(factory);
