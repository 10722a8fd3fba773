using System.Net;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Tests.Features.Accounts;

public abstract class AuditTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private const string Password = "a long enough passphrase";

    private static string NewEmail() => $"staff-{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task Sign_ins_are_logged_with_the_account_but_never_the_password_or_an_unknown_address()
    {
        var email = NewEmail();
        var id = await TestClient.CreateAccountAsync(factory, email, Password, Roles.Organiser);
        using var client = TestClient.Create(factory);
        await client.SignInAsync(email, "a wrong guess of a password");
        var unknown = NewEmail();
        await client.SignInAsync(unknown, "another guessed password");
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, Password)).StatusCode);

        var events = await factory.WithDbAsync(db => db.StaffAuditEvents.AsNoTracking().ToListAsync());
        Assert.Contains(events, e => e.Action == StaffAuditActions.SignedIn && e.ActorId == id && e.Detail == "password");
        Assert.Contains(events, e => e.Action == StaffAuditActions.SignInFailed && e.ActorId == id && e.Detail == "wrong-password");
        Assert.Contains(events, e => e.Action == StaffAuditActions.SignInFailed && e.ActorId is null);
        Assert.DoesNotContain(events, e => (e.Detail ?? "").Contains("guess", StringComparison.Ordinal) || (e.Detail ?? "").Contains(unknown, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_role_change_is_logged_and_shown_to_administrators_newest_first()
    {
        var email = NewEmail();
        var id = await TestClient.CreateAccountAsync(factory, email, Password, Roles.Organiser);
        using var admin = await TestClient.SignedInAsync(factory, Roles.Admin);
        var saved = await admin.PostFormAsync($"/en/admin/users/{id}",
        [
            new("DisplayName", "Nune"), new("Roles", Roles.Organiser), new("Roles", Roles.Translator),
        ]);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var change = await factory.WithDbAsync(db => db.StaffAuditEvents.AsNoTracking().SingleAsync(e => e.Action == StaffAuditActions.RolesChanged && e.TargetUserId == id));
        Assert.Equal("Organiser → Organiser, Translator", change.Detail);
        Assert.NotNull(change.ActorId);
        Assert.NotEqual(id, change.ActorId);

        var page = await admin.GetOkPageAsync("/hy/admin/audit");
        var rows = page.QuerySelectorAll("[data-testid=audit-table] tbody tr").ToList();
        Assert.Contains("Դերերը փոխվել են", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains(email, rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains(rows, r => r.TextContent.Contains("Մուտք է գործել", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exports_are_logged()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        Assert.Equal(HttpStatusCode.OK, (await programme.Http.GetAsync("/api/screenings/export.csv")).StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.StaffAuditEvents.AnyAsync(e => e.Action == StaffAuditActions.Exported && e.Detail == "screenings.csv" && e.ActorId != null)));
    }

    [Fact]
    public async Task Only_an_administrator_sees_the_security_log()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        Assert.Equal(HttpStatusCode.Forbidden, (await programme.Http.GetAsync("/en/admin/audit")).StatusCode);
        using var anonymous = TestClient.Create(factory);
        var redirect = await anonymous.Http.GetAsync("/en/admin/audit");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/en/account/sign-in", redirect.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_security_log_is_paged()
    {
        await factory.WithDbAsync(async db =>
        {
            var start = factory.Clock.GetUtcNow().UtcDateTime.AddDays(-30);
            for (var i = 0; i < Kinodialog.Web.Features.Accounts.Users.AuditModel.PageSize + 5; i++)
            {
                db.StaffAuditEvents.Add(new Kinodialog.Data.Entities.StaffAuditEvent { At = start.AddMinutes(i), Action = StaffAuditActions.SignInFailed, Detail = "paused" });
            }

            return await db.SaveChangesAsync();
        });
        using var admin = await TestClient.SignedInAsync(factory, Roles.Admin);
        var first = await admin.GetOkPageAsync("/en/admin/audit");
        Assert.Equal(Kinodialog.Web.Features.Accounts.Users.AuditModel.PageSize, first.QuerySelectorAll("[data-testid=audit-table] tbody tr").Length);
        var older = first.QuerySelector("[data-testid=audit-older]")!.GetAttribute("href")!;
        var second = await admin.GetOkPageAsync(older);
        Assert.NotEmpty(second.QuerySelectorAll("[data-testid=audit-table] tbody tr"));
    }
}

public sealed class AuditTestsOnSqlite(SqliteFactory factory) : AuditTests<SqliteFactory>(factory);

public sealed class AuditTestsOnPostgres(PostgresFactory factory) : AuditTests<PostgresFactory>(factory);
