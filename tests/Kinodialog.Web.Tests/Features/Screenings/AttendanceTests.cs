using System.Net;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Screenings;

public abstract class AttendanceTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private static Dictionary<string, string> Form(string total, string armenian, string azerbaijani, string other) =>
        new() { ["total"] = total, ["armenian"] = armenian, ["azerbaijani"] = azerbaijani, ["other"] = other, ["notes"] = "Kept as typed.", ["incidents"] = "" };

    [Fact]
    public async Task Attendance_whose_parts_exceed_the_total_is_refused_and_nothing_saved_is_lost()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, _) = await OpenScreeningAsync(factory, organiser);
        Assert.Equal(HttpStatusCode.OK, (await organiser.PostFormAsync($"/en/screenings/{id}", Form("10", "5", "5", ""), handler: "Attendance")).StatusCode);

        var refused = await organiser.PostFormAsync($"/hy/screenings/{id}", Form("12", "6", "6", "1"), handler: "Attendance");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = TestClient.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("13", page.QuerySelector("[data-testid=total-error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1", page.QuerySelector("input[name=other]")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("[data-testid=attendance-errors]"));
        var stored = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => new { s.AttendanceTotal, s.AttendanceArmenian, s.AttendanceOther, s.Notes }).SingleAsync());
        Assert.Equal((10, 5, (int?)null, "Kept as typed."), (stored.AttendanceTotal, stored.AttendanceArmenian, stored.AttendanceOther, stored.Notes));
    }

    [Fact]
    public async Task An_attendance_field_that_is_not_a_number_is_an_error_not_an_empty_field()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, _) = await OpenScreeningAsync(factory, organiser);
        var refused = await organiser.PostFormAsync($"/ru/screenings/{id}", Form("20", "abc", "", ""), handler: "Attendance");
        var page = TestClient.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("целое число", page.QuerySelector("[data-testid=armenian-error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("abc", page.QuerySelector("input[name=armenian]")!.GetAttribute("value"));
        Assert.Null(await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.AttendanceTotal).SingleAsync()));
    }
}

public sealed class AttendanceTestsOnSqlite(SqliteFactory factory) : AttendanceTests<SqliteFactory>(factory);

public sealed class AttendanceTestsOnPostgres(PostgresFactory factory) : AttendanceTests<PostgresFactory>(factory);
