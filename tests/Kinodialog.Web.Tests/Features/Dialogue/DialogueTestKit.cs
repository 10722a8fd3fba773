using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

public static class DialogueTestKit
{
    public static async Task<Guid> SeedAsync(KinodialogFactory factory, TestClient organiser, Guid screening, string text, string culture = "en")
    {
        var response = await organiser.PostFormAsync($"/en/screenings/{screening}/dialogue",
            new Dictionary<string, string> { ["text"] = text, ["culture"] = culture }, handler: "Seed");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await factory.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == screening && s.Text == text).Select(s => s.Id).SingleAsync());
    }

    public static async Task ModerateAsync(TestClient organiser, Guid screening, string handler, Dictionary<string, string> fields)
    {
        var response = await organiser.PostFormAsync($"/en/screenings/{screening}/dialogue", fields, handler: handler);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>A phone that joined and gave its profile (with a community, when given).</summary>
    public static async Task<TestClient> PhoneAsync(KinodialogFactory factory, string code, string culture = "en", string? community = null)
    {
        var phone = await JoinAsync(factory, code, culture);
        var answers = community is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["community"] = community };
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(phone, code, Guid.CreateVersion7(), "profile", await VersionAsync(factory), answers)).StatusCode);
        return phone;
    }

    public static async Task<JsonElement> VoteAsync(TestClient phone, string code, Guid statement, int vote, Guid? id = null)
    {
        var response = await phone.Http.PostAsJsonAsync($"/api/audience/{code}/votes", new { id = id ?? Guid.CreateVersion7(), statement, vote });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<HttpResponseMessage> ProposeAsync(TestClient phone, string code, string text, string culture = "en") =>
        await phone.PostFormAsync($"/{culture}/s/{code}", new Dictionary<string, string> { ["text"] = text }, handler: "Propose");

    public static async Task<StatementStatus> StatusAsync(KinodialogFactory factory, Guid screening, string text) =>
        await factory.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == screening && s.Text == text).Select(s => s.Status).SingleAsync());

    /// <summary>
    /// Runs the recompute the application has been asked for (by a vote or a moderation): moves the
    /// fake clock to the end of its debounce and waits for the round, as a second of real time would.
    /// </summary>
    public static async Task RecomputeAsync(KinodialogFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var recompute = factory.Services.GetRequiredService<DialogueRecompute>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        DateTimeOffset? waiting;
        while ((waiting = recompute.WaitingUntil) is null)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "No recompute was asked for.");
            await Task.Delay(10);
        }

        var until = waiting.Value;
        var round = recompute.NextRound;
        var now = factory.Clock.GetUtcNow();
        factory.Clock.Advance(until > now ? until - now : DialogueRecompute.Debounce);

        // As real time would, the clock goes on while the round is not over: a worker that waits on
        // it again first (a retried catch-up of a database still being migrated) gets there too.
        watch.Restart();
        while (!round.IsCompleted)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "The round of recomputes did not finish.");
            await Task.WhenAny(round, Task.Delay(50));
            now = factory.Clock.GetUtcNow();
            if (!round.IsCompleted && recompute.WaitingUntil is { } next && next > now)
            {
                factory.Clock.Advance(next - now);
            }
        }

        await round;
    }

    /// <summary>
    /// The summary once the condition holds. The recompute is debounced on the application's clock:
    /// whenever it waits on it, the fake clock is moved to the end of the wait and the summary read
    /// again when the round has run, so no real second goes by.
    /// </summary>
    public static async Task<JsonElement> SummaryWhenAsync(KinodialogFactory factory, TestClient organiser, Guid screening, Func<JsonElement, bool> condition)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var recompute = factory.Services.GetRequiredService<DialogueRecompute>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        JsonElement summary;
        do
        {
            var round = recompute.NextRound;
            summary = await organiser.Http.GetFromJsonAsync<JsonElement>($"/api/screenings/{screening}/dialogue/summary");
            if (condition(summary))
            {
                return summary;
            }

            if (recompute.WaitingUntil is { } until)
            {
                var now = factory.Clock.GetUtcNow();
                factory.Clock.Advance(until > now ? until - now : DialogueRecompute.Debounce);
            }

            // The round, or a moment for the request that asks for one (a vote is acknowledged
            // just before the writer asks for the recompute).
            await Task.WhenAny(round, Task.Delay(20));
        }
        while (watch.Elapsed < TimeSpan.FromSeconds(60));

        Assert.Fail("The summary never reached the expected state: " + summary.GetRawText());
        return summary;
    }
}
