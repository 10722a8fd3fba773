using System.Net;
using Kinodialog.Core.Screenings;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

public abstract class ModerationQueueTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task The_queue_counts_what_waits_and_a_report_can_be_dismissed_with_a_log_line()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var seeded = await SeedAsync(factory, organiser, id, "A seeded statement someone will report.");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var phone = await PhoneAsync(factory, code);

        var empty = await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue?handler=Queue");
        Assert.Equal("0", empty.QuerySelector("[data-testid=pending-count]")!.TextContent);

        Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(phone, code, "A proposal waiting for the moderators.")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.PostFormAsync($"/en/s/{code}", new Dictionary<string, string> { ["statement"] = seeded.ToString() }, handler: "Flag")).StatusCode);
        var queue = await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue?handler=Queue");
        Assert.Equal("2", queue.QuerySelector("[data-testid=pending-count]")!.TextContent);
        Assert.Equal(2, queue.QuerySelectorAll("[data-testid=queued-statement]").Length);
        Assert.NotNull(queue.QuerySelector("[data-testid=dismiss-reports]"));

        await ModerateAsync(organiser, id, "Dismiss", new() { ["statement"] = seeded.ToString() });
        Assert.Equal(0, await factory.WithDbAsync(db => db.StatementFlags.CountAsync(f => f.StatementId == seeded)));
        Assert.Equal(StatementStatus.Accepted, await StatusAsync(factory, id, "A seeded statement someone will report."));
        var page = await organiser.GetOkPageAsync($"/en/screenings/{id}/dialogue");
        Assert.Equal("1", page.QuerySelector("[data-testid=pending-count]")!.TextContent);
        Assert.Contains("Reports dismissed", page.QuerySelector("[data-testid=moderation-log]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proposal_wakes_the_moderation_page_and_another_organiser_cannot_dismiss_reports()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        using var stranger = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var seeded = await SeedAsync(factory, organiser, id, "Statement of another organiser.");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var phone = await PhoneAsync(factory, code);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/screenings/{id}/events");
        using var response = await organiser.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.StartsWith("event: counts", await reader.ReadLineAsync(timeout.Token), StringComparison.Ordinal);
        await ProposeAsync(phone, code, "Wake the moderators.");
        string? line;
        var events = 0;
        while ((line = await reader.ReadLineAsync(timeout.Token)) is not null && events < 1)
        {
            events += line.StartsWith("event: counts", StringComparison.Ordinal) ? 1 : 0;
        }

        Assert.Equal(1, events);
        var dismissed = await stranger.PostWithTokenFromAsync("/en/screenings/new", $"/en/screenings/{id}/dialogue?handler=Dismiss", new Dictionary<string, string> { ["statement"] = seeded.ToString() });
        Assert.Equal(HttpStatusCode.NotFound, dismissed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetPageAsync($"/en/screenings/{id}/dialogue?handler=Queue")).Response.StatusCode);
    }
}

public sealed class ModerationQueueTestsOnSqlite(SqliteFactory factory) : ModerationQueueTests<SqliteFactory>(factory);

public sealed class ModerationQueueTestsOnPostgres(PostgresFactory factory) : ModerationQueueTests<PostgresFactory>(factory);
