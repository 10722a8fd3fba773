using System.Text.RegularExpressions;
using Kinodialog.BrowserTests.Infrastructure;
using Kinodialog.Core.Accounts;
using Kinodialog.Web.Features.Handbook;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kinodialog.BrowserTests.Features.Accounts;

[Collection(BrowserTestGroup.Name)]
public sealed class StaffTests(BrowserFixture fixture)
{
    private const string Password = "a long enough passphrase";

    private async Task<BrowserSession> SignInWithKeyboardAsync(string role, string segment)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        await TestClient.CreateAccountAsync(fixture.App, email, Password, role);
        var session = (await fixture.NewSessionAsync()).Watch();
        var page = session.Page;
        await session.GotoAsync($"/{segment}/account/sign-in");

        // The first Tab reaches the skip link, and focus is visible.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("() => document.activeElement.className"));
        var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.NotEqual("none", outline);

        await page.Locator("#Email").FocusAsync();
        await page.Keyboard.TypeAsync(email);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(Password);
        await page.Keyboard.PressAsync("Enter");

        // Admin and Programme sign in with a second factor: the code of the authenticator the kit enrolled.
        await page.Locator("#Code").FocusAsync();
        await page.Keyboard.TypeAsync(await Totp.CodeForAsync(fixture.App, email));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToBeVisibleAsync();
        return session;
    }

    [Fact]
    public async Task Programme_staff_sign_in_by_keyboard_and_edit_a_chapter_in_accessible_pages()
    {
        await using var session = await SignInWithKeyboardAsync(StaffRoles.Programme, "ru");
        var page = session.Page;
        await session.RunAsync("programme-edit", async () =>
        {
            await session.AssertAccessibleAsync();
            var slug = DemoHandbookSeeder.LoadDemoChapters()[1].Slug;
            await session.GotoAsync($"/ru/handbook/{slug}/edit/hy");
            await session.AssertAccessibleAsync();
            var markdown = page.GetByRole(AriaRole.Textbox, new() { Name = "Markdown" });
            await markdown.FillAsync((await markdown.InputValueAsync()) + "\n\nԼրացուցիչ պարբերություն։\n");
            await page.Locator("form.editor button[type=submit]").ClickAsync();
            await Assertions.Expect(page.GetByTestId("saved")).ToBeVisibleAsync();
            await session.ScreenshotAsync("ru-edit-hy");

            await session.GotoAsync($"/ru/handbook/{slug}/history/hy");
            await Assertions.Expect(page.GetByTestId("versions").Locator("tbody tr")).ToHaveCountAsync(2);
            await session.AssertAccessibleAsync();
            await session.GotoAsync("/ru/handbook");
            await session.AssertAccessibleAsync();
            await session.GotoAsync("/ru/handbook/new");
            await session.AssertAccessibleAsync();
            session.AssertNoProblems();
        });
    }

    [Fact]
    public async Task An_admin_creates_an_account_in_accessible_pages()
    {
        await using var session = await SignInWithKeyboardAsync(StaffRoles.Admin, "az");
        var page = session.Page;
        await session.RunAsync("admin-create", async () =>
        {
            await session.GotoAsync("/az/admin/users/new");
            await session.AssertAccessibleAsync();
            await page.Locator("#Email").FillAsync($"new-{Guid.NewGuid():N}@example.org");
            await page.Locator("#DisplayName").FillAsync("Leyla Təşkilatçı");
            await page.Locator("#role-organiser").CheckAsync();
            await page.Locator("form.stacked-form button[type=submit]").ClickAsync();
            await Assertions.Expect(page.GetByTestId("one-time-password")).ToHaveTextAsync(new Regex(@"^\S{19}$"));
            await session.AssertAccessibleAsync();
            await session.GotoAsync("/az/admin/users");
            await Assertions.Expect(page.GetByTestId("accounts-table")).ToContainTextAsync("Leyla Təşkilatçı");
            await session.AssertAccessibleAsync();
            await session.ScreenshotAsync("az-admin-users");
            session.AssertNoProblems();
        });
    }

    [Fact]
    public async Task A_chapter_containing_script_never_runs_it()
    {
        var slug = "xss-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.App.WithServicesAsync(async sp =>
        {
            var created = await sp.GetRequiredService<CreateChapter>().HandleAsync(new CreateChapter.Command(
                slug, "en", "Tricky", "<script>window.pwned = 1</script>\n\n[click](javascript:window.pwned=2)\n\n<img src=x onerror=\"window.pwned=3\">\n", 100_000, null), CancellationToken.None);
            Assert.Equal(HandbookChangeStatus.Done, created.Status);
            return await sp.GetRequiredService<SetChapterPublication>().HandleAsync(new SetChapterPublication.Command(slug, "en", true), CancellationToken.None);
        });
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await session.GotoAsync($"/en/handbook/{slug}");
        await Assertions.Expect(page.GetByTestId("chapter")).ToContainTextAsync("<script>window.pwned = 1</script>");
        var link = page.GetByTestId("chapter").Locator(".prose a");
        await Assertions.Expect(link).ToHaveTextAsync("click");
        Assert.Null(await link.GetAttributeAsync("href"));
        await link.ClickAsync();
        Assert.Null(await page.EvaluateAsync<int?>("() => window.pwned ?? null"));
    }
}
