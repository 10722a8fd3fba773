using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Surveys;

/// <summary>
/// Issue 14, item 4 and issue 15, item 4 on the results and impact pages: no count of the people who said
/// "don't know" or skipped can be worked out by subtraction, and thermometer questions show binned distributions.
/// A class of its own: the join limit (per address and minute, on a clock that does not move) is per app.
/// </summary>
public abstract class SurveyDisclosureTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private Task<(Guid Id, string Code)> ScreeningWithAnswersAsync(TestClient organiser, int azerbaijani, int armenian, int coexistPairs, int others = 0) =>
        SurveyTestKit.ScreeningWithAnswersAsync(factory, organiser, azerbaijani, armenian, coexistPairs, others);

    private Task<Guid> ScreeningWithPairsAsync(TestClient organiser, List<(Dictionary<string, string> Pre, Dictionary<string, string> Post)> people) =>
        SurveyTestKit.ScreeningWithPairsAsync(factory, organiser, people);

    /// <summary>The reader's subtraction: every whole number of a question's counts line and distribution table
    /// taken from the totals at the top of the page.</summary>
    private static List<string> Differences(IHtmlDocument page, string selector)
    {
        int Total(string id) => int.Parse(page.QuerySelector($"[data-testid={id}]")!.TextContent.Trim(), CultureInfo.InvariantCulture);
        var totals = new Dictionary<string, int> { ["before"] = Total("count-pre"), ["after"] = Total("count-post"), ["matched"] = Total("count-matched") };
        var shown = new List<int>();
        foreach (var element in page.QuerySelectorAll(selector + " [data-testid=question-counts], " + selector + " [data-testid=distribution] tbody td"))
        {
            shown.AddRange(Regex.Matches(element.TextContent, @"(?<![\d.,])\d+(?![\d.,]\d)").Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)));
        }

        return [.. totals.SelectMany(t => shown.Where(n => t.Value - n is > 0 and < 5).Select(n => $"{t.Key} {t.Value} - {n} = {t.Value - n}"))];
    }

    [Fact]
    public async Task No_count_of_the_people_who_said_dont_know_or_skipped_can_be_worked_out_by_subtraction()
    {
        // Issue 14, item 4: 12 matched pairs at the top, "pairs: 10" for business: 12 − 10 = 2 said "don't know";
        // "answers: 10" for "again" after the films: 12 − 10 = 2 skipped it.
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var people = TwelvePeople();
        for (var i = 0; i < 2; i++)
        {
            people[i].Pre["business"] = "dont-know";
            people[i].Post.Remove("again");
        }

        var id = await ScreeningWithPairsAsync(organiser, people);
        var page = await organiser.GetOkPageAsync($"/en/screenings/{id}/results");
        Assert.Equal("12", page.QuerySelector("[data-testid=count-matched]")!.TextContent.Trim());
        Assert.Empty(Differences(page, "[data-testid=question-result][data-key=business]"));
        Assert.Empty(Differences(page, "[data-testid=after-only-result][data-key=again]"));
        var business = page.QuerySelector("[data-testid=question-result][data-key=business]")!;
        Assert.NotNull(business.QuerySelector("[data-testid=suppressed]"));
        Assert.Null(business.QuerySelector("[data-testid=distribution]"));
        Assert.DoesNotContain("10", business.QuerySelector("[data-testid=read-aloud]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=after-only-result][data-key=again] [data-testid=distribution]"));

        // The other questions were answered by all twelve: nothing is lost there.
        Assert.NotNull(page.QuerySelector("[data-testid=question-result][data-key=distance] [data-testid=statistics]"));
        Assert.Contains("12", page.QuerySelector("[data-testid=question-result][data-key=distance] [data-testid=question-counts]")!.TextContent, StringComparison.Ordinal);

        // The results CSV leaves out what the page leaves out.
        var csv = await organiser.Http.GetStringAsync($"/en/screenings/{id}/results?handler=Csv");
        Assert.DoesNotContain("business,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("again,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pairs_per_community_are_hidden_when_the_pairs_in_neither_community_are_fewer_than_five()
    {
        // 5 + 5 pairs by community of 12: "pairs 12, Armenian 5, Azerbaijani 5" gave the 2 of another community away.
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, _) = await ScreeningWithAnswersAsync(organiser, azerbaijani: 5, armenian: 5, coexistPairs: 0, others: 2);
        var page = await organiser.GetOkPageAsync($"/en/screenings/{id}/results");
        var table = page.QuerySelector("[data-testid=question-result][data-key=warmth] [data-testid=community-results]")!;
        Assert.Equal(["not shown", "not shown"], table.QuerySelectorAll("tbody tr td:nth-of-type(1)").Select(td => td.TextContent.Trim()));
        Assert.DoesNotContain(">5<", table.InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pool_leaves_out_a_screenings_question_whose_own_page_hides_its_pairs()
    {
        // Screening A: 12 matched, 10 pairs for business (its page hides them: 2 said "don't know"); screening B: 12 of
        // 12. Pooled, "pairs: 22" minus B's page's 12 would give A's hidden 10, and so its 2.
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var country = "Subtract-" + Guid.NewGuid().ToString("N")[..6];
        var withDontKnow = TwelvePeople();
        withDontKnow[0].Pre["business"] = "dont-know";
        withDontKnow[1].Pre["business"] = "dont-know";
        var a = await ScreeningWithPairsAsync(organiser, withDontKnow);
        var b = await ScreeningWithPairsAsync(organiser, TwelvePeople());
        await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == a || s.Id == b).ExecuteUpdateAsync(s => s.SetProperty(x => x.Country, country)));

        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var pooled = await programme.GetOkPageAsync($"/en/screenings/impact?country={country}");
        Assert.Equal("24", pooled.QuerySelector("[data-testid=count-matched]")!.TextContent.Trim());
        var counts = pooled.QuerySelector("[data-testid=question-result][data-key=business] [data-testid=question-counts]")!.TextContent;
        // A does not enter business at all: its answers and pairs are B's alone.
        Assert.Contains("Answers before: 12; after: 12; pairs: 12.", counts, StringComparison.Ordinal);
        Assert.DoesNotContain("22", counts, StringComparison.Ordinal);
        Assert.Contains("pairs: 24.", pooled.QuerySelector("[data-testid=question-result][data-key=distance] [data-testid=question-counts]")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("hy")]
    public async Task Merged_thermometer_ranges_read_as_one_range_of_numbers(string culture)
    {
        // Seen in the user check: merged bins read "“21–40” – “81–100”". Before 25..69 and after 45..89 in
        // steps of 4: 21–40 holds 4 before, so it merges with the ranges above it into 21–100 (12 and 12).
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var id = await ScreeningWithPairsAsync(organiser, EveryoneTwentyWarmer());
        var page = await organiser.GetOkPageAsync($"/{culture}/screenings/{id}/results");
        var rows = page.QuerySelectorAll("[data-testid=question-result][data-key=warmth] [data-testid=distribution] tbody tr")
            .Select(tr => string.Join(' ', tr.Children.Select(c => c.TextContent.Trim())))
            .ToList();
        Assert.Equal(["0–20 0 0", "21–100 12 12"], rows);
    }

    [Theory]
    [InlineData("en", "Mean before 47.0, after 67.0: each of the 12 pairs changed by the same +20.0 points. Cohen's d_z and the paired t-test cannot be computed when the changes do not vary from person to person.")]
    [InlineData("hy", "Միջինը՝ առաջ 47,0, հետո 67,0. 12 զույգերից յուրաքանչյուրը փոխվել է նույն +20,0 միավորով։ Քոհենի d_z-ն և զույգային t-թեստը հնարավոր չէ հաշվել, երբ փոփոխությունը մարդուց մարդ չի տարբերվում։")]
    public async Task When_every_pair_changes_by_the_same_amount_the_page_says_so_instead_of_printing_dashes(string culture, string expected)
    {
        // Seen in the user check: before 25 + 4i and after 45 + 4i (i = 0…11), every difference is +20, their standard
        // deviation is 0 and d_z = mean / sd and t are undefined; the page read "Cohen's d_z = –; paired t-test: –".
        // Means by hand: 25 + 4 × 5.5 = 47 and 45 + 4 × 5.5 = 67.
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var id = await ScreeningWithPairsAsync(organiser, EveryoneTwentyWarmer());
        var page = await organiser.GetOkPageAsync($"/{culture}/screenings/{id}/results");
        var warmth = page.QuerySelector("[data-testid=question-result][data-key=warmth]")!;
        Assert.Equal(expected, warmth.QuerySelector("[data-testid=statistics]")!.TextContent.Trim());
        Assert.NotEmpty(warmth.QuerySelector("[data-testid=direction]")!.TextContent.Trim());
        Assert.DoesNotContain("–;", warmth.TextContent, StringComparison.Ordinal);
    }

    /// <summary>Twelve people, warmth 25 + 4i before and 45 + 4i after (i = 0…11): everyone 20 points warmer.</summary>
    private static List<(Dictionary<string, string> Pre, Dictionary<string, string> Post)> EveryoneTwentyWarmer()
    {
        var people = TwelvePeople();
        for (var i = 0; i < people.Count; i++)
        {
            people[i].Pre["warmth"] = (25 + (4 * i)).ToString(CultureInfo.InvariantCulture);
            people[i].Post["warmth"] = (45 + (4 * i)).ToString(CultureInfo.InvariantCulture);
        }

        return people;
    }

    [Theory]
    [InlineData("en")]
    [InlineData("hy")]
    public async Task A_thermometer_question_shows_its_answers_in_five_ranges_before_and_after(string culture)
    {
        // Issue 15, item 4: the 0–100 questions showed only means at n = 12. Six people move from 10 to 50 and six
        // from 50 to 90: 0–20 holds 6 before, 41–60 holds 6 before and 6 after, 81–100 holds 6 after.
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var people = TwelvePeople();
        for (var i = 0; i < people.Count; i++)
        {
            people[i].Pre["warmth"] = i < 6 ? "10" : "50";
            people[i].Post["warmth"] = i < 6 ? "50" : "90";
        }

        var id = await ScreeningWithPairsAsync(organiser, people);
        var page = await organiser.GetOkPageAsync($"/{culture}/screenings/{id}/results");
        var warmth = page.QuerySelector("[data-testid=question-result][data-key=warmth]")!;
        Assert.NotNull(warmth.QuerySelector("[data-testid=distribution] svg.chart rect"));
        Assert.Equal(
            culture == "hy" ? "Պատասխանները 0-ից 100 սանդղակով՝ հաշված մոտ 20 միավորանոց հինգ միջակայքերում։" : "Answers on the scale from 0 to 100, counted in five ranges of about 20 points.",
            warmth.QuerySelector("[data-testid=thermometer-bins]")!.TextContent.Trim());
        var rows = warmth.QuerySelectorAll("[data-testid=distribution] tbody tr")
            .Select(tr => string.Join(' ', tr.Children.Select(c => c.TextContent.Trim())))
            .ToList();
        Assert.Equal(["0–20 6 0", "21–40 0 0", "41–60 6 6", "61–80 0 0", "81–100 0 6"], rows);
        // The means and the test are still there, next to the ranges.
        Assert.NotNull(warmth.QuerySelector("[data-testid=statistics]"));

        var csv = await organiser.Http.GetStringAsync($"/{culture}/screenings/{id}/results?handler=Csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("warmth,pre,0-20,0-20,6", lines);
        Assert.Contains("warmth,post,81-100,81-100,6", lines);
        Assert.All(lines.Skip(1).Where(l => l.StartsWith("warmth,", StringComparison.Ordinal)), line =>
            Assert.True(int.Parse(line.Split(',')[^1], CultureInfo.InvariantCulture) is 0 or >= 5, line));
    }
}

public sealed class SurveyDisclosureTestsOnSqlite(SqliteFactory factory) : SurveyDisclosureTests<SqliteFactory>(factory);

public sealed class SurveyDisclosureTestsOnPostgres(PostgresFactory factory) : SurveyDisclosureTests<PostgresFactory>(factory);
