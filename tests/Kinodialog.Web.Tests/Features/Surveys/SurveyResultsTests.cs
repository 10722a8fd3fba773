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
    /// <summary>Phones that join, declare a community, and answer before and after: trust goes up by one for everyone but the last.</summary>
    private async Task<(Guid Id, string Code)> ScreeningWithAnswersAsync(TestClient organiser, int azerbaijani, int armenian, int coexistPairs)
    {
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var version = await VersionAsync(factory);
        var phones = new List<TestClient>();
        var communities = Enumerable.Repeat("azerbaijani", azerbaijani).Concat(Enumerable.Repeat("armenian", armenian)).ToList();
        foreach (var community in communities)
        {
            var phone = await JoinAsync(factory, code);
            phones.Add(phone);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(phone, code, Guid.CreateVersion7(), "profile", version, new() { ["community"] = community })).StatusCode);
        }

        await SetStageAsync(organiser, id, AudienceStage.PreSurvey);
        for (var i = 0; i < phones.Count; i++)
        {
            var answers = new Dictionary<string, string> { ["trust"] = "2", ["warmth"] = (30 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), ["business"] = "disapprove" };
            if (i < coexistPairs)
            {
                answers["coexist"] = "rather-no";
            }

            Assert.Equal(HttpStatusCode.OK, (await SendAsync(phones[i], code, Guid.CreateVersion7(), "pre", version, answers)).StatusCode);
        }

        await SetStageAsync(organiser, id, AudienceStage.PostSurvey);
        for (var i = 0; i < phones.Count; i++)
        {
            var last = i == phones.Count - 1;
            var answers = new Dictionary<string, string>
            {
                ["trust"] = last ? "2" : "3",
                ["warmth"] = (50 + (2 * i)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["business"] = i % 2 == 0 ? "approve" : "disapprove",
            };
            if (i < coexistPairs)
            {
                answers["coexist"] = "rather-yes";
            }

            Assert.Equal(HttpStatusCode.OK, (await SendAsync(phones[i], code, Guid.CreateVersion7(), "post", version, answers)).StatusCode);
        }

        phones.ForEach(p => p.Dispose());
        return (id, code);
    }

    /// <summary>One phone per entry: joins, answers the pre answers, then the post answers.</summary>
    private async Task<Guid> ScreeningWithPairsAsync(TestClient organiser, List<(Dictionary<string, string> Pre, Dictionary<string, string> Post)> people)
    {
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var version = await VersionAsync(factory);
        var phones = new List<TestClient>();
        foreach (var _ in people)
        {
            phones.Add(await JoinAsync(factory, code));
        }

        await SetStageAsync(organiser, id, AudienceStage.PreSurvey);
        for (var i = 0; i < people.Count; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(phones[i], code, Guid.CreateVersion7(), "pre", version, people[i].Pre)).StatusCode);
        }

        await SetStageAsync(organiser, id, AudienceStage.PostSurvey);
        for (var i = 0; i < people.Count; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(phones[i], code, Guid.CreateVersion7(), "post", version, people[i].Post)).StatusCode);
        }

        phones.ForEach(p => p.Dispose());
        return id;
    }

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
            Assert.Contains("moved up: hidden", question.TextContent, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"0\.29|0\.250|1\.00|0\.43", question.TextContent);
        }
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
        // 7 moved up, 1 stayed, 0 moved down: the lone "stayed" is hidden, and so is "moved up", or it would give "stayed" away.
        Assert.Contains("Moved down: 0; stayed: hidden; moved up: hidden.", trust.TextContent, StringComparison.Ordinal);
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
