using Kinodialog.Core.Localization;
using Kinodialog.Web.Features.Handbook;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kinodialog.Web.Tests.Features.Handbook;

public abstract class DemoHandbookTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public void The_demo_handbook_covers_the_required_topics_in_all_four_languages()
    {
        var chapters = DemoHandbookSeeder.LoadDemoChapters();
        Assert.True(chapters.Count >= 8, $"only {chapters.Count} demo chapters");
        foreach (var topic in new[] { "choosing-films", "venue-and-equipment", "running-order", "ground-rules", "facilitation", "trauma-awareness", "participant-safety", "reading-survey-results", "screening-without-internet" })
        {
            var chapter = Assert.Single(chapters, c => c.Slug == topic);
            Assert.Equal(SupportedCultures.All.Select(c => c.Name).Order(StringComparer.Ordinal), chapter.Texts.Keys.Order(StringComparer.Ordinal));
            foreach (var (culture, (title, markdown)) in chapter.Texts)
            {
                Assert.False(string.IsNullOrWhiteSpace(title), $"{topic}.{culture} has no title");
                Assert.True(markdown.Length > 1000, $"{topic}.{culture} is too short to be useful ({markdown.Length} characters)");
            }

            Assert.NotEqual(chapter.Texts["en"].Markdown, chapter.Texts["ru"].Markdown);
        }
    }

    [Fact]
    public async Task Seeding_twice_changes_nothing_and_everything_is_published_and_marked_as_sample()
    {
        var before = await factory.WithDbAsync(db => db.HandbookVersions.CountAsync());
        var added = await factory.WithServicesAsync(sp => sp.GetRequiredService<DemoHandbookSeeder>().SeedAsync(CancellationToken.None));
        Assert.Equal(0, added);
        Assert.Equal(before, await factory.WithDbAsync(db => db.HandbookVersions.CountAsync()));

        var chapters = await factory.WithDbAsync(db => db.HandbookChapters.Include(c => c.Translations).ToListAsync());
        Assert.Equal(DemoHandbookSeeder.LoadDemoChapters().Count, chapters.Count);
        Assert.All(chapters, c =>
        {
            Assert.True(c.IsSample);
            Assert.Equal(4, c.Translations.Count);
            Assert.All(c.Translations, t => Assert.True(t.IsPublished));
        });
    }

    [Fact]
    public async Task A_demo_chapter_reads_in_every_language_with_the_sample_notice()
    {
        using var client = TestClient.Create(factory);
        foreach (var culture in SupportedCultures.All)
        {
            var list = await client.GetOkPageAsync($"/{culture.UrlSegment}/handbook");
            var links = list.QuerySelectorAll("[data-testid=chapter-list] > li > a");
            Assert.True(links.Length >= 8);
            var page = await client.GetOkPageAsync(links[0].GetAttribute("href")!);
            Assert.NotNull(page.QuerySelector("[data-testid=sample-notice]"));
            Assert.Null(page.QuerySelector("[data-testid=outdated-notice]"));
            Assert.True(page.QuerySelectorAll(".prose h2").Length >= 2);
        }
    }
}

public sealed class DemoHandbookTestsOnSqlite(SqliteDemoFactory factory) : DemoHandbookTests<SqliteDemoFactory>(factory);

public sealed class DemoHandbookTestsOnPostgres(PostgresDemoFactory factory) : DemoHandbookTests<PostgresDemoFactory>(factory);

public abstract class DemoReseedTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task An_edit_by_staff_is_kept_when_the_demo_is_seeded_again()
    {
        var slug = DemoHandbookSeeder.LoadDemoChapters()[0].Slug;
        var save = await factory.WithServicesAsync(sp => sp.GetRequiredService<SaveChapterText>().HandleAsync(
            new SaveChapterText.Command(slug, "ru", "Наш заголовок", "Наш текст.", 1, false, null, new StaffAuthor(Guid.CreateVersion7(), "Anna"), PublishesDirectly: true), CancellationToken.None));
        Assert.Equal(HandbookChangeStatus.Done, save.Status);
        await factory.WithServicesAsync(sp => sp.GetRequiredService<DemoHandbookSeeder>().SeedAsync(CancellationToken.None));
        var title = await factory.WithDbAsync(db => db.HandbookTranslations.Where(t => t.Chapter.Slug == slug && t.Culture == "ru").Select(t => t.Title).SingleAsync());
        Assert.Equal("Наш заголовок", title);
    }
}

public sealed class DemoReseedTestsOnSqlite(SqliteDemoFactory factory) : DemoReseedTests<SqliteDemoFactory>(factory);

public sealed class DemoReseedTestsOnPostgres(PostgresDemoFactory factory) : DemoReseedTests<PostgresDemoFactory>(factory);
