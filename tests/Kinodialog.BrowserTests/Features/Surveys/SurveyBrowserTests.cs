using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kinodialog.BrowserTests.Infrastructure;
using Kinodialog.Core.Surveys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Kinodialog.BrowserTests.Features.Surveys;

[Collection(BrowserTestGroup.Name)]
public sealed class SurveyBrowserTests(BrowserFixture fixture, ITestOutputHelper output)
{
    public const int MaxPageBytes = 50 * 1024;

    /// <summary>Loads a page with the browser cache off and adds up what it transferred (document, CSS, JS) and their sizes unpacked.</summary>
    private static async Task<(long Transferred, long Uncompressed)> WeighAsync(IPage page, Func<Task> load)
    {
        var finished = new List<IRequest>();
        void Record(object? sender, IRequest request) => finished.Add(request);
        page.RequestFinished += Record;
        try
        {
            await load();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        finally
        {
            page.RequestFinished -= Record;
        }

        long transferred = 0, uncompressed = 0;
        foreach (var request in finished.Where(r => r.ResourceType is "document" or "stylesheet" or "script"))
        {
            var sizes = await request.SizesAsync();
            transferred += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
            var response = await request.ResponseAsync();
            if (response is null || response.Status is >= 300 and < 400)
            {
                continue;
            }

            try
            {
                uncompressed += (await response.BodyAsync()).Length;
            }
            catch (PlaywrightException)
            {
                // The body of a page already navigated away from is gone; count what was transferred.
                uncompressed += sizes.ResponseBodySize;
            }
        }

        return (transferred, uncompressed);
    }

    [Fact]
    public async Task A_phone_on_a_slow_network_answers_before_and_after_resends_when_back_online_and_the_organiser_sees_one_matched_pair()
    {
        var (organiser, id, code) = await ScreeningBrowserKit.OrganiserWithScreeningAsync(fixture);
        await using var _ = organiser;
        var run = organiser.Page;
        await organiser.GotoAsync($"/en/screenings/{id}/run");

        await using var phone = (await fixture.NewSessionAsync("hy-AM", new ViewportSize { Width = 360, Height = 740 })).Watch();
        var page = phone.Page;
        var cdp = await phone.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.setCacheDisabled", new Dictionary<string, object> { ["cacheDisabled"] = true });
        // A weak mobile connection: 150 ms latency, 64 KB/s down, 32 KB/s up; or none at all.
        async Task Network(bool offline) => await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = offline,
            ["latency"] = 150,
            ["downloadThroughput"] = 64 * 1024,
            ["uploadThroughput"] = 32 * 1024,
        });
        await Network(offline: false);
        var weights = new List<string>();
        async Task Weigh(string name, Func<Task> load)
        {
            var (transferred, uncompressed) = await WeighAsync(page, load);
            var line = string.Create(CultureInfo.InvariantCulture, $"{name}: {transferred / 1024.0:0.0} KB transferred, {uncompressed / 1024.0:0.0} KB uncompressed (HTML + CSS + JS)");
            weights.Add(line);
            output.WriteLine(line);
            Assert.True(transferred <= MaxPageBytes, line);
        }

        await phone.RunAsync("survey-journey", async () =>
        {
            // The QR code's link joins in one tap, in the phone's language.
            await Weigh("profile page", () => phone.GotoAsync($"/join?code={code}"));
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/hy/s/{code}"));
            await Assertions.Expect(page.GetByTestId("joined")).ToHaveAttributeAsync("data-showing", "profile");
            await phone.AssertAccessibleAsync();
            await phone.ScreenshotAsync("hy-phone-profile");
            await page.Locator("input[name='a.community'][value='azerbaijani']").CheckAsync();
            await page.Locator("form.survey button[type=submit]").ClickAsync();
            await Assertions.Expect(page.GetByTestId("joined")).ToHaveAttributeAsync("data-showing", "waiting", new() { Timeout = 15_000 });

            // The facilitator opens the pre-survey; the phone follows without a reload by hand.
            await run.Locator("button[name=stage][value=PreSurvey]").ClickAsync();
            await Assertions.Expect(page.GetByTestId("survey-form")).ToHaveAttributeAsync("data-phase", "pre", new() { Timeout = 15_000 });
            await Weigh("pre-survey page", () => page.ReloadAsync());
            await Assertions.Expect(page.Locator("[data-q=business] legend")).ToContainTextAsync("հայերի");
            await phone.AssertAccessibleAsync();
            await phone.ScreenshotAsync("hy-phone-pre-survey");
            await page.Locator("input[name='a.business'][value='disapprove']").CheckAsync();
            await page.Locator("input[type=number][name='a.warmth']").FillAsync("30");
            await page.Locator("input[name='a.trust'][value='2']").CheckAsync();
            await page.Locator("form.survey button[type=submit]").ClickAsync();
            await Assertions.Expect(page.GetByTestId("joined")).ToHaveAttributeAsync("data-showing", "thanks", new() { Timeout = 15_000 });
            // The projector counts who has answered, live.
            await Assertions.Expect(run.GetByTestId("answered-count")).ToHaveTextAsync("1", new() { Timeout = 10_000 });

            await run.Locator("button[name=stage][value=Films]").ClickAsync();
            await Assertions.Expect(page.GetByTestId("joined")).ToHaveAttributeAsync("data-showing", "films", new() { Timeout = 15_000 });
            await run.Locator("button[name=stage][value=PostSurvey]").ClickAsync();
            await Assertions.Expect(page.GetByTestId("survey-form")).ToHaveAttributeAsync("data-phase", "post", new() { Timeout = 15_000 });

            // The connection drops while answering (once the page's script has arrived): the answers wait on the phone.
            await Assertions.Expect(page.GetByTestId("joined")).ToHaveAttributeAsync("data-js", "ready", new() { Timeout = 15_000 });
            await Network(offline: true);
            await page.Locator("input[name='a.business'][value='approve']").CheckAsync();
            await page.Locator("input[type=number][name='a.warmth']").FillAsync("70");
            await page.Locator("input[name='a.trust'][value='4']").CheckAsync();
            await page.Locator("form.survey button[type=submit]").ClickAsync();
            await Assertions.Expect(page.GetByTestId("outbox-status")).ToBeVisibleAsync();
            await phone.ScreenshotAsync("hy-phone-offline");
            Assert.Equal(0, await fixture.App.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.ScreeningId == id && r.Phase == SurveyPhase.Post)));

            await Network(offline: false);
            await Assertions.Expect(page.GetByTestId("joined")).ToHaveAttributeAsync("data-showing", "thanks", new() { Timeout = 20_000 });
            var stored = await fixture.App.WithDbAsync(db => db.SurveyResponses.Where(r => r.ScreeningId == id && r.Phase == SurveyPhase.Post).ToListAsync());
            Assert.Single(stored);
            Assert.Equal("70", JsonSerializer.Deserialize<Dictionary<string, string>>(stored[0].Answers)!["warmth"]);

            // The same answer set sent again (as after a flaky acknowledgement) is acknowledged, not stored twice.
            var outbox = $"kd-outbox-{code}";
            var again = JsonSerializer.Serialize(new[] { new { id = stored[0].Id, phase = "post", questionnaireVersion = stored[0].QuestionnaireVersionId, answers = new Dictionary<string, string> { ["warmth"] = "70" } } });
            await page.EvaluateAsync("([k, v]) => localStorage.setItem(k, v)", new[] { outbox, again });
            await page.ReloadAsync();
            await page.WaitForFunctionAsync("k => (localStorage.getItem(k) || '[]') === '[]'", outbox);
            Assert.Equal(1, await fixture.App.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.ScreeningId == id && r.Phase == SurveyPhase.Post)));
        });

        await organiser.RunAsync("survey-results", async () =>
        {
            await organiser.GotoAsync($"/en/screenings/{id}/results");
            await Assertions.Expect(run.GetByTestId("count-matched")).ToHaveTextAsync("1");
            await Assertions.Expect(run.Locator("[data-testid=question-result][data-key=trust] [data-testid=suppressed]")).ToBeVisibleAsync();
            await organiser.AssertAccessibleAsync();
            await organiser.ScreenshotAsync("en-survey-results");
        });

        await File.WriteAllLinesAsync(Path.Combine(BrowserFixture.ArtifactsDirectory, "audience-page-weight.txt"), weights);
        phone.AssertNoProblems("net::ERR_INTERNET_DISCONNECTED");
        organiser.AssertNoProblems();
    }
}
