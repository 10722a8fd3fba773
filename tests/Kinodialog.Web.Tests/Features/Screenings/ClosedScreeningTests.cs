using System.Net;
using Kinodialog.Web.Tests.Infrastructure;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Screenings;

public abstract class ClosedScreeningTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task A_phone_that_comes_back_after_the_close_is_told_the_screening_has_ended_in_its_language()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        using var phone = await JoinAsync(factory, code, "az");
        Assert.Equal(HttpStatusCode.Redirect, (await organiser.PostWithTokenFromAsync($"/en/screenings/{id}", $"/en/screenings/{id}?handler=Close", new Dictionary<string, string> { ["confirm"] = "true" })).StatusCode);

        var back = await phone.Http.GetAsync($"/az/s/{code}");
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/az/join?ended=true", back.Headers.Location!.OriginalString);
        var page = await phone.GetOkPageAsync(back.Headers.Location.OriginalString);
        Assert.Contains("başa çatıb", page.QuerySelector("[data-testid=join-ended]")!.TextContent, StringComparison.Ordinal);

        // Someone who never joined with that code learns nothing: the join form with the code, as for any wrong code.
        using var stranger = TestClient.Create(factory);
        var guess = await stranger.Http.GetAsync($"/az/s/{code}");
        Assert.Equal($"/az/join?code={code}", guess.Headers.Location!.OriginalString);
    }
}

public sealed class ClosedScreeningTestsOnSqlite(SqliteFactory factory) : ClosedScreeningTests<SqliteFactory>(factory);

public sealed class ClosedScreeningTestsOnPostgres(PostgresFactory factory) : ClosedScreeningTests<PostgresFactory>(factory);
