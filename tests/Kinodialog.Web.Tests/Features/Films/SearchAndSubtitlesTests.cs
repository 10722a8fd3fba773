using System.Net;
using System.Text;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Films.FilmTestKit;

namespace Kinodialog.Web.Tests.Features.Films;

public abstract class SearchAndSubtitlesTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private async Task<SubtitleUploadResult> SaveSubtitlesAsync(Guid filmId, string culture, string text, string? legacy = null, Encoding? encoding = null) =>
        await factory.WithServicesAsync(sp => sp.GetRequiredService<SaveSubtitles>().HandleAsync(
            new SaveSubtitles.Command(filmId, culture, (encoding ?? Encoding.UTF8).GetBytes(text), legacy, null), CancellationToken.None));

    private async Task<IReadOnlyList<string>> SearchAsync(string query, string culture = "en")
    {
        using var client = TestClient.Create(factory);
        var page = await client.GetOkPageAsync($"/{culture}/films?q={Uri.EscapeDataString(query)}");
        return page.QuerySelectorAll("[data-testid=film-list] h2 a").Select(a => a.GetAttribute("href")!.Split('/').Last()).ToList();
    }

    [Fact]
    public async Task Search_finds_titles_synopses_and_subtitles_in_all_four_languages_whatever_the_case()
    {
        var marker = "q" + Guid.NewGuid().ToString("N")[..6];
        var istanbul = NewSlug();
        var other = NewSlug();
        var istanbulId = await CreateFilmAsync(factory, istanbul, texts:
        [
            new("en", $"Crossing {marker}", "Two students meet far from home.", ""),
            new("hy", "Հանդիպում", "Երկու ուսանող հանդիպում են տնից հեռու։", ""),
            new("az-Latn", "Səhər görüşü", "İki tələbə İstanbulda tanış olur.", ""),
            new("ru", "Встреча", "Двое студентов знакомятся вдали от дома.", ""),
        ]);
        var otherId = await CreateFilmAsync(factory, other, texts: [new("en", $"Orchard {marker}", "Apricot trees in spring.", "")]);
        Assert.True((await SaveSubtitlesAsync(istanbulId, "ru", "WEBVTT\n\n00:00.000 --> 00:02.000\nМы встретились в Стамбуле.\n\n00:02.500 --> 00:04.000\nНикто не спросил, откуда мы.\n")).Saved);
        Assert.True((await SaveSubtitlesAsync(otherId, "hy", "WEBVTT\n\n00:00.000 --> 00:02.000\nԾիրանի ծառերը ծաղկում են։\n")).Saved);

        foreach (var query in new[] { "ISTANBUL", "istanbul", "İstanbul", "İSTANBULDA", "ıstanbul" })
        {
            Assert.Equal([istanbul], await SearchAsync(query));
        }

        Assert.Equal([istanbul], await SearchAsync("стамбуле", "ru"));
        Assert.Equal([istanbul], await SearchAsync("СПРОСИЛ"));
        Assert.Equal([istanbul], await SearchAsync("seher"));
        Assert.Equal([istanbul], await SearchAsync("Səhər"));
        Assert.Equal([other], await SearchAsync("ծիրանի"));
        Assert.Equal([other], await SearchAsync("ԾԻՐԱՆԻ"));
        Assert.Equal([other], await SearchAsync("apricot"));
        Assert.Equal(new[] { istanbul, other }.Order(StringComparer.Ordinal), (await SearchAsync(marker)).Order(StringComparer.Ordinal));
        Assert.Equal([istanbul], await SearchAsync(marker + " crossing"));
        Assert.Empty(await SearchAsync(marker + " zzzzzz"));
        Assert.Empty(await SearchAsync("\"; DROP TABLE Films; --"));
    }

    [Fact]
    public async Task The_catalogue_filters_by_theme_length_subtitle_language_and_content_notes()
    {
        var marker = "f" + Guid.NewGuid().ToString("N")[..6];
        var slug = NewSlug();
        var filmId = await CreateFilmAsync(factory, slug, texts: [new("en", $"Filter {marker}", "", "")]);
        await factory.WithDbAsync(db => db.Films.Where(f => f.Id == filmId).ExecuteUpdateAsync(s => s.SetProperty(f => f.DurationSeconds, 600.0)));
        Assert.True((await SaveSubtitlesAsync(filmId, "az-Latn", "WEBVTT\n\n00:00.000 --> 00:02.000\nSalam\n")).Saved);
        using var client = TestClient.Create(factory);

        async Task<bool> Found(string query) =>
            (await client.GetOkPageAsync($"/en/films?q={marker}&{query}")).QuerySelectorAll("[data-testid=film-list] h2 a").Any(a => a.GetAttribute("href")!.EndsWith(slug, StringComparison.Ordinal));

        Assert.True(await Found("theme=refugees"));
        Assert.False(await Found("theme=youth"));
        Assert.True(await Found("max=10"));
        Assert.False(await Found("max=5"));
        Assert.True(await Found("subtitles=az"));
        Assert.False(await Found("subtitles=hy"));
        Assert.False(await Found("without=displacement"));
        Assert.True(await Found("without=torture"));
    }

    [Fact]
    public async Task A_subtitle_upload_reports_each_bad_line_and_a_rejected_file_changes_nothing()
    {
        using var staff = await TestClient.SignedInAsync(factory, Roles.Translator);
        var slug = NewSlug();
        var filmId = await CreateFilmAsync(factory, slug);
        Assert.True((await SaveSubtitlesAsync(filmId, "hy", "WEBVTT\n\n00:00.000 --> 00:02.000\nԲարև\n")).Saved);
        var before = await factory.WithDbAsync(db => db.SubtitleTracks.SingleAsync(t => t.FilmId == filmId && t.Culture == "hy"));

        // SRT with a BOM, CRLF line ends, no indices, a comma decimal and a malformed timing line.
        var srt = "\uFEFF00:00:01,000 --> 00:00:02,500\r\n<i>Բարև</i>\r\n\r\n00:00:03,000 -> 00:00:04,000\r\nԿոտրված\r\n\r\n00:00:05,000 --> 00:00:06,000\r\nՑտեսություն\r\n";
        using var form = new MultipartFormDataContent();
        var token = (await staff.GetOkPageAsync($"/ru/films/{slug}/media")).QuerySelector("form[action*=Subtitles] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new StringContent("hy"), "language");
        form.Add(new ByteArrayContent(Encoding.UTF8.GetPreamble().Length == 3 ? Encoding.UTF8.GetBytes(srt) : []), "file", "film.hy.srt");
        var response = await staff.Http.PostAsync($"/ru/films/{slug}/media?handler=Subtitles", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[data-testid=subtitle-report]")!;
        Assert.Contains("alert-success", report.ClassName, StringComparison.Ordinal);
        Assert.Matches("[А-Яа-я]", report.TextContent);
        Assert.Contains(report.QuerySelectorAll("li"), li => li.TextContent.Contains(" 4", StringComparison.Ordinal));
        var saved = await factory.WithDbAsync(db => db.SubtitleTracks.SingleAsync(t => t.FilmId == filmId && t.Culture == "hy"));
        Assert.Equal(2, saved.CueCount);
        var vtt = await File.ReadAllTextAsync(factory.Services.GetRequiredService<MediaStorage>().FullPath(saved.RelativePath));
        Assert.StartsWith("WEBVTT", vtt, StringComparison.Ordinal);
        Assert.Contains("00:00:01.000 --> 00:00:02.500", vtt, StringComparison.Ordinal);

        // Not subtitles at all: refused, and the stored track stays as it was.
        var rejected = await SaveSubtitlesAsync(filmId, "hy", "Just some notes\nwithout timings\n");
        Assert.False(rejected.Saved);
        Assert.Contains(rejected.Issues, i => i.Line == 1 && i.IsError);
        Assert.Equal(saved.Sha256, await factory.WithDbAsync(db => db.SubtitleTracks.Where(t => t.FilmId == filmId && t.Culture == "hy").Select(t => t.Sha256).SingleAsync()));
        Assert.NotEqual(before.Sha256, saved.Sha256);

        // Windows-1251 Russian is read when the uploader says so, and refused otherwise.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var cp1251 = Encoding.GetEncoding(1251);
        var russian = "WEBVTT\n\n00:00.000 --> 00:02.000\nПривет, соседи\n";
        Assert.False((await SaveSubtitlesAsync(filmId, "ru", russian, null, cp1251)).Saved);
        var converted = await SaveSubtitlesAsync(filmId, "ru", russian, "windows-1251", cp1251);
        Assert.True(converted.Saved);
        var ru = await factory.WithDbAsync(db => db.SubtitleTracks.SingleAsync(t => t.FilmId == filmId && t.Culture == "ru"));
        Assert.Contains("Привет, соседи", await File.ReadAllTextAsync(factory.Services.GetRequiredService<MediaStorage>().FullPath(ru.RelativePath)), StringComparison.Ordinal);
    }
}

public sealed class SearchAndSubtitlesTestsOnSqlite(SqliteFactory factory) : SearchAndSubtitlesTests<SqliteFactory>(factory);

public sealed class SearchAndSubtitlesTestsOnPostgres(PostgresFactory factory) : SearchAndSubtitlesTests<PostgresFactory>(factory);
