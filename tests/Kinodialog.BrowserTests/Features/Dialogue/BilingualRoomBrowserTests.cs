using System.Diagnostics;
using System.Text.RegularExpressions;
using Kinodialog.BrowserTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Kinodialog.BrowserTests.Features.Dialogue;

/// <summary>
/// A 12-phone Armenian–Azerbaijani room end to end: 6 phones in Armenian declaring the Armenian community,
/// 6 in Azerbaijani declaring the Azerbaijani one, voting by a fixed plan; the projector's lists are checked
/// against tallies worked out by hand from the README's "What the room is shown".
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class BilingualRoomBrowserTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const int PerCommunity = 6;

    private static readonly string[] Statements =
    [
        "Ordinary people on both sides want peace.",
        "The film showed the war fairly.",
        "Nothing can ever change between our peoples.",
        "We should meet again to watch another film.",
    ];

    private const string Proposal = "Filmdən sonra bir-birimizi daha yaxşı başa düşürük.";

    private const string ProposalInArmenian = "Ֆիլմից հետո մենք ավելի լավ ենք հասկանում միմյանց։";

    private static readonly ViewportSize PhoneSize = new() { Width = 360, Height = 740 };

    private static readonly ViewportSize ProjectorSize = new() { Width = 1280, Height = 720 };

    // The voting plan: statement number → community → the vote of phone i (0–5) of that community.
    // A, D, P: agree, disagree, pass; S = A + D + P; smoothed share (A+1)/(S+2); k = 5 (both sides shown: 6 voters each).
    //
    //  #  statement                 Armenians (hy)       Azerbaijanis (az)    room         lists
    //  1  all agree                 6A 0D 0P: 7/8=.875   6A 0D 0P: 7/8=.875   12A          agree (score min = .875)
    //  2  split                     6A 0D 0P: 7/8=.875   1A 5D 0P: agree      7A 5D        none: az agrees 1 ≤ 5 disagree;
    //                                                    only 2/8=.25                      hy disagrees 0 ≤ 6 agree
    //  3  both disagree             0A 5D 1P: D 6/8=.75  0A 6D 0P: D 7/8=.875 11D 1P       disagree (score min = .75)
    //  4  near threshold            3A 2D 1P: 4/8=.5     4A 2D 0P: 5/8=.625   7A 4D 1P     none: hy has a majority agreeing (3 > 2)
    //                                                                                      but .5 < .6 (az alone would pass)
    //  5  az proposal, translated   1A (phone hy-0)      —                    1A           none; its split shows the room's
    //                                                                                      bar only (1 voter < k)
    //
    // Where both agree: [1]. Where both disagree: [3]. Votes: 12 × 4 = 48, then 49; participants (voters): 12.
    // Bridging: no opinion groups below 15 people in the map, so no bridging list ("no-groups" says why).
    private static string Plan(int number, string community, int i) => (number, community) switch
    {
        (1, _) => "agree",
        (2, "armenian") => "agree",
        (2, _) => i == 0 ? "agree" : "disagree",
        (3, "armenian") => i < 5 ? "disagree" : "pass",
        (3, _) => "disagree",
        (4, "armenian") => i < 3 ? "agree" : i < 5 ? "disagree" : "pass",
        (4, _) => i < 4 ? "agree" : "disagree",
        _ => throw new ArgumentOutOfRangeException(nameof(number)),
    };

    /// <summary>"Where both communities agree" and "where both disagree", by the table above.</summary>
    private static readonly int[] BothAgree = [1];

    private static readonly int[] BothDisagree = [3];

    // Expected bars per statement: (Armenians A, D, P), (Azerbaijanis A, D, P), from the plan above.
    private static readonly Dictionary<int, (int[] Armenian, int[] Azerbaijani)> Bars = new()
    {
        [1] = ([6, 0, 0], [6, 0, 0]),
        [2] = ([6, 0, 0], [1, 5, 0]),
        [3] = ([0, 5, 1], [0, 6, 0]),
        [4] = ([3, 2, 1], [4, 2, 0]),
    };

    [Fact]
    public async Task A_bilingual_room_of_twelve_phones_sees_its_agreements_and_a_proposal_translated_live()
    {
        var watch = Stopwatch.StartNew();
        var (organiser, id, code) = await ScreeningBrowserKit.OrganiserWithScreeningAsync(fixture, audienceCultures: ["hy", "az-Latn"]);
        await using var _ = organiser;
        var page = organiser.Page;
        await organiser.RunAsync("room-seed", async () =>
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
        });
        var numbers = await fixture.App.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == id).ToDictionaryAsync(s => s.Id.ToString(), s => s.Number));
        Assert.Equal([1, 2, 3, 4], numbers.Values.Order());

        // The projector in a window of its own, at 1280×720, before anyone has joined.
        await using var projector = await ScreeningBrowserKit.SecondWindowAsync(fixture, organiser, ProjectorSize);
        var screen = projector.Page;
        await projector.RunAsync("room-projector-before", async () =>
        {
            await projector.GotoAsync($"/en/screenings/{id}/projector");
            await Assertions.Expect(screen.GetByTestId("projector-join-code")).ToHaveTextAsync(code);
            await screen.EvaluateAsync("() => { window.kdNotReloaded = true; }");
            await ScreenshotAsync(projector, "room-projector-1-before-votes");
        });

        var phones = new List<(BrowserSession Session, string Community, int Index)>();
        try
        {
            var plan = new[] { ("hy-AM", "armenian", "hy"), ("az-AZ", "azerbaijani", "az") }
                .SelectMany(c => Enumerable.Range(0, PerCommunity).Select(i => (Locale: c.Item1, Community: c.Item2, Segment: c.Item3, Index: i)))
                .ToList();
            foreach (var (locale, community, _, i) in plan)
            {
                phones.Add(((await fixture.NewSessionAsync(locale, PhoneSize)).Watch(), community, i));
            }

            // Three phones at a time (a 2-core machine): each joins and votes through its own card.
            foreach (var batch in plan.Zip(phones).Chunk(3))
            {
                await Task.WhenAll(batch.Select(b => JoinAndVoteAsync(b.Second.Session, code, b.First.Community, b.First.Segment, b.First.Index, numbers)));
            }

            output.WriteLine($"12 phones joined and voted: {watch.Elapsed.TotalSeconds:F1} s");
            Assert.Equal(48, await fixture.App.WithDbAsync(db => db.Votes.CountAsync(v => v.ScreeningId == id)));
            await phones[0].Session.AssertAccessibleAsync();
            await phones[0].Session.ScreenshotAsync("room-hy-phone-idle");

            await projector.RunAsync("room-projector-after-votes", async () =>
            {
                await Assertions.Expect(screen.GetByTestId("dialogue-votes")).ToHaveTextAsync("48", new() { Timeout = 30_000 });
                await Assertions.Expect(screen.GetByTestId("dialogue-participants")).ToHaveTextAsync("12");
                await Assertions.Expect(screen.GetByTestId("projector-join-corner")).ToContainTextAsync(code);
                Assert.Equal(BothAgree, await NumbersAsync(screen, "community-agree"));
                Assert.Equal(BothDisagree, await NumbersAsync(screen, "community-disagree"));
                await Assertions.Expect(screen.GetByTestId("community-agree-none")).ToHaveCountAsync(0);
                await Assertions.Expect(screen.GetByTestId("community-disagree-none")).ToHaveCountAsync(0);
                await Assertions.Expect(screen.GetByTestId("communities-too-few")).ToBeHiddenAsync();
                await Assertions.Expect(screen.GetByTestId("no-groups")).ToHaveAttributeAsync("data-reason", "too-few");
                foreach (var (number, (armenian, azerbaijani)) in Bars)
                {
                    await ExpectBarAsync(screen, number, "", armenian.Zip(azerbaijani, (a, b) => a + b).ToArray());
                    await ExpectBarAsync(screen, number, "armenian", armenian);
                    await ExpectBarAsync(screen, number, "azerbaijani", azerbaijani);
                }

                Assert.True(await screen.EvaluateAsync<bool>("() => window.kdNotReloaded === true"), "the projector page reloaded");
                await projector.AssertAccessibleAsync();
                await ScreenshotAsync(projector, "room-projector-2-after-votes");
            });

            // An Azerbaijani phone proposes a statement in Azerbaijani; the organiser accepts it while the
            // phones are idle, and it reaches an idle Armenian phone without anyone reloading.
            var proposer = phones.First(p => p.Community == "azerbaijani").Session;
            var idle = phones[0].Session;

            // The organiser has the moderation page open before the proposal arrives, and leaves it alone.
            await organiser.RunAsync("room-moderation-open", async () =>
            {
                await organiser.GotoAsync($"/en/screenings/{id}/dialogue");
                await Assertions.Expect(page.GetByTestId("pending-count")).ToHaveTextAsync("0");
                await page.EvaluateAsync("() => { window.kdNotReloaded = true; }");
            });
            await proposer.RunAsync("room-propose", async () =>
            {
                await proposer.Page.Locator("details.propose summary").ClickAsync();
                await proposer.Page.Locator("[data-testid=propose-form] textarea[name=text]").FillAsync(Proposal);
                await proposer.Page.Locator("[data-testid=propose-form] button[type=submit]").ClickAsync();
                await Assertions.Expect(proposer.Page.GetByTestId("dialogue-notice")).ToBeVisibleAsync();
            });
            await organiser.RunAsync("room-accept-and-translate", async () =>
            {
                // The proposal appears in the open moderation queue by itself, with the count in its heading.
                var queued = page.Locator("[data-testid=queued-statement]", new() { HasText = Proposal });
                await Assertions.Expect(queued).ToBeVisibleAsync(new() { Timeout = 30_000 });
                await Assertions.Expect(page.GetByTestId("pending-count")).ToHaveTextAsync("1");
                Assert.True(await page.EvaluateAsync<bool>("() => window.kdNotReloaded === true"), "the moderation page reloaded");
                await organiser.ScreenshotAsync("room-moderation-live");
                await queued.Locator("button[name=status][value=Accepted]").ClickAsync();
                var accepted = page.Locator("[data-testid=statement][data-status=Accepted]", new() { HasText = Proposal });
                await Assertions.Expect(accepted).ToBeVisibleAsync();
                await Assertions.Expect(idle.Page.GetByTestId("statement-text")).ToHaveTextAsync(Proposal, new() { Timeout = 30_000 });
                await Assertions.Expect(idle.Page.GetByTestId("statement-language")).ToBeVisibleAsync();
                await idle.Page.EvaluateAsync("() => { window.kdNotReloaded = true; }");

                // Translated into Armenian from the moderation page: the idle phone shows the translation by itself.
                var form = accepted.Locator("[data-testid=translate-form][data-culture=hy]");
                await form.Locator("textarea[name=text]").FillAsync(ProposalInArmenian);
                await form.Locator("button[type=submit]").ClickAsync();
                await Assertions.Expect(page.Locator("[data-testid=statement][data-status=Accepted]", new() { HasText = Proposal }).Locator("[data-testid=translation][data-culture=hy]")).ToBeAttachedAsync();
            });
            await idle.RunAsync("room-translation-reaches-phone", async () =>
            {
                var p = idle.Page;
                await Assertions.Expect(p.GetByTestId("statement-text")).ToHaveTextAsync(ProposalInArmenian, new() { Timeout = 30_000 });
                await Assertions.Expect(p.GetByTestId("statement-translated")).ToBeVisibleAsync();
                await idle.ScreenshotAsync("room-hy-phone-translated");
                // The original on demand.
                await p.GetByTestId("show-original").ClickAsync();
                await Assertions.Expect(p.GetByTestId("statement-text")).ToHaveTextAsync(Proposal);
                await Assertions.Expect(p.GetByTestId("statement-text")).ToHaveAttributeAsync("lang", "az-Latn");
                await p.GetByTestId("vote-agree").ClickAsync();
                await Assertions.Expect(p.GetByTestId("no-statement")).ToBeVisibleAsync(new() { Timeout = 20_000 });
            });

            await projector.RunAsync("room-projector-after-proposal", async () =>
            {
                await Assertions.Expect(screen.GetByTestId("dialogue-votes")).ToHaveTextAsync("49", new() { Timeout = 30_000 });
                await Assertions.Expect(screen.GetByTestId("dialogue-participants")).ToHaveTextAsync("12");
                var split = screen.Locator("[data-testid=dialogue-split][data-number='5']");
                await Assertions.Expect(split.Locator("[data-testid=statement-text][data-culture=hy]")).ToHaveTextAsync(ProposalInArmenian);
                await Assertions.Expect(split.Locator("[data-testid=statement-text][data-culture=az-Latn]")).ToHaveTextAsync(Proposal);
                // One voter on #5: only the room's bar, no community's.
                await Assertions.Expect(split.GetByTestId("split-bar")).ToHaveCountAsync(1);
                await ExpectBarAsync(screen, 5, "", [1, 0, 0]);
                Assert.Equal(BothAgree, await NumbersAsync(screen, "community-agree"));
                Assert.Equal(BothDisagree, await NumbersAsync(screen, "community-disagree"));
                Assert.True(await screen.EvaluateAsync<bool>("() => window.kdNotReloaded === true"), "the projector page reloaded");
                await ScreenshotAsync(projector, "room-projector-3-after-translated-proposal");
            });

            foreach (var (phone, _, _) in phones)
            {
                phone.AssertNoProblems();
            }

            projector.AssertNoProblems();
            organiser.AssertNoProblems();
            output.WriteLine($"whole room: {watch.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            foreach (var (phone, _, _) in phones)
            {
                await phone.DisposeAsync();
            }
        }
    }

    /// <summary>A phone joins through the QR code's link, declares its community and votes on every statement by the plan.</summary>
    private static Task JoinAndVoteAsync(BrowserSession phone, string code, string community, string segment, int index, Dictionary<string, int> numbers) =>
        phone.RunAsync($"room-phone-{segment}-{index}", async () =>
        {
            var p = phone.Page;
            // The QR code's link joins in one tap, in the phone's own language.
            await phone.GotoAsync($"/join?code={code}");
            await Assertions.Expect(p).ToHaveURLAsync(new Regex($"/{segment}/s/{code}"));
            await p.Locator($"input[name='a.community'][value='{community}']").CheckAsync();
            await p.Locator("form.survey button[type=submit]").ClickAsync();
            for (var n = 0; n < Statements.Length; n++)
            {
                var card = p.GetByTestId("statement-card");
                await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = 15_000 });
                var shown = (await card.GetAttributeAsync("data-statement"))!;
                await p.GetByTestId("vote-" + Plan(numbers[shown], community, index)).ClickAsync();
                await Assertions.Expect(p.Locator($"[data-testid=statement-card][data-statement='{shown}']")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
            }

            // Voted on everything: the page reloads once its votes are sent, and waits.
            await Assertions.Expect(p.GetByTestId("no-statement")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        });

    /// <summary>The statement numbers of a list on the projector, in order.</summary>
    private static async Task<int[]> NumbersAsync(IPage page, string list)
    {
        var numbers = await page.Locator($"[data-testid={list}] li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.number)");
        return [.. numbers.Select(int.Parse)];
    }

    private static async Task ExpectBarAsync(IPage page, int number, string community, int[] agreeDisagreePass)
    {
        var bar = page.Locator($"[data-testid=dialogue-split][data-number='{number}'] [data-testid=split-bar][data-community='{community}']");
        await Assertions.Expect(bar).ToHaveAttributeAsync("data-agree", agreeDisagreePass[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(bar).ToHaveAttributeAsync("data-disagree", agreeDisagreePass[1].ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(bar).ToHaveAttributeAsync("data-pass", agreeDisagreePass[2].ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A screenshot of exactly what the projector shows (1280×720, not the whole page).</summary>
    private static async Task ScreenshotAsync(BrowserSession projector, string name) =>
        await projector.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, name + ".png") });
}
