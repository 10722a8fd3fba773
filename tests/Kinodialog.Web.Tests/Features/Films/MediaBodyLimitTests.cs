using System.Net;
using Kinodialog.Web.Tests.Infrastructure;
using static Kinodialog.Web.Tests.Features.Films.FilmTestKit;

namespace Kinodialog.Web.Tests.Features.Films;

/// <summary>Issue 14: the media page took unlimited bodies for every handler, and read 300 MB before answering 403.</summary>
public sealed class MediaBodyLimitTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    /// <summary>No antiforgery token in a header: the antiforgery check would look for it in the form, reading the body.</summary>
    private static Task<HttpResponseMessage> PostAsync(TestClient client, string slug, string handler, CountingContent body) =>
        client.Http.PostAsync(new Uri($"/en/films/{slug}/media?handler={handler}", UriKind.Relative), body);

    [Fact]
    public async Task A_translator_s_video_upload_is_refused_before_its_body_is_read()
    {
        using var translator = await TestClient.SignedInAsync(factory, Roles.Translator);
        var slug = NewSlug();
        await CreateFilmAsync(factory, slug);
        var body = new CountingContent(300L * 1024 * 1024, "multipart/form-data; boundary=x");
        using var response = await PostAsync(translator, slug, "Upload", body);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(body.Sent < 4 * 1024 * 1024, $"{body.Sent} bytes were taken");
    }

    [Fact]
    public async Task Posts_other_than_the_video_upload_are_limited_to_a_subtitle_file()
    {
        using var translator = await TestClient.SignedInAsync(factory, Roles.Translator);
        var slug = NewSlug();
        await CreateFilmAsync(factory, slug);
        var body = new CountingContent(40L * 1024 * 1024, "multipart/form-data; boundary=x");
        using var response = await PostAsync(translator, slug, "Subtitles", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(body.Sent < 4 * 1024 * 1024, $"{body.Sent} bytes were taken");

        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var other = new CountingContent(40L * 1024 * 1024, "multipart/form-data; boundary=x");
        using var unknown = await PostAsync(programme, slug, "Nothing", other);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, unknown.StatusCode);
    }
}
