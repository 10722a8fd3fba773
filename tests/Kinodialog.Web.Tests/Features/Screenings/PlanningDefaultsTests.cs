using Kinodialog.Web.Tests.Infrastructure;
using static Kinodialog.Web.Tests.Features.Screenings.ScreeningTestKit;

namespace Kinodialog.Web.Tests.Features.Screenings;

public abstract class PlanningDefaultsTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private static string? SelectedZone(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelector("select[name='Input.TimeZoneId'] option[selected]")?.GetAttribute("value");

    [Fact]
    public async Task A_new_plan_starts_in_the_time_zone_of_the_organisers_last_screening()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        Assert.Equal("Asia/Baku", SelectedZone(await organiser.GetOkPageAsync("/hy/screenings/new")));
        await PlanAsync(organiser, await FilmsAsync(factory, 1), zone: "Asia/Yerevan", culture: "hy");
        Assert.Equal("Asia/Yerevan", SelectedZone(await organiser.GetOkPageAsync("/hy/screenings/new")));

        // Another organiser's screenings do not move anyone else's default.
        using var other = await TestClient.SignedInAsync(factory, Roles.Organiser);
        Assert.Equal("Asia/Baku", SelectedZone(await other.GetOkPageAsync("/en/screenings/new")));
    }
}

public sealed class PlanningDefaultsTestsOnSqlite(SqliteFactory factory) : PlanningDefaultsTests<SqliteFactory>(factory);

public sealed class PlanningDefaultsTestsOnPostgres(PostgresFactory factory) : PlanningDefaultsTests<PostgresFactory>(factory);
