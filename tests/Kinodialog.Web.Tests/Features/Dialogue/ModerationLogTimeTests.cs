using System.Globalization;
using Kinodialog.Web.Tests.Infrastructure;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Screenings.ScreeningTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

/// <summary>The moderation log shows its times on the venue's clocks (the screening's time zone), not in UTC.</summary>
public sealed class ModerationLogTimeTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    [Fact]
    public async Task The_moderation_log_is_in_the_venues_time_zone()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var id = await PlanAsync(organiser, await FilmsAsync(factory, 1), zone: "Asia/Yerevan");
        await SeedAsync(factory, organiser, id, "We can talk to each other.");

        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var yerevan = TimeZoneInfo.ConvertTimeFromUtc(now, TimeZoneInfo.FindSystemTimeZoneById("Asia/Yerevan"));
        var page = await organiser.GetOkPageAsync($"/ru/screenings/{id}/dialogue");
        var time = page.QuerySelector("[data-testid=moderation-log] time")!;
        Assert.Equal(yerevan.ToString("g", CultureInfo.GetCultureInfo("ru")), time.TextContent);
        Assert.DoesNotContain("Z", time.TextContent, StringComparison.Ordinal);
    }
}
