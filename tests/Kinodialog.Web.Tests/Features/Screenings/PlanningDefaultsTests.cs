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

/// <summary>The programme's default zone (Screenings:DefaultTimeZone) for an organiser without earlier screenings.</summary>
public sealed class DefaultTimeZoneSettingTests
{
    [Fact]
    public async Task A_first_plan_starts_in_the_programmes_default_time_zone()
    {
        var factory = new SqliteFactory { Settings = { ["Screenings:DefaultTimeZone"] = "Asia/Yerevan" } };
        try
        {
            await factory.InitializeAsync();
            using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
            var page = await organiser.GetOkPageAsync("/az/screenings/new");
            Assert.Equal("Asia/Yerevan", page.QuerySelector("select[name='Input.TimeZoneId'] option[selected]")?.GetAttribute("value"));
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    [Fact]
    public async Task A_default_time_zone_that_does_not_exist_stops_the_start()
    {
        var factory = new SqliteFactory { Settings = { ["Screenings:DefaultTimeZone"] = "Mars/Olympus" } };
        try
        {
            var error = await Record.ExceptionAsync(async () =>
            {
                await factory.InitializeAsync();
                using var client = TestClient.Create(factory);
                await client.Http.GetAsync("/en/");
            });
            Assert.NotNull(error);
            Assert.Contains("Screenings:DefaultTimeZone", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }
}

public sealed class PlanningDefaultsTestsOnSqlite(SqliteFactory factory) : PlanningDefaultsTests<SqliteFactory>(factory);

public sealed class PlanningDefaultsTestsOnPostgres(PostgresFactory factory) : PlanningDefaultsTests<PostgresFactory>(factory);
