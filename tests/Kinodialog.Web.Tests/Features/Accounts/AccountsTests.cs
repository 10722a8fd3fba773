using System.Net;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kinodialog.Web.Tests.Features.Accounts;

public abstract class AccountsTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private const string Password = "a long enough passphrase";

    private static string NewEmail() => $"staff-{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task Staff_sign_in_and_out_with_their_e_mail_and_password()
    {
        var email = NewEmail();
        await TestClient.CreateAccountAsync(factory, email, Password, Roles.Organiser);
        using var client = TestClient.Create(factory);

        var response = await client.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/en/", response.Headers.Location!.OriginalString);
        var home = await client.GetOkPageAsync("/en/");
        Assert.Equal("Test Organiser", home.QuerySelector("[data-testid=signed-in-as]")!.TextContent.Trim());

        var signOut = await client.PostFormAsync("/en/account/sign-out", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Null((await client.GetOkPageAsync("/en/")).QuerySelector("[data-testid=signed-in-as]"));
    }

    [Fact]
    public async Task Sign_in_returns_to_the_page_that_asked_for_it_but_never_to_another_site()
    {
        var email = NewEmail();
        await TestClient.CreateAccountAsync(factory, email, Password, Roles.Programme);
        using var client = TestClient.Create(factory);
        var local = await client.PostFormAsync("/en/account/sign-in?returnUrl=%2Fen%2Fhandbook%2Fnew", new Dictionary<string, string> { ["Email"] = email, ["Password"] = Password, ["ReturnUrl"] = "/en/handbook/new" });
        Assert.Equal("/en/handbook/new", local.Headers.Location!.OriginalString);

        using var other = TestClient.Create(factory);
        var evil = await other.PostFormAsync("/en/account/sign-in", new Dictionary<string, string> { ["Email"] = email, ["Password"] = Password, ["ReturnUrl"] = "https://evil.example.com/" });
        Assert.Equal("/en/", evil.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_in_the_users_language()
    {
        var email = NewEmail();
        await TestClient.CreateAccountAsync(factory, email, Password, Roles.Organiser);
        using var client = TestClient.Create(factory);
        var response = await client.SignInAsync(email, "not the password", culture: "az");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = TestClient.Parse(await response.Content.ReadAsStringAsync());
        var error = page.QuerySelector("[data-testid=sign-in-error]")!.TextContent.Trim();
        Assert.NotEqual("The e-mail address or password is incorrect.", error);
        Assert.NotEmpty(error);
        Assert.Null(page.QuerySelector("[data-testid=signed-in-as]"));
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_even_for_the_right_password()
    {
        var email = NewEmail();
        await TestClient.CreateAccountAsync(factory, email, Password, Roles.Organiser);
        using var client = TestClient.Create(factory);
        for (var i = 0; i < AccountsExtensions.MaxFailedSignIns; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync(email, "wrong " + i)).StatusCode);
        }

        var locked = await client.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        var message = TestClient.Parse(await locked.Content.ReadAsStringAsync()).QuerySelector("[data-testid=sign-in-error]")!.TextContent;
        Assert.Contains("locked", message, StringComparison.Ordinal);
        var user = await factory.WithServicesAsync(sp => sp.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(email));
        Assert.True(user!.LockoutEnd > DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public async Task Only_an_admin_manages_accounts()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        Assert.Equal(HttpStatusCode.Forbidden, (await programme.Http.GetAsync("/en/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await programme.Http.GetAsync("/en/admin/users/new")).StatusCode);
        using var anonymous = TestClient.Create(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.Http.GetAsync("/en/admin/users")).StatusCode);
    }

    [Fact]
    public async Task An_admin_creates_an_account_whose_one_time_password_works_and_then_disables_it()
    {
        using var admin = await TestClient.SignedInAsync(factory, Roles.Admin);
        var email = NewEmail();
        var created = await admin.PostFormAsync("/en/admin/users/new",
        [
            new("Email", email), new("DisplayName", "Nune Organiser"), new("Roles", Roles.Organiser), new("Roles", Roles.Translator),
        ]);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var page = TestClient.Parse(await created.Content.ReadAsStringAsync());
        var oneTimePassword = page.QuerySelector("[data-testid=one-time-password]")!.TextContent.Trim();
        Assert.True(oneTimePassword.Length >= 12);

        var list = await admin.GetOkPageAsync("/en/admin/users");
        var row = list.QuerySelectorAll("[data-testid=accounts-table] tbody tr").Single(r => r.TextContent.Contains(email, StringComparison.Ordinal));
        Assert.Contains("Organiser", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Translator", row.TextContent, StringComparison.Ordinal);

        using var newcomer = TestClient.Create(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await newcomer.SignInAsync(email, oneTimePassword)).StatusCode);

        var editUrl = row.QuerySelector("a")!.GetAttribute("href")!;
        var disabled = await admin.PostFormAsync(editUrl,
        [
            new("DisplayName", "Nune Organiser"), new("Roles", Roles.Organiser), new("IsDisabled", "true"),
        ]);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.NotNull(TestClient.Parse(await disabled.Content.ReadAsStringAsync()).QuerySelector("[data-testid=account-saved]"));

        using var again = TestClient.Create(factory);
        var refused = await again.SignInAsync(email, oneTimePassword);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotNull(TestClient.Parse(await refused.Content.ReadAsStringAsync()).QuerySelector("[data-testid=sign-in-error]"));
        var roles = await factory.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StaffUser>>();
            return await users.GetRolesAsync((await users.FindByEmailAsync(email))!);
        });
        Assert.Equal([Roles.Organiser], roles);
    }

    [Fact]
    public async Task A_short_password_is_refused_with_the_rule()
    {
        using var client = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var response = await client.PostFormAsync("/en/account/password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = "correct horse battery staple",
            ["NewPassword"] = "short",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[data-valmsg-for=NewPassword]")!.TextContent;
        Assert.Contains("12", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forms_without_an_antiforgery_token_are_rejected()
    {
        var email = NewEmail();
        await TestClient.CreateAccountAsync(factory, email, Password, Roles.Admin);
        using var client = TestClient.Create(factory);
        var response = await client.Http.PostAsync("/en/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = email, ["Password"] = Password }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("kd-staff", StringComparison.Ordinal)));
    }
}

public sealed class AccountsTestsOnSqlite(SqliteFactory factory) : AccountsTests<SqliteFactory>(factory);

public sealed class AccountsTestsOnPostgres(PostgresFactory factory) : AccountsTests<PostgresFactory>(factory);
