using System.Text.Json;
using Kinodialog.BrowserTests.Infrastructure;
using Kinodialog.Core.Surveys;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Questionnaires;
using Kinodialog.Web.Features.Surveys;
using Kinodialog.Web.Tests.Features.Surveys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kinodialog.BrowserTests.Features.Surveys;

[Collection(BrowserTestGroup.Name)]
public sealed class SurveyResultsBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Twelve_pairs_read_aloud_in_Armenian_and_Azerbaijani_with_visible_distributions()
    {
        // Issue 15, part 4: at 12 pairs the results page showed empty grey bars and nothing to read aloud.
        var (organiser, id, _) = await ScreeningBrowserKit.OrganiserWithScreeningAsync(fixture);
        await using var _ = organiser;
        var version = await fixture.App.WithServicesAsync(async sp => (await sp.GetRequiredService<QuestionnaireCatalog>().DefaultAsync(CancellationToken.None)).VersionId);
        var now = fixture.App.Clock.GetUtcNow().UtcDateTime;
        await fixture.App.WithDbAsync(async db =>
        {
            foreach (var (pre, post) in SurveyTestKit.TwelvePeople())
            {
                var participant = new Participant { ScreeningId = id, TokenHash = Guid.NewGuid().ToString("N"), Culture = "hy", JoinedAt = now };
                db.Participants.Add(participant);
                foreach (var (phase, answers, at) in new[] { (SurveyPhase.Pre, pre, now), (SurveyPhase.Post, post, now.AddMinutes(40)) })
                {
                    db.SurveyResponses.Add(new SurveyResponse
                    {
                        Id = Guid.CreateVersion7(),
                        ScreeningId = id,
                        ParticipantId = participant.Id,
                        QuestionnaireVersionId = version,
                        Phase = phase,
                        Source = ResponseSource.Phone,
                        ReceivedAt = at,
                        Answers = JsonSerializer.Serialize(answers),
                    });
                }
            }

            return await db.SaveChangesAsync();
        });

        var page = organiser.Page;
        var expected = new Dictionary<string, (string Business, string Again)>(StringComparer.Ordinal)
        {
            ["hy"] = ("Ֆիլմերից առաջ 12-ից 0-ը պատասխանեց «Կհավանեի», ֆիլմերից հետո՝ 12-ից 6-ը։", "Ֆիլմերից հետո 12-ից 7-ը պատասխանեց «Այո»։"),
            ["az"] = ("Filmlərdən əvvəl 12 nəfərdən 0 nəfəri “Bəyənərdim” cavabını verdi; filmlərdən sonra 12 nəfərdən 6 nəfəri.", "Filmlərdən sonra 12 nəfərdən 7 nəfəri “Bəli” cavabını verdi."),
        };
        foreach (var (culture, (business, again)) in expected)
        {
            await organiser.RunAsync($"{culture}-survey-results-12-pairs", async () =>
            {
                await organiser.GotoAsync($"/{culture}/screenings/{id}/results");
                await Assertions.Expect(page.Locator("[data-testid=question-result][data-key=business] [data-testid=read-aloud]")).ToContainTextAsync(business);
                await Assertions.Expect(page.Locator("[data-testid=after-only-result][data-key=again] [data-testid=read-aloud]")).ToHaveTextAsync(again);

                // Trust: the distributions stand in for the hidden movement counts, drawn with numbers in them.
                var bars = page.Locator("[data-testid=question-result][data-key=trust] [data-testid=distribution] svg.chart rect");
                await Assertions.Expect(bars.First).ToBeVisibleAsync();
                Assert.True(await bars.CountAsync() >= 4);
                var box = await bars.First.BoundingBoxAsync();
                Assert.True(box is { Width: > 20, Height: > 10 }, "The first bar of the distribution is drawn.");
                await Assertions.Expect(page.Locator("[data-testid=question-result][data-key=trust] [data-testid=distribution] svg.chart text").First).ToHaveTextAsync("7");
                await Assertions.Expect(page.Locator("[data-testid=after-only-result][data-key=again] [data-testid=distribution] svg.chart rect").First).ToBeVisibleAsync();
                await organiser.ScreenshotAsync($"{culture}-survey-results-12-pairs");
            });
        }

        organiser.AssertNoProblems();
    }
}
