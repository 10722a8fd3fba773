using Kinodialog.BrowserTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Kinodialog.BrowserTests.Features.Dialogue;

[Collection(BrowserTestGroup.Name)]
public sealed class DialogueBrowserTests(BrowserFixture fixture)
{
    private static readonly string[] Statements = ["Ordinary people on both sides want peace.", "Mixed families should be left in peace.", "Films like these should be shown in schools."];

    private static readonly string[] PhoneLocales = ["hy-AM", "az-AZ", "ru-RU"];

    [Fact]
    public async Task Three_phones_vote_and_the_projector_counts_their_votes_without_reloading()
    {
        var (organiser, id, code) = await ScreeningBrowserKit.OrganiserWithScreeningAsync(fixture);
        await using var _ = organiser;
        var page = organiser.Page;
        await organiser.RunAsync("dialogue-seed", async () =>
        {
            await organiser.GotoAsync($"/en/screenings/{id}/dialogue");
            foreach (var text in Statements)
            {
                await page.Locator("[data-testid=seed-form] textarea[name=text]").FillAsync(text);
                await page.Locator("[data-testid=seed-form] button[type=submit]").ClickAsync();
                await Assertions.Expect(page.Locator("[data-testid=statement]", new() { HasText = text })).ToBeVisibleAsync();
            }

            await organiser.GotoAsync($"/en/screenings/{id}/run");
            await page.Locator("button[name=stage][value=Dialogue]").ClickAsync();
            await Assertions.Expect(page.GetByTestId("stage")).ToHaveTextAsync("Dialogue");
            await organiser.GotoAsync($"/en/screenings/{id}/dialogue/live");
            await Assertions.Expect(page.GetByTestId("dialogue-votes")).ToHaveTextAsync("0");
            await page.EvaluateAsync("() => { window.kdNotReloaded = true; }");
        });

        var phones = new List<BrowserSession>();
        try
        {
            foreach (var locale in PhoneLocales)
            {
                var phone = (await fixture.NewSessionAsync(locale, new ViewportSize { Width = 360, Height = 740 })).Watch();
                phones.Add(phone);
                await phone.RunAsync("dialogue-phone-" + locale, async () =>
                {
                    // The QR code's link joins in one tap.
                    await phone.GotoAsync($"/join?code={code}");
                    await phone.Page.Locator("form.survey button[type=submit]").ClickAsync();
                    await Assertions.Expect(phone.Page.GetByTestId("statement-card")).ToBeVisibleAsync(new() { Timeout = 15_000 });
                    var first = await phone.Page.GetByTestId("statement-card").GetAttributeAsync("data-statement");
                    await phone.Page.GetByTestId("vote-agree").ClickAsync();
                    // The next statement replaces the one just voted on.
                    await Assertions.Expect(phone.Page.Locator($"[data-testid=statement-card][data-statement='{first}']")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
                });
            }

            await phones[0].AssertAccessibleAsync();
            await phones[0].ScreenshotAsync("hy-phone-dialogue");
            await organiser.RunAsync("dialogue-live", async () =>
            {
                await Assertions.Expect(page.GetByTestId("dialogue-votes")).ToHaveTextAsync("3", new() { Timeout = 30_000 });
                await Assertions.Expect(page.GetByTestId("dialogue-participants")).ToHaveTextAsync("3");
                Assert.True(await page.EvaluateAsync<bool>("() => window.kdNotReloaded === true"), "the projector page reloaded");
                await organiser.AssertAccessibleAsync();
                await organiser.ScreenshotAsync("en-dialogue-live");
            });

            // The Azerbaijani phone loses its connection: it goes on with the statements its page
            // carries, the votes wait on the phone, and arrive (once each) when the connection is back.
            var offline = phones[1];
            await offline.RunAsync("dialogue-offline", async () =>
            {
                var phonePage = offline.Page;
                await Assertions.Expect(phonePage.GetByTestId("joined")).ToHaveAttributeAsync("data-js", "ready", new() { Timeout = 15_000 });
                await offline.Context.SetOfflineAsync(true);
                var seen = new HashSet<string>();
                for (var i = 0; i < 2; i++)
                {
                    var shown = (await phonePage.GetByTestId("statement-card").GetAttributeAsync("data-statement"))!;
                    Assert.True(seen.Add(shown), "the same statement came twice");
                    await phonePage.GetByTestId(i == 0 ? "vote-disagree" : "vote-pass").ClickAsync();
                    if (i == 0)
                    {
                        await Assertions.Expect(phonePage.Locator($"[data-testid=statement-card][data-statement='{shown}']")).ToHaveCountAsync(0);
                    }
                }

                await Assertions.Expect(phonePage.GetByTestId("votes-waiting")).ToBeVisibleAsync(new() { Timeout = 15_000 });
                await offline.ScreenshotAsync("az-phone-dialogue-offline");
                Assert.Equal(3, await fixture.App.WithDbAsync(db => db.Votes.CountAsync(v => v.ScreeningId == id)));

                await offline.Context.SetOfflineAsync(false);
                await Assertions.Expect(phonePage.GetByTestId("no-statement")).ToBeVisibleAsync(new() { Timeout = 30_000 });
                Assert.Equal(5, await fixture.App.WithDbAsync(db => db.Votes.CountAsync(v => v.ScreeningId == id)));
                await Assertions.Expect(page.GetByTestId("dialogue-votes")).ToHaveTextAsync("5", new() { Timeout = 30_000 });
            });

            // A statement accepted while a phone has nothing left to vote on reaches it without anyone reloading.
            await organiser.RunAsync("statement-reaches-idle-phone", async () =>
            {
                const string late = "A statement accepted while the phones wait.";
                await organiser.GotoAsync($"/en/screenings/{id}/dialogue");
                await page.Locator("[data-testid=seed-form] textarea[name=text]").FillAsync(late);
                await page.Locator("[data-testid=seed-form] button[type=submit]").ClickAsync();
                await Assertions.Expect(phones[1].Page.GetByTestId("statement-text")).ToHaveTextAsync(late, new() { Timeout = 30_000 });
            });

            // The projector view at 1280×720: no staff chrome, the join code in a corner, the room's votes above the fold.
            await organiser.RunAsync("projector", async () =>
            {
                await page.SetViewportSizeAsync(1280, 720);
                await organiser.GotoAsync($"/en/screenings/{id}/projector");
                await Assertions.Expect(page.GetByTestId("projector-join-corner")).ToContainTextAsync(code);
                await Assertions.Expect(page.GetByTestId("signed-in-as")).ToHaveCountAsync(0);
                await Assertions.Expect(page.GetByTestId("dialogue-splits")).ToBeVisibleAsync();
                // Measured in one go inside the page: the summary is swapped in anew on every change of the screening.
                var splitsTop = await page.EvaluateAsync<double>("() => document.querySelector('[data-testid=dialogue-splits]').getBoundingClientRect().top");
                Assert.True(splitsTop + 60 < 720, $"the room's votes start at {splitsTop} px, below the fold of a 720 px projector");
                Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1280"), "the projector view is wider than 1280 px");
                await organiser.AssertAccessibleAsync();
                await organiser.ScreenshotAsync("en-projector-1280x720");
            });

            foreach (var phone in phones)
            {
                phone.AssertNoProblems("net::ERR_INTERNET_DISCONNECTED");
            }

            organiser.AssertNoProblems();
        }
        finally
        {
            foreach (var phone in phones)
            {
                await phone.DisposeAsync();
            }
        }
    }
}
