using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kinodialog.Core.Screenings;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

public abstract class RetentionTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private const int Phones = 6;

    /// <summary>A closed screening with answers before and after, two statements voted on by every phone and one pending proposal.</summary>
    private async Task<Guid> ClosedScreeningWithRawDataAsync(TestClient organiser)
    {
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var version = await VersionAsync(factory);
        var first = await SeedAsync(factory, organiser, id, "We should meet again");
        var second = await SeedAsync(factory, organiser, id, "Films help us listen");
        var phones = new List<TestClient>();
        for (var i = 0; i < Phones; i++)
        {
            phones.Add(await PhoneAsync(factory, code, community: i % 2 == 0 ? "armenian" : "azerbaijani"));
        }

        await SetStageAsync(organiser, id, AudienceStage.PreSurvey);
        foreach (var phone in phones)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(phone, code, Guid.CreateVersion7(), "pre", version, new() { ["trust"] = "2" })).StatusCode);
        }

        await SetStageAsync(organiser, id, AudienceStage.PostSurvey);
        foreach (var phone in phones)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(phone, code, Guid.CreateVersion7(), "post", version, new() { ["trust"] = "3" })).StatusCode);
        }

        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        foreach (var phone in phones)
        {
            await VoteAsync(phone, code, first, 1);
            await VoteAsync(phone, code, second, -1);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(phones[0], code, "A proposal nobody accepted")).StatusCode);
        await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("votes").GetInt32() == 2 * Phones);
        Assert.Equal(HttpStatusCode.Redirect, (await organiser.PostWithTokenFromAsync($"/en/screenings/{id}", $"/en/screenings/{id}?handler=Close", new Dictionary<string, string> { ["confirm"] = "true" })).StatusCode);
        phones.ForEach(p => p.Dispose());
        return id;
    }

    private Task<RemoveRawAudienceData.Result> RunAsync() =>
        factory.Services.GetRequiredService<RetentionWorker>().RunOnceAsync(CancellationToken.None);

    [Fact]
    public async Task Raw_audience_data_is_kept_until_the_configured_days_have_passed_then_removed_and_the_results_and_summary_remain()
    {
        var email = $"retention-{Guid.NewGuid():N}@example.org";
        const string password = "correct horse battery staple";
        await TestClient.CreateAccountAsync(factory, email, password, Roles.Organiser);
        using var organiser = TestClient.Create(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await organiser.SignInAsync(email, password)).StatusCode);
        var id = await ClosedScreeningWithRawDataAsync(organiser);

        factory.Clock.Advance(TimeSpan.FromDays(89));
        await RunAsync();
        var before = await factory.WithDbAsync(async db => new
        {
            Votes = await db.Votes.CountAsync(v => v.ScreeningId == id),
            Proposals = await db.Statements.CountAsync(s => s.ScreeningId == id && s.ParticipantId != null),
            Tokens = await db.Participants.CountAsync(p => p.ScreeningId == id && !p.TokenHash.StartsWith(RemoveRawAudienceData.RemovedTokenPrefix)),
            Removed = await db.Screenings.Where(s => s.Id == id).Select(s => s.RawDataRemovedAt).SingleAsync(),
        });
        Assert.Equal(2 * Phones, before.Votes);
        Assert.Equal(1, before.Proposals);
        Assert.Equal(Phones, before.Tokens);
        Assert.Null(before.Removed);
        Assert.Equal(HttpStatusCode.Redirect, (await organiser.SignInAsync(email, password)).StatusCode);
        Assert.Null((await organiser.GetOkPageAsync($"/en/screenings/{id}/results")).QuerySelector("[data-testid=raw-data-removed]"));

        factory.Clock.Advance(TimeSpan.FromDays(2));
        await RunAsync();
        var after = await factory.WithDbAsync(async db => new
        {
            Votes = await db.Votes.CountAsync(v => v.ScreeningId == id),
            Statements = await db.Statements.Where(s => s.ScreeningId == id).Select(s => new { s.Text, s.ParticipantId }).ToListAsync(),
            Tokens = await db.Participants.CountAsync(p => p.ScreeningId == id && !p.TokenHash.StartsWith(RemoveRawAudienceData.RemovedTokenPrefix)),
            SelfCodes = await db.Participants.CountAsync(p => p.ScreeningId == id && p.SelfCodeHash != null),
            Answers = await db.SurveyResponses.CountAsync(r => r.ScreeningId == id),
            Removed = await db.Screenings.Where(s => s.Id == id).Select(s => s.RawDataRemovedAt).SingleAsync(),
        });
        Assert.Equal(0, after.Votes);
        Assert.Equal(["Films help us listen", "We should meet again"], after.Statements.Select(s => s.Text).Order(StringComparer.Ordinal));
        Assert.All(after.Statements, s => Assert.Null(s.ParticipantId));
        Assert.Equal(0, after.Tokens);
        Assert.Equal(0, after.SelfCodes);
        Assert.Equal(3 * Phones, after.Answers);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, after.Removed!.Value, TimeSpan.FromDays(1));

        // Months later the organiser signs in again (the session has expired).
        Assert.Equal(HttpStatusCode.Redirect, (await organiser.SignInAsync(email, password)).StatusCode);

        // The stored summary still shows the votes it counted, and the results page still computes from the kept answers.
        var summary = await organiser.Http.GetFromJsonAsync<JsonElement>($"/api/screenings/{id}/dialogue/summary");
        Assert.Equal(2 * Phones, summary.GetProperty("votes").GetInt32());
        Assert.Equal(Phones, summary.GetProperty("participants").GetInt32());
        var results = await organiser.GetOkPageAsync($"/en/screenings/{id}/results");
        Assert.Equal(Phones.ToString(System.Globalization.CultureInfo.InvariantCulture), results.QuerySelector("[data-testid=count-matched]")!.TextContent.Trim());
        Assert.Equal((2 * Phones).ToString(System.Globalization.CultureInfo.InvariantCulture), results.QuerySelector("[data-testid=dialogue-votes]")!.TextContent.Trim());
        Assert.NotNull(results.QuerySelector("[data-testid=raw-data-removed]"));
        var russian = await organiser.GetOkPageAsync($"/ru/screenings/{id}/results");
        Assert.Contains("удалены", russian.QuerySelector("[data-testid=raw-data-removed]")!.TextContent, StringComparison.Ordinal);
        var pack = await organiser.Http.GetAsync($"/en/screenings/{id}/pack");
        Assert.Equal(HttpStatusCode.OK, pack.StatusCode);
        Assert.Contains("We should meet again", await pack.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A second run finds nothing more to do.
        Assert.Equal(0, (await RunAsync()).Screenings);
    }

    [Fact]
    public async Task The_daily_worker_removes_raw_data_on_the_clock()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var id = await ClosedScreeningWithRawDataAsync(organiser);
        factory.Clock.Advance(TimeSpan.FromDays(91));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        DateTime? removed;
        while ((removed = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.RawDataRemovedAt).SingleAsync())) is null)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "The worker did not run.");
            // Each advance fires the worker's next wait (first run or the daily one).
            factory.Clock.Advance(TimeSpan.FromDays(1));
            await Task.Delay(50);
        }

        Assert.Equal(0, await factory.WithDbAsync(db => db.Votes.CountAsync(v => v.ScreeningId == id)));
    }

    [Fact]
    public void Zero_days_is_a_valid_setting_and_a_negative_number_is_refused()
    {
        var options = new RetentionOptions { RawAudienceDataDays = 0 };
        var context = new System.ComponentModel.DataAnnotations.ValidationContext(options);
        Assert.True(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, context, null, validateAllProperties: true));
        options.RawAudienceDataDays = -1;
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, context, null, validateAllProperties: true));
    }
}

public sealed class RetentionTestsOnSqlite(SqliteFactory factory) : RetentionTests<SqliteFactory>(factory);

public sealed class RetentionTestsOnPostgres(PostgresFactory factory) : RetentionTests<PostgresFactory>(factory);
