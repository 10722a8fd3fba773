using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kinodialog.BrowserTests.Infrastructure;
using Kinodialog.Core.Accounts;
using Kinodialog.Core.Localization;
using Kinodialog.Core.Screenings;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kinodialog.BrowserTests.Features.Screenings;

[Collection(BrowserTestGroup.Name)]
public sealed class ScreeningBrowserTests(BrowserFixture fixture)
{
    private Task<(BrowserSession Session, Guid ScreeningId, string Code)> OrganiserWithScreeningAsync(string locale = "en-GB") =>
        ScreeningBrowserKit.OrganiserWithScreeningAsync(fixture, locale);

    [Fact]
    public async Task The_facilitator_pack_prints_to_PDF_in_each_language_with_the_join_code_and_first_film()
    {
        var (session, id, code) = await OrganiserWithScreeningAsync();
        await using var _ = session;
        var page = session.Page;
        var firstFilm = await fixture.App.WithDbAsync(db => db.ScreeningFilms.Where(f => f.ScreeningId == id && f.Position == 0).Select(f => f.FilmId).SingleAsync());
        foreach (var culture in SupportedCultures.All)
        {
            await session.RunAsync($"{culture.UrlSegment}-pack", async () =>
            {
                await session.GotoAsync($"/{culture.UrlSegment}/screenings/{id}/pack");
                await session.AssertAccessibleAsync();
                var pdf = Path.Combine(BrowserFixture.ArtifactsDirectory, $"{culture.UrlSegment}-facilitator-pack.pdf");
                await page.PdfAsync(new PagePdfOptions { Path = pdf, Format = "A4", PrintBackground = true });
                var text = await PdfTextAsync(pdf);
                var title = await fixture.App.WithDbAsync(db => db.FilmTranslations.Where(t => t.FilmId == firstFilm && t.Culture == culture.Name).Select(t => t.Title).SingleAsync());
                Assert.Contains(code, text, StringComparison.Ordinal);
                Assert.Contains(title, Regex.Replace(text, @"\s+", " "), StringComparison.Ordinal);
                Assert.InRange(Regex.Count(text, "\f"), 1, 2);
            });
        }

        session.AssertNoProblems();
    }

    [Fact]
    public async Task Run_mode_plays_two_films_with_subtitles_and_shows_the_join_code_between_them()
    {
        var (session, id, code) = await OrganiserWithScreeningAsync();
        await using var _ = session;
        var page = session.Page;
        await session.RunAsync("run-mode", async () =>
        {
            await session.GotoAsync($"/ru/screenings/{id}/run");
            await Assertions.Expect(page.GetByTestId("run-join-code")).ToHaveTextAsync(code);
            await session.AssertAccessibleAsync();
            await session.ScreenshotAsync("ru-run-mode-join");

            await page.GetByRole(AriaRole.Button, new() { Name = "Фильмы", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("run-video")).ToBeVisibleAsync();
            var first = await PlayAsync(page);
            Assert.Equal("hy", first.GetProperty("language").GetString());
            Assert.True(first.GetProperty("active").GetString()!.Length > 0);
            var firstTitle = await page.GetByTestId("run-film-title").TextContentAsync();
            await session.ScreenshotAsync("ru-run-mode-film-1");

            // When a film ends, the join code comes back on the screen until the next film.
            await Assertions.Expect(page.GetByTestId("between-films")).ToBeHiddenAsync();
            await page.EvaluateAsync("() => { const v = document.querySelector('[data-testid=run-video]'); v.currentTime = v.duration - 0.3; return v.play(); }");
            await Assertions.Expect(page.GetByTestId("between-films")).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Assertions.Expect(page.GetByTestId("between-films")).ToContainTextAsync(code);

            await page.GetByTestId("next-film").ClickAsync();
            await Assertions.Expect(page.GetByTestId("run-film-title")).Not.ToHaveTextAsync(firstTitle!);
            var second = await PlayAsync(page);
            Assert.Equal("showing", second.GetProperty("mode").GetString());
            Assert.NotEqual(first.GetProperty("src").GetString(), second.GetProperty("src").GetString());
            Assert.Equal(1, await fixture.App.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.CurrentFilm).SingleAsync()));
            await session.AssertAccessibleAsync();
            session.AssertNoProblems();
        });
    }

    [Fact]
    public async Task The_join_counter_updates_on_the_projector_when_a_phone_joins()
    {
        var (session, id, code) = await OrganiserWithScreeningAsync();
        await using var _ = session;
        var page = session.Page;
        await session.RunAsync("live-counter", async () =>
        {
            await session.GotoAsync($"/en/screenings/{id}/run");
            await Assertions.Expect(page.GetByTestId("joined-count")).ToHaveTextAsync("0");
            var loads = 0;
            page.Load += (_, _) => loads++;

            await using var phone = (await fixture.NewSessionAsync("az-AZ", new ViewportSize { Width = 360, Height = 740 })).Watch();
            // One tap: the camera opens the QR code's link and the phone is on its page, in its language.
            await phone.GotoAsync($"/join?code={code}");
            await Assertions.Expect(phone.Page).ToHaveURLAsync(new Regex($"/az/s/{code}"));
            await Assertions.Expect(phone.Page.GetByTestId("joined")).ToBeVisibleAsync();
            await phone.AssertAccessibleAsync();
            await phone.ScreenshotAsync("az-phone-joined");

            await Assertions.Expect(page.GetByTestId("joined-count")).ToHaveTextAsync("1", new() { Timeout = 10_000 });
            Assert.Equal(0, loads);
            phone.AssertNoProblems();
            session.AssertNoProblems();
        });
    }

    private static async Task<JsonElement> PlayAsync(IPage page) => await page.EvaluateAsync<JsonElement>("""
        async () => {
          const video = document.querySelector('[data-testid=run-video]');
          const track = [...video.textTracks].find(t => t.mode === 'showing');
          const element = video.querySelector(`track[srclang="${track.language}"]`);
          if (element.readyState !== 2) { await new Promise(r => element.addEventListener('load', r)); }
          video.muted = true;
          await video.play();
          const deadline = Date.now() + 10000;
          while ((!track.activeCues || track.activeCues.length === 0) && Date.now() < deadline) { await new Promise(r => setTimeout(r, 100)); }
          video.pause();
          return { language: track.language, mode: track.mode, active: track.activeCues.length ? track.activeCues[0].text : '', src: video.currentSrc };
        }
        """);

    private static async Task<string> PdfTextAsync(string pdf)
    {
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-enc");
        start.ArgumentList.Add("UTF-8");
        start.ArgumentList.Add(pdf);
        start.ArgumentList.Add("-");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext (poppler-utils) is missing: ./test.sh installs it.");
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return text;
    }
}
