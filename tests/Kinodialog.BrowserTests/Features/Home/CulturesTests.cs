using System.Text.RegularExpressions;
using Kinodialog.BrowserTests.Infrastructure;
using Kinodialog.Core.Localization;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Kinodialog.BrowserTests.Features.Home;

[Collection(BrowserTestGroup.Name)]
public sealed class CulturesTests(BrowserFixture fixture)
{
    [Theory]
    [MemberData(nameof(CultureData.Segments), MemberType = typeof(CultureData))]
    public async Task Each_language_renders_the_home_page_and_a_handbook_chapter(string segment)
    {
        var culture = SupportedCultures.Get(segment);
        await using var session = (await fixture.NewSessionAsync()).Watch();
        var page = session.Page;
        await session.RunAsync($"{segment}-cultures", async () =>
        {
            var response = await session.GotoAsync($"/{segment}/");
            Assert.Equal(200, response.Status);
            Assert.Equal(culture.Name, await page.Locator("html").GetAttributeAsync("lang"));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".language-nav a[aria-current=true]")).ToHaveTextAsync(culture.NativeName);
            await session.AssertAccessibleAsync();
            await session.ScreenshotAsync($"{segment}-home");

            await page.Locator(".main-nav a[href$='/handbook']").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/{segment}/handbook$"));
            await session.AssertAccessibleAsync();
            await page.GetByTestId("chapter-list").Locator("a[href$='/handbook/choosing-films']").ClickAsync();
            var chapter = page.GetByTestId("chapter");
            await Assertions.Expect(chapter.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("sample-notice")).ToBeVisibleAsync();
            Assert.True(await chapter.Locator(".prose h2").CountAsync() >= 2);
            await session.AssertAccessibleAsync();
            await session.ScreenshotAsync($"{segment}-chapter");

            // The switcher keeps the reader on the same chapter.
            var other = SupportedCultures.All.First(c => c != culture);
            var path = new Uri(page.Url).AbsolutePath;
            await page.Locator(".language-nav").GetByRole(AriaRole.Link, new() { Name = other.NativeName }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape("/" + other.UrlSegment + path[(segment.Length + 1)..]) + "$"));
            Assert.Equal(other.Name, await page.Locator("html").GetAttributeAsync("lang"));
            session.AssertNoProblems();
        });
    }

    [Fact]
    public async Task The_site_fits_a_phone_screen()
    {
        await using var session = (await fixture.NewSessionAsync("hy-AM", new ViewportSize { Width = 360, Height = 740 })).Watch();
        await session.RunAsync("phone", async () =>
        {
            await session.GotoAsync("/");
            await Assertions.Expect(session.Page).ToHaveURLAsync(new Regex("/hy/$"));
            var overflow = await session.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, "the page scrolls sideways on a 360 px screen");
            await session.AssertAccessibleAsync();
            await session.ScreenshotAsync("hy-phone-home");
            session.AssertNoProblems();
        });
    }
}
