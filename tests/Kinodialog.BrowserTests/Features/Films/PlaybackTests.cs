using System.Text.Json;
using Kinodialog.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Kinodialog.BrowserTests.Features.Films;

[Collection(BrowserTestGroup.Name)]
public sealed class PlaybackTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_demo_film_plays_with_Armenian_subtitles_showing()
    {
        await using var session = (await fixture.NewSessionAsync("hy-AM")).Watch();
        var page = session.Page;
        await session.RunAsync("hy-playback", async () =>
        {
            await session.GotoAsync("/hy/films");
            await session.AssertAccessibleAsync();
            await page.GetByTestId("film-list").Locator("a[href$='/films/demo-bridge']").ClickAsync();
            await Assertions.Expect(page.GetByTestId("player")).ToBeVisibleAsync();
            await session.AssertAccessibleAsync();

            var state = await page.EvaluateAsync<JsonElement>("""
                async () => {
                  const video = document.querySelector('video');
                  const track = [...video.textTracks].find(t => t.language === 'hy');
                  const element = video.querySelector('track[srclang=hy]');
                  if (element.readyState !== 2) {
                    await new Promise((resolve, reject) => { element.addEventListener('load', resolve); element.addEventListener('error', reject); });
                  }
                  video.muted = true;
                  await video.play();
                  const deadline = Date.now() + 10000;
                  while ((!track.activeCues || track.activeCues.length === 0) && Date.now() < deadline) {
                    await new Promise(r => setTimeout(r, 100));
                  }
                  video.pause();
                  return {
                    mode: track.mode,
                    cues: track.cues.length,
                    active: track.activeCues.length ? track.activeCues[0].text : null,
                    time: video.currentTime,
                    error: video.error ? video.error.code : 0,
                    tracks: [...video.textTracks].map(t => t.language)
                  };
                }
                """);
            Assert.Equal(0, state.GetProperty("error").GetInt32());
            Assert.Equal("showing", state.GetProperty("mode").GetString());
            Assert.Equal(4, state.GetProperty("cues").GetInt32());
            Assert.Equal("Սա Kinodialog-ի ստեղծած ցուցադրական ֆիլմ է։", state.GetProperty("active").GetString());
            Assert.True(state.GetProperty("time").GetDouble() > 0);
            Assert.Equal(["en", "hy", "az-Latn", "ru"], state.GetProperty("tracks").EnumerateArray().Select(t => t.GetString()));
            await session.ScreenshotAsync("hy-film-playing");
            session.AssertNoProblems();
        });
    }

    [Fact]
    public async Task Content_notes_are_shown_before_the_player()
    {
        await using var session = (await fixture.NewSessionAsync()).Watch();
        var page = session.Page;
        await session.GotoAsync("/ru/films/demo-letters");
        var notes = page.GetByTestId("content-notes");
        await Assertions.Expect(notes).ToBeVisibleAsync();
        var notesTop = (await notes.BoundingBoxAsync())!.Y;
        var playerTop = (await page.GetByTestId("player").BoundingBoxAsync())!.Y;
        Assert.True(notesTop < playerTop);
        await session.AssertAccessibleAsync();
        session.AssertNoProblems();
    }
}
