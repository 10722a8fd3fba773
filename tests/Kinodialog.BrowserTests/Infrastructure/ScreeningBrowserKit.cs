using System.Security.Claims;
using Kinodialog.Core.Accounts;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kinodialog.BrowserTests.Infrastructure;

public static class ScreeningBrowserKit
{
    public const string Password = "a long enough passphrase";

    /// <summary>
    /// An organiser signed in in a new browser context, with a screening of two demo films starting in 30 minutes (joining open);
    /// <paramref name="audienceCultures"/> are the audience's languages (none: the event language alone).
    /// </summary>
    public static async Task<(BrowserSession Session, Guid ScreeningId, string Code)> OrganiserWithScreeningAsync(
        BrowserFixture fixture, string locale = "en-GB", ViewportSize? viewport = null, IReadOnlyList<string>? audienceCultures = null)
    {
        var email = $"organiser-{Guid.NewGuid():N}@example.org";
        var userId = await TestClient.CreateAccountAsync(fixture.App, email, Password, StaffRoles.Organiser);
        var films = await fixture.App.WithDbAsync(db => db.Films.Where(f => f.IsDemo).OrderBy(f => f.Slug).Select(f => f.Id).ToListAsync());
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId.ToString()), new Claim(ClaimTypes.Role, StaffRoles.Organiser)], "test"));
        var start = fixture.App.Clock.GetUtcNow().UtcDateTime.AddMinutes(30);
        var saved = await fixture.App.WithServicesAsync(sp => sp.GetRequiredService<SaveScreening>().HandleAsync(null,
            new ScreeningInput("Rehearsal evening", start, "UTC", "Library hall", "Tbilisi", "Georgia", false, "ru", "hy", 30, "Ani, Leyla", "students", 25,
                ScreeningStatus.Planned, [films[0], films[1]], AudienceCultures: audienceCultures),
            user, CancellationToken.None));
        Assert.NotNull(saved.Id);
        var code = await fixture.App.WithDbAsync(db => db.Screenings.Where(s => s.Id == saved.Id).Select(s => s.JoinCode!).SingleAsync());

        var session = (await fixture.NewSessionAsync(locale, viewport)).Watch();
        await session.GotoAsync("/en/account/sign-in");
        await session.Page.Locator("#Email").FillAsync(email);
        await session.Page.Locator("#Password").FillAsync(Password);
        await session.Page.Locator("form.stacked-form button[type=submit]").ClickAsync();
        await Assertions.Expect(session.Page.GetByTestId("signed-in-as")).ToBeVisibleAsync();
        return (session, saved.Id!.Value, code);
    }

    /// <summary>The same signed-in person in a second window of its own (a new browser context with the same cookies), e.g. the projector.</summary>
    public static async Task<BrowserSession> SecondWindowAsync(BrowserFixture fixture, BrowserSession signedIn, ViewportSize viewport, string locale = "en-GB")
    {
        ArgumentNullException.ThrowIfNull(signedIn);
        return (await fixture.NewSessionAsync(locale, viewport, await signedIn.Context.StorageStateAsync())).Watch();
    }
}
