using System.Net;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kinodialog.Web.Tests.Features.Accounts;

public abstract class TwoFactorTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private const string Password = "a long enough passphrase";

    private static string NewEmail() => $"staff-{Guid.NewGuid():N}@example.org";

    /// <summary>An account without an authenticator (the test kit enrols one for Admin and Programme).</summary>
    private Task<Guid> CreateUnenrolledAsync(string email, string role) =>
        factory.WithServicesAsync(async sp => (await sp.GetRequiredService<CreateStaffAccount>()
            .HandleAsync(new CreateStaffAccount.Command(email, "Test", [role], Password), CancellationToken.None)).AccountId!.Value);

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response) =>
        TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[data-testid=sign-in-error]")?.TextContent.Trim() ?? "";

    [Fact]
    public async Task Programme_staff_enrol_an_authenticator_before_anything_else_and_then_sign_in_with_its_code_or_a_recovery_code()
    {
        var email = NewEmail();
        await CreateUnenrolledAsync(email, Roles.Programme);
        using var client = TestClient.Create(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, Password)).StatusCode);
        var films = await client.Http.GetAsync("/az/films");
        Assert.Equal(HttpStatusCode.Redirect, films.StatusCode);
        Assert.Equal("/az/account/two-factor?returnUrl=%2Faz%2Ffilms", films.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("/api/screenings/export.csv")).StatusCode);

        var page = await client.GetOkPageAsync("/az/account/two-factor?returnUrl=%2Faz%2Ffilms");
        Assert.NotNull(page.QuerySelector("[data-testid=two-factor-required]"));
        Assert.StartsWith("data:image/svg+xml", page.QuerySelector("[data-testid=two-factor-qr]")!.GetAttribute("src"), StringComparison.Ordinal);
        var key = page.QuerySelector("[data-testid=two-factor-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        Assert.Equal(32, key.Length);

        var wrong = await client.PostFormAsync("/az/account/two-factor", new Dictionary<string, string> { ["Code"] = WrongCode(key) });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Null(TestClient.Parse(await wrong.Content.ReadAsStringAsync()).QuerySelector("[data-testid=recovery-codes]"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/az/films")).StatusCode);

        var enrolled = await client.PostFormAsync("/az/account/two-factor", new Dictionary<string, string> { ["Code"] = Totp.Code(key), ["ReturnUrl"] = "/az/films" });
        var enrolledPage = TestClient.Parse(await enrolled.Content.ReadAsStringAsync());
        var recoveryCodes = enrolledPage.QuerySelectorAll("[data-testid=recovery-codes] code").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(TwoFactorModel.RecoveryCodeCount, recoveryCodes.Count);
        Assert.Equal("/az/films", enrolledPage.QuerySelector("[data-testid=two-factor-continue]")!.GetAttribute("href"));
        await client.GetOkPageAsync("/az/films");
        Assert.DoesNotContain(recoveryCodes[0], await (await client.Http.GetAsync("/az/account/two-factor")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Next time: the password alone does not sign in; the code does.
        using var next = TestClient.Create(factory);
        var first = await next.SignInAsync(email, Password, answerCode: false);
        Assert.StartsWith("/en/account/sign-in/code", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await next.Http.GetAsync("/en/screenings")).StatusCode);
        var badCode = await next.PostFormAsync(first.Headers.Location.OriginalString, new Dictionary<string, string> { ["Code"] = WrongCode(key) });
        Assert.Equal(HttpStatusCode.OK, badCode.StatusCode);
        Assert.NotEmpty(await ErrorOfAsync(badCode));
        var good = await next.PostFormAsync(first.Headers.Location.OriginalString, new Dictionary<string, string> { ["Code"] = Totp.Code(key) });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        await next.GetOkPageAsync("/en/screenings");

        // A recovery code signs in once.
        using var lostPhone = TestClient.Create(factory);
        var step = await lostPhone.SignInAsync(email, Password, answerCode: false);
        var recovered = await lostPhone.PostFormAsync(step.Headers.Location!.OriginalString, new Dictionary<string, string> { ["RecoveryCode"] = recoveryCodes[0] });
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        await lostPhone.GetOkPageAsync("/en/screenings");
        using var again = TestClient.Create(factory);
        var step2 = await again.SignInAsync(email, Password, answerCode: false);
        var reused = await again.PostFormAsync(step2.Headers.Location!.OriginalString, new Dictionary<string, string> { ["RecoveryCode"] = recoveryCodes[0] });
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Equal(await ErrorOfAsync(badCode), await ErrorOfAsync(reused));
    }

    [Fact]
    public async Task Two_factor_sign_in_is_optional_for_organisers_and_translators()
    {
        var email = NewEmail();
        await CreateUnenrolledAsync(email, Roles.Translator);
        using var client = TestClient.Create(factory);
        Assert.Equal("/en/", (await client.SignInAsync(email, Password)).Headers.Location!.OriginalString);
        await client.GetOkPageAsync("/en/films");

        var page = await client.GetOkPageAsync("/en/account/two-factor");
        Assert.Null(page.QuerySelector("[data-testid=two-factor-required]"));
        var key = page.QuerySelector("[data-testid=two-factor-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        await client.PostFormAsync("/en/account/two-factor", new Dictionary<string, string> { ["Code"] = Totp.Code(key) });
        Assert.True(await factory.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StaffUser>>();
            return await users.GetTwoFactorEnabledAsync((await users.FindByEmailAsync(email))!);
        }));

        var off = await client.PostFormAsync("/en/account/two-factor", new Dictionary<string, string>(), handler: "Disable");
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        using var later = TestClient.Create(factory);
        Assert.Equal("/en/", (await later.SignInAsync(email, Password, answerCode: false)).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_administrator_cannot_turn_two_factor_sign_in_off_for_themselves()
    {
        using var admin = await TestClient.SignedInAsync(factory, Roles.Admin);
        var page = await admin.GetOkPageAsync("/en/account/two-factor");
        Assert.NotNull(page.QuerySelector("[data-testid=two-factor-on]"));
        Assert.DoesNotContain(page.Forms, f => (f.GetAttribute("action") ?? "").Contains("handler=Disable", StringComparison.Ordinal));
    }

    /// <summary>A code that is none of those Identity accepts around now (it allows a few steps either side).</summary>
    private static string WrongCode(string key)
    {
        var now = TimeProvider.System.GetUtcNow();
        var accepted = Enumerable.Range(-3, 7).Select(i => Totp.Code(key, now.AddSeconds(30 * i))).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, 100).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !accepted.Contains(c));
    }
}

public sealed class TwoFactorTestsOnSqlite(SqliteFactory factory) : TwoFactorTests<SqliteFactory>(factory);

public sealed class TwoFactorTestsOnPostgres(PostgresFactory factory) : TwoFactorTests<PostgresFactory>(factory);
