using System.Net;
using System.Net.Http.Json;
using Kinodialog.Data;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Tests.Features.Handbook;

public abstract class HandbookTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private static string NewSlug() => "chapter-" + Guid.NewGuid().ToString("N")[..10];

    private static async Task CreateChapterAsync(TestClient client, string slug, string title = "Ground rules", string markdown = "Speak for yourself.", string culture = "en")
    {
        var response = await client.PostFormAsync("/en/handbook/new", new Dictionary<string, string>
        {
            ["Slug"] = slug,
            ["SourceCulture"] = culture,
            ["Title"] = title,
            ["Markdown"] = markdown,
            ["SortOrder"] = "10",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> SaveAsync(TestClient client, string slug, string lang, string title, string markdown, int baseRevision, bool matchesSource = false, string note = "")
    {
        var fields = new Dictionary<string, string>
        {
            ["Title"] = title,
            ["Markdown"] = markdown,
            ["BaseRevision"] = baseRevision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Note"] = note,
        };
        if (matchesSource)
        {
            fields["MatchesSource"] = "true";
        }

        return await client.PostFormAsync($"/en/handbook/{slug}/edit/{lang}", fields);
    }

    private Task<int> RevisionAsync(string slug, string culture) =>
        factory.WithDbAsync(db => db.HandbookTranslations.Where(t => t.Chapter.Slug == slug && t.Culture == culture).Select(t => t.Revision).SingleAsync());

    [Fact]
    public async Task An_organiser_cannot_edit_the_handbook()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var slug = NewSlug();
        await CreateChapterAsync(programme, slug);

        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.Http.GetAsync($"/en/handbook/{slug}/edit/en")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.Http.GetAsync("/en/handbook/new")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.Http.GetAsync($"/en/handbook/{slug}/history/en")).StatusCode);
        var forbidden = await organiser.GetPageAsync($"/hy/handbook/{slug}/edit/en");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Response.StatusCode);
        Assert.NotNull(forbidden.Document.QuerySelector("[data-testid=error-page]"));
        Assert.Equal("hy", forbidden.Document.DocumentElement.GetAttribute("lang"));

        using var anonymous = TestClient.Create(factory);
        var redirect = await anonymous.Http.GetAsync($"/ru/handbook/{slug}/edit/en");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/ru/account/sign-in?returnUrl=", redirect.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(1, await RevisionAsync(slug, "en"));
    }

    [Fact]
    public async Task A_translator_writes_text_but_cannot_publish()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var slug = NewSlug();
        await CreateChapterAsync(programme, slug);
        using var translator = await TestClient.SignedInAsync(factory, Roles.Translator);

        var saved = await SaveAsync(translator, slug, "ru", "Правила", "Говорите от своего имени.", 0, matchesSource: true);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var publish = await translator.PostWithTokenFromAsync($"/en/handbook/{slug}/edit/ru", $"/en/handbook/{slug}/edit/ru?handler=Publish", []);
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.HandbookTranslations.AnyAsync(t => t.Chapter.Slug == slug && t.IsPublished)));
    }

    [Fact]
    public async Task A_new_chapter_is_a_draft_until_published_per_language()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        using var reader = TestClient.Create(factory);
        var slug = NewSlug();
        await CreateChapterAsync(programme, slug, "Choosing films");
        await SaveAsync(programme, slug, "hy", "Ֆիլմերի ընտրություն", "Դիտեք ֆիլմը նախապես։", 0, matchesSource: true);

        Assert.Equal(HttpStatusCode.NotFound, (await reader.Http.GetAsync($"/en/handbook/{slug}")).StatusCode);
        Assert.Contains("draft-notice", await programme.Http.GetStringAsync($"/en/handbook/{slug}"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await programme.PostFormAsync($"/en/handbook/{slug}/edit/en", [], handler: "Publish")).StatusCode);
        var english = await reader.GetOkPageAsync($"/en/handbook/{slug}");
        Assert.Equal("Choosing films", english.QuerySelector("article h1")!.TextContent.Trim());

        // Armenian is still a draft: the reader is offered the languages it is published in.
        var armenian = await reader.GetOkPageAsync($"/hy/handbook/{slug}");
        Assert.NotNull(armenian.QuerySelector("[data-testid=not-in-language]"));
        Assert.Null(armenian.QuerySelector("[data-testid=chapter]"));
        Assert.Contains(armenian.QuerySelectorAll("[data-testid=not-in-language] a"), a => a.GetAttribute("href") == $"/en/handbook/{slug}");

        Assert.Equal(HttpStatusCode.Redirect, (await programme.PostFormAsync($"/en/handbook/{slug}/edit/hy", [], handler: "Publish")).StatusCode);
        Assert.Equal("Ֆիլմերի ընտրություն", (await reader.GetOkPageAsync($"/hy/handbook/{slug}")).QuerySelector("article h1")!.TextContent.Trim());

        Assert.Equal(HttpStatusCode.Redirect, (await programme.PostFormAsync($"/en/handbook/{slug}/edit/en", [], handler: "Unpublish")).StatusCode);
        Assert.Null((await reader.GetOkPageAsync($"/en/handbook/{slug}")).QuerySelector("[data-testid=chapter]"));
        Assert.NotNull((await reader.GetOkPageAsync($"/hy/handbook/{slug}")).QuerySelector("[data-testid=chapter]"));
    }

    [Fact]
    public async Task Every_save_is_a_version_and_restoring_adds_a_new_one()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var slug = NewSlug();
        await CreateChapterAsync(programme, slug, "Version one", "First text.");
        await SaveAsync(programme, slug, "en", "Version two", "Second text.", 1, note: "Rewrote the intro");
        await SaveAsync(programme, slug, "en", "Version three", "Third text.", 2);
        Assert.Equal(3, await RevisionAsync(slug, "en"));

        var history = await programme.GetOkPageAsync($"/en/handbook/{slug}/history/en");
        var rows = history.QuerySelectorAll("[data-testid=versions] tbody tr");
        Assert.Equal(3, rows.Length);
        Assert.Contains("Rewrote the intro", rows[1].TextContent, StringComparison.Ordinal);

        var old = await programme.GetOkPageAsync($"/en/handbook/{slug}/history/en/1");
        Assert.Contains("First text.", old.QuerySelector(".prose")!.TextContent, StringComparison.Ordinal);

        var restore = await programme.PostFormAsync($"/en/handbook/{slug}/history/en/1", new Dictionary<string, string> { ["baseRevision"] = "3" });
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.Equal(4, await RevisionAsync(slug, "en"));
        var versions = await factory.WithDbAsync(db => db.HandbookVersions
            .Where(v => v.Translation.Chapter.Slug == slug).OrderBy(v => v.Number).ToListAsync());
        Assert.Equal(["Version one", "Version two", "Version three", "Version one"], versions.Select(v => v.Title));
        Assert.Equal(1, versions[3].RestoredFromNumber);
        Assert.Equal("First text.", versions[3].Markdown.Trim());
        var current = await factory.WithDbAsync(db => db.HandbookTranslations.SingleAsync(t => t.Chapter.Slug == slug));
        Assert.Equal("First text.", current.Markdown.Trim());
    }

    [Fact]
    public async Task A_save_based_on_an_old_version_is_refused_and_the_text_is_kept()
    {
        using var first = await TestClient.SignedInAsync(factory, Roles.Programme);
        using var second = await TestClient.SignedInAsync(factory, Roles.Admin);
        var slug = NewSlug();
        await CreateChapterAsync(first, slug);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(first, slug, "en", "Edited by first", "First editor's words.", 1)).StatusCode);

        var conflict = await SaveAsync(second, slug, "en", "Edited by second", "Second editor's careful words.", 1);
        Assert.Equal(HttpStatusCode.OK, conflict.StatusCode);
        var page = TestClient.Parse(await conflict.Content.ReadAsStringAsync());
        Assert.NotNull(page.QuerySelector("[data-testid=conflict]"));
        Assert.Equal("Second editor's careful words.", page.QuerySelector("textarea[name=Markdown]")!.TextContent.Trim());
        Assert.Equal("2", page.QuerySelector("input[name=BaseRevision]")!.GetAttribute("value"));

        var current = await factory.WithDbAsync(db => db.HandbookTranslations.SingleAsync(t => t.Chapter.Slug == slug));
        Assert.Equal(("Edited by first", 2), (current.Title, current.Revision));
    }

    [Fact]
    public async Task A_translation_is_marked_out_of_date_when_the_source_changes()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        using var reader = TestClient.Create(factory);
        var slug = NewSlug();
        await CreateChapterAsync(programme, slug, "Safety", "No public attendee lists.");
        await SaveAsync(programme, slug, "az", "Təhlükəsizlik", "İştirakçı siyahıları açıq yayımlanmır.", 0, matchesSource: true);
        await programme.PostFormAsync($"/en/handbook/{slug}/edit/az", [], handler: "Publish");
        Assert.Null((await reader.GetOkPageAsync($"/az/handbook/{slug}")).QuerySelector("[data-testid=outdated-notice]"));

        await SaveAsync(programme, slug, "en", "Safety", "No public attendee lists. Photos only with consent.", 1);
        var outdated = await reader.GetOkPageAsync($"/az/handbook/{slug}");
        var notice = outdated.QuerySelector("[data-testid=outdated-notice]");
        Assert.NotNull(notice);
        Assert.Equal($"/en/handbook/{slug}", notice.QuerySelector("a")!.GetAttribute("href"));
        var api = await reader.Http.GetFromJsonAsync<ChapterJson>($"/api/handbook/{slug}?culture=az");
        Assert.True(api!.TranslationOutOfDate);

        // A typo fix without confirming keeps the marker; confirming clears it.
        await SaveAsync(programme, slug, "az", "Təhlükəsizlik", "İştirakçı siyahıları açıq yayımlanmır!", 1);
        Assert.NotNull((await reader.GetOkPageAsync($"/az/handbook/{slug}")).QuerySelector("[data-testid=outdated-notice]"));
        await SaveAsync(programme, slug, "az", "Təhlükəsizlik", "İştirakçı siyahıları açıq yayımlanmır. Foto yalnız razılıqla.", 2, matchesSource: true);
        Assert.Null((await reader.GetOkPageAsync($"/az/handbook/{slug}")).QuerySelector("[data-testid=outdated-notice]"));
        Assert.False((await reader.Http.GetFromJsonAsync<ChapterJson>($"/api/handbook/{slug}?culture=az"))!.TranslationOutOfDate);
    }

    [Fact]
    public async Task Chapter_text_is_rendered_harmlessly()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var slug = NewSlug();
        const string markdown = """
            ## Welcome

            <script>alert('xss')</script>

            [click me](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=)

            <img src="x" onerror="alert(2)">

            ![tracker](https://tracker.example.com/pixel.png) ![local](/favicon.svg)

            [safe link](https://example.org/guide) **bold**
            """;
        await CreateChapterAsync(programme, slug, "Tricky", markdown);
        await programme.PostFormAsync($"/en/handbook/{slug}/edit/en", [], handler: "Publish");

        using var reader = TestClient.Create(factory);
        var page = await reader.GetOkPageAsync($"/en/handbook/{slug}");
        var prose = page.QuerySelector(".prose")!;
        Assert.Empty(prose.QuerySelectorAll("script"));
        Assert.DoesNotContain(prose.QuerySelectorAll("[onerror]"), _ => true);
        Assert.All(prose.QuerySelectorAll("a[href]"), a =>
        {
            Assert.DoesNotContain("javascript:", a.GetAttribute("href")!, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("data:", a.GetAttribute("href")!, StringComparison.OrdinalIgnoreCase);
        });
        Assert.All(prose.QuerySelectorAll("img"), img => Assert.StartsWith("/", img.GetAttribute("src")!, StringComparison.Ordinal));
        Assert.Contains("<script>alert('xss')</script>", prose.TextContent, StringComparison.Ordinal);
        Assert.Equal("Welcome", prose.QuerySelector("h2")!.TextContent);
        Assert.Equal("noopener noreferrer nofollow", prose.QuerySelector("a[href='https://example.org/guide']")!.GetAttribute("rel"));
        Assert.NotNull(prose.QuerySelector("strong"));
    }

    [Fact]
    public async Task Invalid_input_names_the_field_in_the_editors_language_and_saves_nothing()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var slug = NewSlug();
        await CreateChapterAsync(programme, slug);

        var fields = new Dictionary<string, string> { ["Title"] = "", ["Markdown"] = "Still here", ["BaseRevision"] = "1" };
        var response = await programme.PostFormAsync($"/ru/handbook/{slug}/edit/en", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = TestClient.Parse(await response.Content.ReadAsStringAsync());
        var error = page.QuerySelector("[data-valmsg-for=Title]")!.TextContent.Trim();
        Assert.NotEmpty(error);
        Assert.Matches("[А-Яа-я]", error);
        Assert.Equal("Still here", page.QuerySelector("textarea[name=Markdown]")!.TextContent.Trim());
        Assert.Equal(1, await RevisionAsync(slug, "en"));

        var bad = await programme.PostFormAsync("/en/handbook/new", new Dictionary<string, string>
        {
            ["Slug"] = "Not A Slug!",
            ["SourceCulture"] = "en",
            ["Title"] = "x",
            ["Markdown"] = "y",
            ["SortOrder"] = "1000", // as the form sends it: an empty position is an error of its own
        });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badPage = TestClient.Parse(await bad.Content.ReadAsStringAsync());
        Assert.NotEmpty(badPage.QuerySelector("[data-valmsg-for=Slug]")!.TextContent.Trim());
        var duplicate = await programme.PostFormAsync("/en/handbook/new", new Dictionary<string, string>
        {
            ["Slug"] = slug,
            ["SourceCulture"] = "en",
            ["Title"] = "x",
            ["Markdown"] = "y",
            ["SortOrder"] = "1000", // as the form sends it: an empty position is an error of its own
        });
        Assert.Contains(slug, TestClient.Parse(await duplicate.Content.ReadAsStringAsync()).QuerySelector("[data-valmsg-for=Slug]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_answers_problem_details_for_unknown_chapters_and_cultures()
    {
        using var client = TestClient.Create(factory);
        var missing = await client.Http.GetAsync("/api/handbook/no-such-chapter?culture=ru");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        var badCulture = await client.Http.GetAsync("/api/handbook?culture=fr");
        Assert.Equal(HttpStatusCode.BadRequest, badCulture.StatusCode);
        Assert.Contains("culture", await badCulture.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed record ChapterJson(string Slug, string Culture, string Title, string Html, bool TranslationOutOfDate);
}

public sealed class HandbookTestsOnSqlite(SqliteFactory factory) : HandbookTests<SqliteFactory>(factory);

public sealed class HandbookTestsOnPostgres(PostgresFactory factory) : HandbookTests<PostgresFactory>(factory);
