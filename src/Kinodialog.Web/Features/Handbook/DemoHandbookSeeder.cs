using System.Globalization;
using System.Reflection;
using Kinodialog.Core.Handbook;
using Kinodialog.Core.Localization;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Handbook;

/// <summary>A chapter of the shipped sample handbook, read from the embedded DemoContent files.</summary>
public sealed record DemoChapter(string Slug, int Order, IReadOnlyDictionary<string, (string Title, string Markdown)> Texts);

/// <summary>
/// Adds the shipped sample handbook (published in all four languages, marked as sample content).
/// Idempotent: a chapter that already exists (perhaps edited by staff) is left alone.
/// </summary>
public sealed partial class DemoHandbookSeeder(KinodialogDbContext db, TimeProvider clock, ILogger<DemoHandbookSeeder> logger)
{
    private const string Prefix = "Kinodialog.DemoContent.";

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var existing = (await db.HandbookChapters.Select(c => c.Slug).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var demo in LoadDemoChapters())
        {
            if (existing.Contains(demo.Slug) || !demo.Texts.ContainsKey(SupportedCultures.English.Name))
            {
                continue;
            }

            var chapter = new HandbookChapter
            {
                Slug = demo.Slug,
                SourceCulture = SupportedCultures.English.Name,
                SortOrder = demo.Order * 10,
                IsSample = true,
                CreatedAt = now,
            };
            foreach (var (culture, (title, markdown)) in demo.Texts)
            {
                var translation = CreateChapter.NewTranslation(culture, title, markdown, now);
                translation.BasedOnSourceRevision = culture == chapter.SourceCulture ? null : 1;
                translation.IsPublished = true;
                translation.PublishedAt = now;
                translation.Versions.Add(CreateChapter.NewVersion(1, translation, translation.BasedOnSourceRevision, now, null, "Kinodialog sample content", null));
                chapter.Translations.Add(translation);
            }

            db.HandbookChapters.Add(chapter);
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        LogSeeded(logger, added);
        return added;
    }

    /// <summary>Reads every embedded "NN-slug.culture.md" file: first line "# Title", then the Markdown body.</summary>
    public static IReadOnlyList<DemoChapter> LoadDemoChapters()
    {
        var assembly = typeof(DemoHandbookSeeder).Assembly;
        var chapters = new SortedDictionary<string, (int Order, Dictionary<string, (string, string)> Texts)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal)))
        {
            var file = name[Prefix.Length..^".md".Length]; // 01-choosing-films.az-Latn
            var dot = file.IndexOf('.', StringComparison.Ordinal);
            var dash = file.IndexOf('-', StringComparison.Ordinal);
            var culture = SupportedCultures.Find(file[(dot + 1)..]);
            if (dot < 0 || dash < 0 || culture is null
                || !int.TryParse(file[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var order))
            {
                throw new InvalidOperationException($"Demo content file '{name}' must be named NN-slug.culture.md.");
            }

            var slug = file[(dash + 1)..dot];
            if (!ChapterSlug.IsValid(slug))
            {
                throw new InvalidOperationException($"Demo content file '{name}': '{slug}' is not a valid chapter slug.");
            }

            var (title, markdown) = Read(assembly, name);
            if (!chapters.TryGetValue(slug, out var entry))
            {
                entry = (order, new Dictionary<string, (string, string)>(StringComparer.Ordinal));
                chapters[slug] = entry;
            }

            entry.Texts[culture.Name] = (title, markdown);
        }

        return chapters.OrderBy(c => c.Value.Order)
            .Select(c => new DemoChapter(c.Key, c.Value.Order, c.Value.Texts))
            .ToList();
    }

    private static (string Title, string Markdown) Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        var firstBreak = text.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = firstBreak < 0 ? text : text[..firstBreak];
        if (!firstLine.StartsWith("# ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Demo content file '{name}', line 1: must start with '# ' and the chapter title.");
        }

        return (firstLine[2..].Trim(), firstBreak < 0 ? "" : text[(firstBreak + 1)..].Trim() + "\n");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo handbook: {Added} chapter(s) added")]
    private static partial void LogSeeded(ILogger logger, int added);
}
