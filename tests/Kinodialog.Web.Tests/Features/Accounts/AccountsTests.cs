using System.Net;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
        Assert.Equal("/en/account/sign-in/code?rememberMe=false&returnUrl=%2Fen%2Fhandbook%2Fnew", local.Headers.Location!.OriginalString);
        local = await client.PostFormAsync(local.Headers.Location.OriginalString, new Dictionary<string, string> { ["Code"] = await Totp.CodeForAsync(factory, email) });
        Assert.Equal("/en/handbook/new", local.Headers.Location!.OriginalString);

        using var other = TestClient.Create(factory);
        var evil = await other.PostFormAsync("/en/account/sign-in", new Dictionary<string, string> { ["Email"] = email, ["Password"] = Password, ["ReturnUrl"] = "https://evil.example.com/" });
        Assert.Equal("/en/account/sign-in/code?rememberMe=false", evil.Headers.Location!.OriginalString);
        evil = await other.PostFormAsync(evil.Headers.Location.OriginalString, new Dictionary<string, string> { ["Code"] = await Totp.CodeForAsync(factory, email), ["ReturnUrl"] = "https://evil.example.com/" });
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
        Assert.StartsWith("E-poçt ünvanı və ya şifrə yanlışdır.", error, StringComparison.Ordinal);
        Assert.NotEmpty(error);
        Assert.Null(page.QuerySelector("[data-testid=signed-in-as]"));
    }

    [Fact]
    public async Task Repeated_failures_pause_the_account_briefly_even_for_the_right_password()
    {
        var email = NewEmail();
        await TestClient.CreateAccountAsync(factory, email, Password, Roles.Organiser);
        var limits = factory.Services.GetRequiredService<IOptions<AccountOptions>>().Value;
        Assert.True(limits.MaxFailedSignIns >= 10);
        Assert.True(limits.LockoutDuration <= TimeSpan.FromMinutes(1));
        using var client = TestClient.Create(factory);
        for (var i = 0; i < limits.MaxFailedSignIns - 1; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync(email, "wrong " + i)).StatusCode);
        }

        // One failure short of the limit the account is not paused.
        using (var fresh = TestClient.Create(factory))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await fresh.SignInAsync(email, Password)).StatusCode);
        }

        for (var i = 0; i < limits.MaxFailedSignIns; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync(email, "wrong " + i)).StatusCode);
        }

        var locked = await client.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        var user = await factory.WithServicesAsync(sp => sp.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(email));
        Assert.InRange(user!.LockoutEnd!.Value - TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(1), limits.LockoutDuration);
    }

    [Fact]
    public async Task An_unknown_address_a_wrong_password_and_a_paused_account_get_the_same_answer()
    {
        var known = NewEmail();
        await TestClient.CreateAccountAsync(factory, known, Password, Roles.Programme);
        var paused = NewEmail();
        await TestClient.CreateAccountAsync(factory, paused, Password, Roles.Programme);
        await factory.WithDbAsync(async db =>
        {
            var row = await db.Users.SingleAsync(u => u.Email == paused);
            row.LockoutEnd = TimeProvider.System.GetUtcNow().AddMinutes(1);
            return await db.SaveChangesAsync();
        });

        async Task<(HttpStatusCode Status, string Error, string Body, string Cookies)> AttemptAsync(string email, string password)
        {
            using var client = TestClient.Create(factory);
            var response = await client.SignInAsync(email, password, culture: "ru");
            var page = TestClient.Parse(await response.Content.ReadAsStringAsync());
            var cookies = string.Join(",", response.Headers.Where(h => h.Key == "Set-Cookie").SelectMany(h => h.Value).Select(v => v.Split('=')[0]).Order(StringComparer.Ordinal));
            return (response.StatusCode, page.QuerySelector("[data-testid=sign-in-error]")?.TextContent.Trim() ?? "", page.Body!.TextContent, cookies);
        }

        var unknown = await AttemptAsync(NewEmail(), Password);
        var wrong = await AttemptAsync(known, "not the password at all");
        var pausedRight = await AttemptAsync(paused, Password);
        var pausedWrong = await AttemptAsync(paused, "not the password at all");
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.NotEmpty(unknown.Error);
        Assert.DoesNotContain("Too many", unknown.Error, StringComparison.Ordinal);
        foreach (var other in new[] { wrong, pausedRight, pausedWrong })
        {
            Assert.Equal(unknown, other);
        }
    }

    [Fact]
    public async Task An_unknown_address_takes_as_long_as_a_wrong_password()
    {
        using var fullCost = factory.FullCostPasswordHashing();
        var known = NewEmail();
        await TestClient.CreateAccountAsync(factory, known, Password, Roles.Translator);
        using var client = TestClient.Create(factory);
        await client.SignInAsync(NewEmail(), "warm-up attempt");
        var unknown = new List<double>();
        var wrong = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            unknown.Add(await TimeAsync(() => client.SignInAsync(NewEmail(), "a guessed password " + i)));
            wrong.Add(await TimeAsync(() => client.SignInAsync(known, "a guessed password " + i)));
        }

        // Before: 6–16 ms for an unknown address against 110–260 ms (a password hash) for a real one.
        Assert.True(unknown.Min() >= 0.5 * wrong.Min(), $"unknown {string.Join(", ", unknown)} ms; wrong password {string.Join(", ", wrong)} ms");

        static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> attempt)
        {
            // Includes fetching the form for its token, the same work for both.
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var response = await attempt();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
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
    public async Task A_one_time_password_must_be_changed_before_anything_else()
    {
        var email = NewEmail();
        var created = await factory.WithServicesAsync(sp => sp.GetRequiredService<CreateStaffAccount>()
            .HandleAsync(new CreateStaffAccount.Command(email, "Nune", [Roles.Organiser]), CancellationToken.None));
        var oneTime = created.OneTimePassword!;
        using var client = TestClient.Create(factory);

        var signIn = await client.PostFormAsync("/hy/account/sign-in?returnUrl=%2Fhy%2Fscreenings", new Dictionary<string, string> { ["Email"] = email, ["Password"] = oneTime, ["ReturnUrl"] = "/hy/screenings" });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var next = await client.Http.GetAsync(signIn.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.StartsWith("/hy/account/password?returnUrl=", next.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // Every other page, even a public one, and every API wait for the change; signing out does not.
        foreach (var url in new[] { "/en/", "/en/films", "/en/screenings/new", "/en/handbook" })
        {
            var response = await client.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/en/account/password", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("/api/films?culture=en")).StatusCode);
        var page = await client.GetOkPageAsync("/en/account/password?returnUrl=%2Fen%2Fscreenings");
        Assert.NotNull(page.QuerySelector("[data-testid=password-change-required]"));

        var same = await client.PostFormAsync("/en/account/password?returnUrl=%2Fen%2Fscreenings", new Dictionary<string, string> { ["CurrentPassword"] = oneTime, ["NewPassword"] = oneTime });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/en/films")).StatusCode);

        var changed = await client.PostFormAsync("/en/account/password?returnUrl=%2Fen%2Fscreenings", new Dictionary<string, string> { ["CurrentPassword"] = oneTime, ["NewPassword"] = Password, ["ReturnUrl"] = "/en/screenings" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("/en/screenings", changed.Headers.Location!.OriginalString);
        await client.GetOkPageAsync("/en/screenings");
        await client.GetOkPageAsync("/en/films");
        var user = await factory.WithServicesAsync(sp => sp.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(email));
        Assert.Null(user!.OneTimePasswordExpiresAt);

        using var later = TestClient.Create(factory);
        var again = await later.SignInAsync(email, Password);
        Assert.Equal("/en/", again.Headers.Location!.OriginalString);
        await later.GetOkPageAsync("/en/films");
    }

    [Fact]
    public async Task A_reset_password_is_a_one_time_password_that_expires_after_the_configured_time()
    {
        var email = NewEmail();
        var id = await TestClient.CreateAccountAsync(factory, email, Password, Roles.Translator);
        var reset = await factory.WithServicesAsync(sp => sp.GetRequiredService<ResetStaffPassword>().HandleAsync(id, null, CancellationToken.None));
        var lifetime = factory.Services.GetRequiredService<IOptions<AccountOptions>>().Value.OneTimePasswordLifetime;
        Assert.Equal(TimeSpan.FromDays(7), lifetime);
        var user = await factory.WithServicesAsync(sp => sp.GetRequiredService<UserManager<StaffUser>>().FindByIdAsync(id.ToString()));
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime + lifetime, user!.OneTimePasswordExpiresAt!.Value, TimeSpan.FromSeconds(1));

        // Move the expiry into the past (the same as waiting the lifetime out).
        await factory.WithDbAsync(async db =>
        {
            var row = await db.Users.SingleAsync(u => u.Id == id);
            row.OneTimePasswordExpiresAt = factory.Clock.GetUtcNow().UtcDateTime.AddSeconds(-1);
            return await db.SaveChangesAsync();
        });
        using var client = TestClient.Create(factory);
        var refused = await client.SignInAsync(email, reset!.OneTimePassword!);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("expired", TestClient.Parse(await refused.Content.ReadAsStringAsync()).QuerySelector("[data-testid=sign-in-error]")!.TextContent, StringComparison.Ordinal);
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
