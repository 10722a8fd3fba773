using Kinodialog.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Kinodialog.BrowserTests.Features.Screenings;

/// <summary>
/// A 360 px phone in Armenian and Azerbaijani: the screenings list, a pack, the moderation page (with a log
/// line) and a form shown with its errors are never wider than the screen, and nothing is refused by the
/// Content-Security-Policy (no console error).
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class NarrowScreenTests(BrowserFixture fixture)
{
    private static readonly ViewportSize Phone = new() { Width = 360, Height = 740 };

    [Theory]
    [InlineData("hy", "hy-AM")]
    [InlineData("az", "az-AZ")]
    public async Task Staff_pages_fit_a_360_px_screen_without_console_errors(string lang, string locale)
    {
        var (session, id, _) = await ScreeningBrowserKit.OrganiserWithScreeningAsync(fixture, locale, Phone);
        await using var _ = session;
        await session.RunAsync("narrow-" + lang, async () =>
        {
            var page = session.Page;

            // A line in the moderation log first, so that the log is on the page.
            await session.GotoAsync($"/{lang}/screenings/{id}/dialogue");
            await page.GetByTestId("seed-form").Locator("textarea[name=text]").FillAsync("Մենք կարող ենք խոսել միմյանց հետ։");
            await page.GetByTestId("seed-form").Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(page.GetByTestId("moderation-log").Locator("tr").First).ToBeVisibleAsync();
            await AssertFitsAsync(page, "moderation page");

            await session.GotoAsync($"/{lang}/screenings");
            await Assertions.Expect(page.GetByTestId("screenings-table")).ToBeVisibleAsync();
            await AssertFitsAsync(page, "screenings list");

            await session.GotoAsync($"/{lang}/screenings/{id}/pack");
            await Assertions.Expect(page.GetByTestId("pack")).ToBeVisibleAsync();
            await AssertFitsAsync(page, "facilitator pack");

            // A form sent with an empty discussion time comes back with its errors (the validation summary
            // is where the framework used to put an inline style).
            await session.GotoAsync($"/{lang}/screenings/{id}/edit");
            await page.Locator("#Input_DiscussionMinutes").FillAsync("");
            await page.Locator("form.stacked-form button[type=submit]").ClickAsync();
            await Assertions.Expect(page.GetByTestId("discussion-error")).Not.ToBeEmptyAsync();
            await Assertions.Expect(page.Locator(".validation-summary-errors")).ToBeVisibleAsync();
            await AssertFitsAsync(page, "screening form with errors");
            await session.ScreenshotAsync("narrow-" + lang);

            session.AssertNoProblems();
        });
    }

    private static async Task AssertFitsAsync(IPage page, string what)
    {
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (width > 360)
        {
            var culprits = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > 361)
                    .slice(0, 5)
                    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)} px)`)
                """);
            Assert.Fail($"{what} at {page.Url} is {width} px wide at 360 px: {string.Join(", ", culprits)}");
        }
    }
}
