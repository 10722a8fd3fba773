using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Kinodialog.Web.Features.Field;
using Kinodialog.Web.Tests.Infrastructure;

namespace Kinodialog.Web.Tests.Features.Field;

public abstract class FieldDeviceTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task An_enrolment_code_works_once_and_a_revoked_token_is_refused_at_once()
    {
        var organiserId = await TestClient.CreateAccountAsync(factory, $"org-{Guid.NewGuid():N}@example.org", "correct horse battery staple", Roles.Organiser);
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var enrolled = await programme.PostFormAsync("/en/field/devices", new Dictionary<string, string> { ["name"] = "Ani's grey laptop", ["facilitators"] = organiserId.ToString() }, handler: "Enrol");
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        var page = TestClient.Parse(await enrolled.Content.ReadAsStringAsync());
        var code = page.QuerySelector("[data-testid=enrolment-code]")!.TextContent.Trim();
        Assert.EndsWith("|" + code, page.QuerySelector("[data-testid=enrolment-text]")!.TextContent.Trim(), StringComparison.Ordinal);

        using var laptop = TestClient.Create(factory);
        var first = await laptop.Http.PostAsJsonAsync("/api/field/enrol", new EnrolRequest(code.ToLowerInvariant(), "laptop"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var response = (await first.Content.ReadFromJsonAsync<EnrolResponse>())!;
        Assert.Equal(organiserId, Assert.Single(response.Facilitators).Id);
        Assert.Equal(HttpStatusCode.BadRequest, (await laptop.Http.PostAsJsonAsync("/api/field/enrol", new EnrolRequest(code, "laptop"))).StatusCode);

        laptop.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(FieldLimits.AuthorizationScheme, response.Token);
        Assert.Equal(HttpStatusCode.OK, (await laptop.Http.GetAsync("/api/field/screenings")).StatusCode);

        var revoked = await programme.PostFormAsync("/en/field/devices", new Dictionary<string, string> { ["device"] = response.DeviceId.ToString(), ["confirm"] = "true" }, handler: "Revoke");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.Http.GetAsync("/api/field/screenings")).StatusCode);
    }
}

public sealed class FieldDeviceTestsOnSqlite(SqliteFactory factory) : FieldDeviceTests<SqliteFactory>(factory);

public sealed class FieldDeviceTestsOnPostgres(PostgresFactory factory) : FieldDeviceTests<PostgresFactory>(factory);
