using Kinodialog.BrowserTests.Infrastructure;
using Kinodialog.Core.Accounts;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Tests.Features.Films;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Kinodialog.BrowserTests.Features.Films;

[Collection(BrowserTestGroup.Name)]
public sealed class UploadTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Programme_staff_upload_a_video_in_pieces_from_the_film_page()
    {
        var email = $"programme-{Guid.NewGuid():N}@example.org";
        await TestClient.CreateAccountAsync(fixture.App, email, "a long enough passphrase", StaffRoles.Programme);
        var slug = FilmTestKit.NewSlug();
        var filmId = await FilmTestKit.CreateFilmAsync(fixture.App, slug);
        var video = Path.Combine(Path.GetTempPath(), $"kd-upload-{Guid.NewGuid():N}.mkv");
        await File.WriteAllBytesAsync(video, await FilmTestKit.MakeVideoAsync(2));

        await using var session = (await fixture.NewSessionAsync()).Watch();
        var page = session.Page;
        await session.RunAsync("upload", async () =>
        {
            await session.GotoAsync("/en/account/sign-in");
            await page.Locator("#Email").FillAsync(email);
            await page.Locator("#Password").FillAsync("a long enough passphrase");
            await page.Locator("form.stacked-form button[type=submit]").ClickAsync();
            await page.Locator("#Code").FillAsync(await Totp.CodeForAsync(fixture.App, email));
            await page.Locator("form.stacked-form button[type=submit]").ClickAsync();
            await Assertions.Expect(page.GetByTestId("signed-in-as")).ToBeVisibleAsync();

            await session.GotoAsync($"/en/films/{slug}/media");
            await session.AssertAccessibleAsync();
            await page.Locator("#video-file").SetInputFilesAsync(video);
            await page.Locator("form[data-upload-form] button[type=submit]").ClickAsync();
            await Assertions.Expect(page.GetByTestId("upload-status")).ToContainTextAsync("Upload complete", new() { Timeout = 30_000 });
            await session.ScreenshotAsync("en-film-upload");
            session.AssertNoProblems();
        });

        var upload = await fixture.App.WithDbAsync(db => db.MediaUploads.SingleAsync(u => u.FilmId == filmId));
        Assert.Equal(UploadStatus.Accepted, upload.Status);
        Assert.Equal(new FileInfo(video).Length, upload.Length);
        Assert.Equal(upload.Length, upload.Offset);
        Assert.True(await fixture.App.WithDbAsync(db => db.EncodingJobs.AnyAsync(j => j.UploadId == upload.Id)));
        File.Delete(video);
    }
}
