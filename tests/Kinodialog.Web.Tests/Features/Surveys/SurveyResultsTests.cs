using System.Net;
using Kinodialog.Core.Screenings;
using Kinodialog.Core.Surveys;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Surveys;

public abstract class SurveyResultsTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private Task<(Guid Id, string Code)> ScreeningWithAnswersAsync(TestClient organiser, int azerbaijani, int armenian, int coexistPairs) =>
        SurveyTestKit.ScreeningWithAnswersAsync(factory, organiser, azerbaijani, armenian, coexistPairs);

    private Task<Guid> ScreeningWithPairsAsync(TestClient organiser, List<(Dictionary<string, string> Pre, Dictionary<string, string> Post)> people) =>
        SurveyTestKit.ScreeningWithPairsAsync(factory, organiser, people);

    [Fact]
    public async Task No_statistic_on_the_results_page_gives_away_a_hidden_count_of_fewer_than_five()
    {
        // Issue 14 (a): 7 pairs, 2 moved to "approve": "moved up" was hidden but "+0.29 change in share" × 7 = 2,
        // McNemar's statistic is min(b, c); trust: 3 of 7 moved up by one, "p = 0.250, r = +1.00" said so.
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var people = Enumerable.Range(0, 7).Select(i => (
            new Dictionary<string, string> { ["business"] = "disapprove", ["trust"] = "2" },
            new Dictionary<string, string> { ["business"] = i < 2 ? "approve" : "disapprove", ["trust"] = i < 3 ? "3" : "2" })).ToList();
        var id = await ScreeningWithPairsAsync(organiser, people);
        var page = await organiser.GetOkPageAsync($"/en/screenings/{id}/results");
        foreach (var key in new[] { "business", "trust" })
        {
            var question = page.QuerySelector($"[data-testid=question-result][data-key={key}]")!;
            Assert.Null(question.QuerySelector("[data-testid=statistics]"));
            Assert.NotNull(question.QuerySelector("[data-testid=tests-hidden]"));
            // The movement counts are hidden, so the before/after distributions stand in for them: merged until
            // safe, here into one group of 7, which says nothing (issue 15).
            Assert.DoesNotContain("moved up", question.TextContent, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("how many gave each answer is not shown", question.QuerySelector("[data-testid=read-aloud]")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(["7", "7"], question.QuerySelectorAll("[data-testid=distribution] tbody td").Select(td => td.TextContent).Where(t => t != "0"));
            Assert.DoesNotMatch(@"0\.29|0\.250|1\.00|0\.43", question.TextContent);
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("hy")]
    [InlineData("az")]
    public async Task Twelve_pairs_read_aloud_with_distributions_directions_flagged_intervals_and_after_only_questions(string culture)
    {
        // Issue 15, part 4: at 12 pairs every chart was an empty grey bar, "r = −1.00" for a move closer,
        // "p = < 0,001", d_z intervals up to 16.7 bare, and "again", "safe", "fair" reported nowhere.
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var id = await ScreeningWithPairsAsync(organiser, TwelvePeople());
        var page = await organiser.GetOkPageAsync($"/{culture}/screenings/{id}/results");
        string Text(string selector) => page.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException("Missing " + selector);

        // Business: 0 of 12 approved before, 6 after (the whole before × after table is safe: 6 and 6).
        var business = Text("[data-testid=question-result][data-key=business] [data-testid=read-aloud]");
        var expectedBusiness = culture switch
        {
            "hy" => "Ֆիլմերից առաջ 12-ից 0-ը պատասխանեց «Կհավանեի», ֆիլմերից հետո՝ 12-ից 6-ը։",
            "az" => "Filmlərdən əvvəl 12 nəfərdən 0 nəfəri “Bəyənərdim” cavabını verdi; filmlərdən sonra 12 nəfərdən 6 nəfəri.",
            _ => "Before the films, 0 of 12 answered “Approve”; after the films, 6 of 12.",
        };
        Assert.StartsWith(expectedBusiness, business, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("[data-testid=question-result][data-key=business] [data-testid=distribution] svg.chart rect"));

        // Distance: lower is closer; everyone moved closer, r = −1.00, and the page says it is an improvement.
        var distance = page.QuerySelector("[data-testid=question-result][data-key=distance]")!;
        Assert.Contains(culture switch { "hy" => "Բարելավում", "az" => "Yaxşılaşma", _ => "An improvement" }, distance.QuerySelector("[data-testid=direction]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(culture switch { "hy" => "Խնամի", "az" => "Nikah yolu ilə ailə", _ => "Family by marriage" }, distance.QuerySelector("[data-testid=read-aloud]")!.TextContent, StringComparison.Ordinal);

        // Trust: one person stayed, so the movement counts are hidden; the distributions stand in for them, exact here.
        var trust = page.QuerySelector("[data-testid=question-result][data-key=trust]")!;
        Assert.NotNull(trust.QuerySelector("[data-testid=distribution]"));
        Assert.All(trust.QuerySelectorAll("svg.chart"), svg => Assert.NotNull(svg.Closest("[data-testid=distribution]")));
        Assert.False(culture == "en" && trust.TextContent.Contains("Moved down", StringComparison.Ordinal), "No movement count, not even a 0, next to the distributions.");
        Assert.Contains(culture switch { "hy" => "12-ից 0-ը", "az" => "12 nəfərdən 0 nəfəri", _ => "0 of 12" }, trust.QuerySelector("[data-testid=read-aloud]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(culture switch { "hy" => "12-ից 6-ը", "az" => "12 nəfərdən 6 nəfəri", _ => "6 of 12" }, trust.QuerySelector("[data-testid=read-aloud]")!.TextContent, StringComparison.Ordinal);

        // Warmth: p < 0.001 in the culture's decimals, and the d_z interval is flagged, not printed bare.
        var warmth = page.QuerySelector("[data-testid=question-result][data-key=warmth] [data-testid=statistics]")!;
        var decimals = culture == "en" ? "0.001" : "0,001";
        Assert.Contains("p < " + decimals, warmth.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("= <", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("unreliable", warmth.ClassName ?? "", StringComparison.Ordinal);
        Assert.Contains(culture switch { "hy" => "չափազանց քիչ զույգեր", "az" => "cütlər çox azdır", _ => "too few pairs for a reliable estimate" }, warmth.TextContent, StringComparison.Ordinal);

        // After only: "again" (7 yes, 5 maybe) and "safe" are reported; "fair" had no answers.
        var again = Text("[data-testid=after-only-result][data-key=again] [data-testid=read-aloud]");
        Assert.Equal(culture switch
        {
            "hy" => "Ֆիլմերից հետո 12-ից 7-ը պատասխանեց «Այո»։",
            "az" => "Filmlərdən sonra 12 nəfərdən 7 nəfəri “Bəli” cavabını verdi.",
            _ => "After the films, 7 of 12 answered “Yes”.",
        }, again);
        // Safe: 2 ×1, 3 ×2, 4 ×4, 5 ×5: "2" to "4" merged (7), "5" alone (5).
        Assert.Contains(culture switch { "hy" => "12-ից 5-ը", "az" => "12 nəfərdən 5 nəfəri", _ => "5 of 12" }, Text("[data-testid=after-only-result][data-key=safe] [data-testid=read-aloud]"), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("[data-testid=after-only-result][data-key=safe] [data-testid=distribution]"));
        Assert.NotNull(page.QuerySelector("[data-testid=after-only-result][data-key=fair] [data-testid=read-aloud]"));
        Assert.NotNull(page.QuerySelector("[data-testid=glossary]"));

        // The results CSV: the same distributions, after-only questions included, nothing the page hides.
        var csv = await organiser.Http.GetStringAsync($"/{culture}/screenings/{id}/results?handler=Csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("question,phase,from,to,count", lines[0]);
        Assert.Contains("again,post,yes,yes,7", lines);
        Assert.Contains("again,post,maybe,maybe,5", lines);
        Assert.Contains("safe,post,2,4,7", lines);
        Assert.Contains("safe,post,5,5,5", lines);
        Assert.Contains("business,pre,approve,approve,0", lines);
        Assert.Contains("business,post,approve,approve,6", lines);
        Assert.All(lines.Skip(1), line => Assert.True(int.Parse(line.Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture) is 0 or >= 5, line));
    }

    [Theory]
    [InlineData("en", "not shown")]
    [InlineData("hy", "ցույց չի տրվում")]
    public async Task An_interval_hidden_to_protect_a_small_cell_says_not_shown_rather_than_a_dash_to_a_dash(string culture, string notShown)
    {
        // 12 people all move one step closer: 4 from neighbour to friend, 8 from colleague to neighbour. The
        // signed changes (12 of −1) are safe, so the test and r are shown; the before × after table has a
        // cell of 4, so the bootstrap interval of r is not. Before, the page read "(95% interval: – to –)".
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var people = Enumerable.Range(0, 12).Select(i => (
            new Dictionary<string, string> { ["distance"] = i < 4 ? "neighbour" : "colleague" },
            new Dictionary<string, string> { ["distance"] = i < 4 ? "friend" : "neighbour" })).ToList();
        var id = await ScreeningWithPairsAsync(organiser, people);
        var page = await organiser.GetOkPageAsync($"/{culture}/screenings/{id}/results");

        var question = page.QuerySelector("[data-testid=question-result][data-key=distance]")!;
        var statistics = question.QuerySelector("[data-testid=statistics]")?.TextContent ?? throw new InvalidOperationException(question.TextContent);
        Assert.Contains("1.00".Replace(".", culture == "en" ? "." : ",", StringComparison.Ordinal), statistics, StringComparison.Ordinal);
        Assert.True(statistics.Contains(notShown, StringComparison.Ordinal), statistics);
        Assert.DoesNotContain("–", statistics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_show_counts_then_statistics_and_hide_small_cells_and_small_communities()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, _) = await ScreeningWithAnswersAsync(organiser, azerbaijani: 6, armenian: 2, coexistPairs: 3);
        var page = await organiser.GetOkPageAsync($"/en/screenings/{id}/results");
        Assert.Equal("8", page.QuerySelector("[data-testid=count-matched]")!.TextContent.Trim());

        var trust = page.QuerySelector("[data-testid=question-result][data-key=trust]")!;
        // p and r would give the hidden counts away (issue 14 a): not shown.
        Assert.Null(trust.QuerySelector("[data-testid=statistics]"));
        Assert.NotNull(trust.QuerySelector("[data-testid=tests-hidden]"));
        Assert.NotNull(trust.QuerySelector("svg.chart"));
        // 7 moved up, 1 stayed, 0 moved down: the lone "stayed" is hidden, and so is "moved up", or it would give "stayed" away;
        // the distributions that stand in for them merge "2" and "3" (8 before, 8 after) and no movement count is shown.
        Assert.DoesNotContain("Moved down", trust.TextContent, StringComparison.Ordinal);
        Assert.Equal(["8", "8"], trust.QuerySelectorAll("[data-testid=distribution] tbody td").Select(td => td.TextContent).Where(t => t != "0"));
        Assert.DoesNotContain(">7<", trust.InnerHtml, StringComparison.Ordinal);

        var warmth = page.QuerySelector("[data-testid=question-result][data-key=warmth]")!;
        Assert.Contains("d_z", warmth.QuerySelector("[data-testid=statistics]")!.TextContent, StringComparison.Ordinal);
        // 4 of 8 moved from disapprove to approve: a change in share of +0.50 would say 4; not shown.
        Assert.NotNull(page.QuerySelector("[data-testid=question-result][data-key=business] [data-testid=tests-hidden]"));

        // Three pairs only: nothing but the count.
        var coexist = page.QuerySelector("[data-testid=question-result][data-key=coexist]")!;
        Assert.NotNull(coexist.QuerySelector("[data-testid=suppressed]"));
        Assert.Null(coexist.QuerySelector("svg"));

        // Two Armenian respondents: no per-community results anywhere.
        Assert.NotNull(page.QuerySelector("[data-testid=no-breakdown]"));
        Assert.Null(page.QuerySelector("[data-testid=community-results]"));

        using var other = await TestClient.SignedInAsync(factory, Roles.Organiser);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/en/screenings/{id}/results")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Http.GetAsync($"/api/screenings/{id}/survey/pairs.csv")).StatusCode);
    }

    [Fact]
    public async Task Communities_of_five_or_more_get_their_own_results_and_the_export_is_anonymous_and_recomputes_the_same()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await ScreeningWithAnswersAsync(organiser, azerbaijani: 5, armenian: 5, coexistPairs: 2);
        var page = await organiser.GetOkPageAsync($"/en/screenings/{id}/results");
        Assert.Null(page.QuerySelector("[data-testid=no-breakdown]"));
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=question-result][data-key=trust] [data-testid=community-results] tbody tr").Length);

        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var response = await programme.Http.GetAsync($"/api/screenings/{id}/survey/pairs.csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("screening,questionnaire,version,pair,question,scale,pre,post", csv, StringComparison.Ordinal);
        var participants = await factory.WithDbAsync(db => db.Participants.Where(p => p.ScreeningId == id).Select(p => new { p.Id, p.TokenHash }).ToListAsync());
        Assert.All(participants, p =>
        {
            Assert.DoesNotContain(p.Id.ToString(), csv, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(p.TokenHash, csv, StringComparison.OrdinalIgnoreCase);
        });
        Assert.DoesNotContain(code, csv, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d{4}-\d{2}-\d{2}", csv);

        var read = PairsCsv.Read(csv);
        Assert.True(read.Succeeded, string.Join("; ", read.Errors.Select(e => e.Message)));
        Assert.DoesNotContain(read.Rows, r => r.Question == "coexist");
        var trustRows = read.Rows.Where(r => r.Question == "trust").ToList();
        Assert.Equal(10, trustRows.Count);
        Assert.Equal(10, trustRows.Select(r => r.Pair).Distinct().Count());
        var recomputed = SurveyStatsReport.Compute(read.Rows).Single(q => q.Question == "trust");
        var direct = PairedStatisticsCalculator.Compute(StatisticScale.Ordinal, trustRows.Select(r => new AnswerPair(r.Pre, r.Post)).ToList());
        // survey stats applies the same disclosure rule: 9 moved up and 1 stayed, so no p (it would give the 1 away).
        var trustPairs = trustRows.Select(r => new AnswerPair(r.Pre, r.Post)).ToList();
        Assert.Equal(Suppression.Disclose(StatisticScale.Ordinal, trustPairs, direct, 5).Statistics!.PValue, recomputed.Statistics.PValue);
        Assert.Null(recomputed.Statistics.PValue);
        Assert.Equal(direct.MovedUp, recomputed.Statistics.MovedUp);
        Assert.Equal(9.0 / 10, trustRows.Count(r => r.Post > r.Pre) / 10.0);
    }

    [Fact]
    public async Task Row_level_pairs_go_only_to_programme_staff_and_never_for_a_screening_with_fewer_than_five_pairs()
    {
        // Issue 14 (c): the pairs CSV gave the organiser row-level answers of a 3-pair screening.
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var country = "Export-" + Guid.NewGuid().ToString("N")[..6];
        var (small, _) = await ScreeningWithAnswersAsync(organiser, azerbaijani: 3, armenian: 0, coexistPairs: 0);
        var (large, _) = await ScreeningWithAnswersAsync(organiser, azerbaijani: 3, armenian: 3, coexistPairs: 0);
        await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == small || s.Id == large).ExecuteUpdateAsync(s => s.SetProperty(x => x.Country, country)));

        // The organiser who ran both screenings (and knows the faces in the room) gets no rows at all.
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.Http.GetAsync($"/api/screenings/{small}/survey/pairs.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.Http.GetAsync($"/api/screenings/{large}/survey/pairs.csv")).StatusCode);
        Assert.Null((await organiser.GetOkPageAsync($"/en/screenings/{large}/results")).QuerySelector("[data-testid=pairs-export]"));

        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var smallRows = PairsCsv.Read(await programme.Http.GetStringAsync($"/api/screenings/{small}/survey/pairs.csv")).Rows;
        Assert.Empty(smallRows);
        Assert.Null((await programme.GetOkPageAsync($"/en/screenings/{small}/results")).QuerySelector("[data-testid=pairs-export]"));
        var largeRows = PairsCsv.Read(await programme.Http.GetStringAsync($"/api/screenings/{large}/survey/pairs.csv")).Rows;
        Assert.Equal(6, largeRows.Count(r => r.Question == "trust"));
        Assert.NotNull((await programme.GetOkPageAsync($"/en/screenings/{large}/results")).QuerySelector("[data-testid=pairs-export]"));

        var pooled = PairsCsv.Read(await programme.Http.GetStringAsync($"/api/screenings/impact/pairs.csv?country={country}")).Rows;
        Assert.Equal([large.ToString()], pooled.Select(r => r.Screening).Distinct().ToArray());
    }

    [Fact]
    public async Task A_screening_with_fewer_than_five_pairs_never_enters_pooled_results_so_two_filters_cannot_be_differenced()
    {
        // Issue 14 (b): the pooled page for a country (9 pairs) minus the same with a film filter (6 pairs)
        // gave the means of a 3-person screening whose own page says "fewer than 5".
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var country = "Pool-" + Guid.NewGuid().ToString("N")[..6];
        var (large, _) = await ScreeningWithAnswersAsync(organiser, azerbaijani: 3, armenian: 3, coexistPairs: 0);
        var (small, _) = await ScreeningWithAnswersAsync(organiser, azerbaijani: 3, armenian: 0, coexistPairs: 0);
        await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == small || s.Id == large).ExecuteUpdateAsync(s => s.SetProperty(x => x.Country, country)));
        var film = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == large).SelectMany(s => s.Films).Select(f => f.FilmId).FirstAsync());
        Assert.NotNull((await organiser.GetOkPageAsync($"/en/screenings/{small}/results")).QuerySelector("[data-testid=question-result][data-key=warmth] [data-testid=suppressed]"));

        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var all = await programme.GetOkPageAsync($"/en/screenings/impact?country={country}");
        var filtered = await programme.GetOkPageAsync($"/en/screenings/impact?country={country}&film={film}");
        Assert.Equal("6", all.QuerySelector("[data-testid=count-matched]")!.TextContent.Trim());
        Assert.Equal(filtered.QuerySelector("[data-testid=survey-counts]")!.TextContent, all.QuerySelector("[data-testid=survey-counts]")!.TextContent);
        foreach (var key in new[] { "trust", "warmth", "business", "distance" })
        {
            var selector = $"[data-testid=question-result][data-key={key}]";
            Assert.Equal(filtered.QuerySelector(selector)!.TextContent, all.QuerySelector(selector)!.TextContent);
        }

        Assert.Contains("6", all.QuerySelector("[data-testid=question-result][data-key=warmth] p.small")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Programme_staff_see_results_pooled_across_screenings_filtered_by_country()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var country = "Georgia-" + Guid.NewGuid().ToString("N")[..6];
        var (first, _) = await ScreeningWithAnswersAsync(organiser, azerbaijani: 3, armenian: 3, coexistPairs: 0);
        var (second, _) = await ScreeningWithAnswersAsync(organiser, azerbaijani: 3, armenian: 3, coexistPairs: 0);
        await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == first || s.Id == second).ExecuteUpdateAsync(s => s.SetProperty(x => x.Country, country)));

        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var page = await programme.GetOkPageAsync($"/en/screenings/impact?country={country}");
        Assert.Equal("12", page.QuerySelector("[data-testid=count-matched]")!.TextContent.Trim());
        Assert.Contains("d_z", page.QuerySelector("[data-testid=question-result][data-key=warmth] [data-testid=statistics]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("[data-testid=question-result][data-key=trust] [data-testid=community-results]"));
        var csv = await programme.Http.GetStringAsync($"/api/screenings/impact/pairs.csv?country={country}");
        var read = PairsCsv.Read(csv);
        Assert.Equal(2, read.Rows.Select(r => r.Screening).Distinct().Count());
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.Http.GetAsync("/en/screenings/impact")).StatusCode);
        Assert.Equal("0", (await programme.GetOkPageAsync("/en/screenings/impact?country=Nowhere")).QuerySelector("[data-testid=count-matched]")!.TextContent.Trim());
    }
}

public sealed class SurveyResultsTestsOnSqlite(SqliteFactory factory) : SurveyResultsTests<SqliteFactory>(factory);

public sealed class SurveyResultsTestsOnPostgres(PostgresFactory factory) : SurveyResultsTests<PostgresFactory>(factory);
