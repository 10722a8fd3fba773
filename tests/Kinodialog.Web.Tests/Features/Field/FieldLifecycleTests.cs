using System.Net;
using System.Net.Http.Json;
using Kinodialog.Web.Features.Field;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Field.FieldTestKit;

namespace Kinodialog.Web.Tests.Features.Field;

/// <summary>The edges of a laptop's life on the central instance: a code that expired, a check-out taken back.</summary>
public abstract class FieldLifecycleTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task An_enrolment_code_is_refused_in_words_once_it_expired_and_a_new_one_works()
    {
        var organiserId = await TestClient.CreateAccountAsync(factory, $"org-{Guid.NewGuid():N}@example.org", "correct horse battery staple", Roles.Organiser);
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        async Task<string> CodeAsync()
        {
            var enrolled = await programme.PostFormAsync("/en/field/devices", new Dictionary<string, string> { ["name"] = "Leyla's laptop", ["facilitators"] = organiserId.ToString() }, handler: "Enrol");
            Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
            return TestClient.Parse(await enrolled.Content.ReadAsStringAsync()).QuerySelector("[data-testid=enrolment-code]")!.TextContent.Trim();
        }

        var expired = await CodeAsync();
        factory.Clock.Advance(FieldSecrets.EnrolmentCodeLifetime + TimeSpan.FromSeconds(1));
        using var laptop = TestClient.Create(factory);
        var refused = await laptop.Http.PostAsJsonAsync("/api/field/enrol", new EnrolRequest(expired, "laptop"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("expired", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Just inside its lifetime a code still works.
        var fresh = await CodeAsync();
        factory.Clock.Advance(FieldSecrets.EnrolmentCodeLifetime - TimeSpan.FromSeconds(1));
        var accepted = await laptop.Http.PostAsJsonAsync("/api/field/enrol", new EnrolRequest(fresh, "laptop"));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(organiserId, Assert.Single((await accepted.Content.ReadFromJsonAsync<EnrolResponse>())!.Facilitators).Id);
    }

    [Fact]
    public async Task A_cancelled_check_out_gives_the_screening_back_to_the_central_copy_and_the_laptop_loses_it()
    {
        using var setup = await SetUpAsync(factory);
        using var laptop = Laptop(factory, setup.Token);
        var package = $"/api/field/screenings/{setup.ScreeningId}/package";
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync(package)).StatusCode);

        // The organiser who checked it out cannot take it back (the laptop may hold the results): only programme staff.
        var field = $"/en/screenings/{setup.ScreeningId}/field";
        Assert.Empty((await setup.Organiser.GetOkPageAsync(field)).QuerySelectorAll("form[action*='handler=Cancel']"));
        var byOrganiser = await setup.Organiser.PostWithTokenFromAsync(field, field + "?handler=Cancel", new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.True(byOrganiser.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"answered {(int)byOrganiser.StatusCode}");
        Assert.NotNull(await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == setup.ScreeningId).Select(s => s.CheckedOutToDeviceId).SingleAsync()));

        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var unconfirmed = await programme.PostFormAsync($"/en/screenings/{setup.ScreeningId}/field", new Dictionary<string, string>(), handler: "Cancel");
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.NotNull(await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == setup.ScreeningId).Select(s => s.CheckedOutToDeviceId).SingleAsync()));

        var cancelled = await programme.PostFormAsync($"/en/screenings/{setup.ScreeningId}/field", new Dictionary<string, string> { ["confirm"] = "true" }, handler: "Cancel");
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        var state = await factory.WithDbAsync(async db => new
        {
            Screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == setup.ScreeningId),
            Audit = await db.StaffAuditEvents.CountAsync(e => e.Action == FieldAuditActions.CheckOutCancelled && e.Detail!.Contains(setup.ScreeningId.ToString())),
        });
        Assert.Null(state.Screening.CheckedOutToDeviceId);
        Assert.Null(state.Screening.CheckedOutAt);
        Assert.Equal(1, state.Audit);

        // The laptop no longer sees it, and what it sends for it is refused.
        Assert.Empty((await laptop.GetFromJsonAsync<CheckoutList>("/api/field/screenings"))!.Screenings);
        Assert.Equal(HttpStatusCode.NotFound, (await laptop.GetAsync(package)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await laptop.GetAsync($"/api/field/files/{setup.VideoSha}")).StatusCode);
        var batch = Batch(setup, await VersionAsync(factory), factory.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(HttpStatusCode.NotFound, (await laptop.PostAsJsonAsync($"/api/field/screenings/{setup.ScreeningId}/results", batch)).StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Participants.CountAsync(p => p.ScreeningId == setup.ScreeningId)));

        // The central copy takes changes again: a seeded statement is stored.
        var seed = await setup.Organiser.PostWithTokenFromAsync($"/en/screenings/{setup.ScreeningId}/dialogue", $"/en/screenings/{setup.ScreeningId}/dialogue?handler=Seed",
            new Dictionary<string, string> { ["text"] = "Back on the central instance.", ["culture"] = "en" });
        Assert.Equal(HttpStatusCode.Redirect, seed.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Statements.CountAsync(s => s.ScreeningId == setup.ScreeningId && s.Text == "Back on the central instance.")));
    }
}

public sealed class FieldLifecycleTestsOnSqlite(SqliteFactory factory) : FieldLifecycleTests<SqliteFactory>(factory);

public sealed class FieldLifecycleTestsOnPostgres(PostgresFactory factory) : FieldLifecycleTests<PostgresFactory>(factory);

/// <summary>Enrolment attempts per address are limited (a class of its own: the limit is per application).</summary>
public sealed class FieldEnrolLimitTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    [Fact]
    public async Task Wrong_enrolment_codes_from_one_address_are_cut_off_after_the_limit()
    {
        using var laptop = TestClient.Create(factory);
        for (var i = 0; i < FieldApi.EnrolAttemptsPerWindow; i++)
        {
            var wrong = await laptop.Http.PostAsJsonAsync("/api/field/enrol", new EnrolRequest($"WRONGCODE{i:D3}", "laptop"));
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        var limited = await laptop.Http.PostAsJsonAsync("/api/field/enrol", new EnrolRequest("WRONGCODE999", "laptop"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }
}
