using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kinodialog.Core.Localization;
using Kinodialog.Data;
using Kinodialog.Web.Features.Shared;
using Kinodialog.Web.Infrastructure.Security;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Tests.Features.Shared;

public abstract partial class SiteTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private string Translate(string culture, string key)
    {
        var localizer = factory.Services.GetRequiredService<IStringLocalizerFactory>().Create(typeof(SharedResource));
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return localizer[key].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Theory]
    [MemberData(nameof(CultureData.Segments), MemberType = typeof(CultureData))]
    public async Task The_home_page_speaks_the_language_in_its_address(string segment)
    {
        var culture = SupportedCultures.Get(segment);
        using var client = TestClient.Create(factory);
        var page = await client.GetOkPageAsync($"/{segment}/");

        Assert.Equal(culture.Name, page.DocumentElement.GetAttribute("lang"));
        var heading = page.QuerySelector("h1")!.TextContent.Trim();
        Assert.Equal(Translate(culture.Name, "Film screenings followed by dialogue"), heading);
        if (culture != SupportedCultures.English)
        {
            Assert.NotEqual("Film screenings followed by dialogue", heading);
        }

        var switcher = page.QuerySelectorAll(".language-nav a").ToList();
        Assert.Equal(SupportedCultures.All.Select(c => $"/{c.UrlSegment}/"), switcher.Select(a => a.GetAttribute("href")));
        Assert.Equal(culture.NativeName, switcher.Single(a => a.GetAttribute("aria-current") == "true").TextContent.Trim());
    }

    [Theory]
    [InlineData("az-AZ,az;q=0.9,en;q=0.5", "/az/")]
    [InlineData("hy-AM", "/hy/")]
    [InlineData("ru-RU,ru;q=0.9", "/ru/")]
    [InlineData("de-DE,fr;q=0.8", "/en/")]
    [InlineData("fr;q=0.9,ru;q=0.8,hy;q=0.85", "/hy/")]
    public async Task The_root_sends_people_to_the_language_their_browser_asks_for(string acceptLanguage, string expected)
    {
        using var client = TestClient.Create(factory, acceptLanguage);
        var response = await client.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_language_chosen_once_is_remembered()
    {
        using var client = TestClient.Create(factory, "en-GB");
        await client.GetOkPageAsync("/ru/handbook");
        var response = await client.Http.GetAsync("/");
        Assert.Equal("/ru/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_language_switcher_keeps_the_page()
    {
        using var client = TestClient.Create(factory);
        var page = await client.GetOkPageAsync("/hy/account/sign-in?returnUrl=%2Fhy%2Fhandbook");
        var links = page.QuerySelectorAll(".language-nav a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/az/account/sign-in?returnUrl=%2Fhy%2Fhandbook", links);
    }

    [Theory]
    [InlineData("/en/")]
    [InlineData("/hy/handbook")]
    [InlineData("/api/handbook")]
    [InlineData("/health")]
    [InlineData("/css/site.css")]
    [InlineData("/az/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        using var client = TestClient.Create(factory);
        var response = await client.Http.GetAsync(url);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Theory]
    [InlineData("https://kinodialog.example.org", true)]
    [InlineData("http://kinodialog.example.org", false)]
    [InlineData("https://localhost", false)]
    [InlineData("https://192.168.1.20", false)]
    public async Task Strict_transport_security_is_sent_over_HTTPS_to_a_host_name_only(string origin, bool sent)
    {
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri(origin), AllowAutoRedirect = false });
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sent, response.Headers.TryGetValues("Strict-Transport-Security", out var values));
        if (sent)
        {
            Assert.Equal(SecurityHeaders.StrictTransportSecurity, Assert.Single(values!));
        }
    }

    [Theory]
    [MemberData(nameof(CultureData.Segments), MemberType = typeof(CultureData))]
    public async Task Pages_reference_nothing_outside_this_server_and_have_no_inline_script_or_style(string segment)
    {
        using var client = TestClient.Create(factory);
        foreach (var url in new[] { $"/{segment}/", $"/{segment}/handbook", $"/{segment}/account/sign-in", $"/{segment}/missing" })
        {
            var (_, page) = await client.GetPageAsync(url);
            var html = page.DocumentElement.OuterHtml;
            Assert.DoesNotMatch(ExternalReference(), html);
            Assert.All(page.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), $"inline script on {url}"));
            Assert.Empty(page.QuerySelectorAll("style, [style]"));
        }
    }

    [Fact]
    public async Task Errors_are_friendly_pages_for_people_in_their_language()
    {
        using var client = TestClient.Create(factory);
        var (response, page) = await client.GetPageAsync("/ru/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ru", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(Translate("ru", "Page not found"), page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("/hy/no-such-page", page.QuerySelectorAll(".language-nav a").Single(a => a.GetAttribute("lang") == "hy").GetAttribute("href"));
    }

    [Theory]
    [InlineData("ABCDEF")]
    [InlineData("404")]
    [InlineData("200")]
    public async Task The_error_page_takes_its_status_from_the_failed_request_not_from_a_form_field_named_code(string code)
    {
        using var client = TestClient.Create(factory);
        var response = await client.Http.PostAsync(new Uri("/en/join", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Translate("en", "The request could not be understood"), TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task Anonymous_callers_learn_only_whether_the_service_is_healthy()
    {
        using var client = TestClient.Create(factory);
        var response = await client.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(["status"], json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Health_reports_the_database_state_to_an_admin()
    {
        using var client = await TestClient.SignedInAsync(factory, Roles.Admin);
        var response = await client.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var database = json.RootElement.GetProperty("checks").GetProperty("database");
        Assert.Equal(factory.Provider.ToString(), database.GetProperty("data").GetProperty("provider").GetString());
        Assert.Equal(0, database.GetProperty("data").GetProperty("pendingMigrations").GetInt32());
    }

    [Fact]
    public async Task The_model_has_no_changes_missing_from_the_migrations()
    {
        var pending = await factory.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges()));
        Assert.False(pending);
        var applied = await factory.WithDbAsync(async db => (await db.Database.GetAppliedMigrationsAsync()).ToList());
        Assert.Contains(applied, m => m.EndsWith("_Initial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dates_and_numbers_are_written_the_way_each_language_writes_them()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var slug = "dates-" + Guid.NewGuid().ToString("N")[..8];
        await programme.PostFormAsync("/en/handbook/new", new Dictionary<string, string>
        {
            ["Slug"] = slug,
            ["SourceCulture"] = "en",
            ["Title"] = "Dates",
            ["Markdown"] = "Text",
            ["SortOrder"] = "1",
        });
        foreach (var culture in SupportedCultures.All.Where(c => c != SupportedCultures.English))
        {
            var saved = await programme.PostFormAsync($"/en/handbook/{slug}/edit/{culture.UrlSegment}", new Dictionary<string, string>
            {
                ["Title"] = "Dates " + culture.Name,
                ["Markdown"] = "Text",
                ["BaseRevision"] = "0",
            });
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var updated = await factory.WithDbAsync(db => db.HandbookTranslations.Where(t => t.Chapter.Slug == slug && t.Culture == "en").Select(t => t.UpdatedAt).SingleAsync());
        foreach (var culture in SupportedCultures.All)
        {
            var page = await programme.GetOkPageAsync($"/{culture.UrlSegment}/handbook/{slug}");
            var expected = updated.ToString("D", culture.Culture);
            Assert.Contains(expected, page.QuerySelector("article header .muted")!.TextContent, StringComparison.Ordinal);
        }

        Assert.NotEqual(updated.ToString("D", CultureInfo.GetCultureInfo("ru")), updated.ToString("D", CultureInfo.GetCultureInfo("hy")));
    }

    [GeneratedRegex("""(?:src|href|action)\s*=\s*["']?(?:https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}

public sealed class SiteTestsOnSqlite(SqliteFactory factory) : SiteTests<SqliteFactory>(factory);

public sealed class SiteTestsOnPostgres(PostgresFactory factory) : SiteTests<PostgresFactory>(factory);
