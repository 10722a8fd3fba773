using Kinodialog.Core.Search;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Infrastructure.Content;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Films;

/// <summary>
/// Full-text search over titles, synopses and subtitles in every language. Text is folded in C#
/// (SearchText) before it is indexed and queried, so SQLite's FTS5 and PostgreSQL's tsvector see
/// the same tokens and give the same results.
/// </summary>
public sealed class FilmSearch(KinodialogDbContext db, IOptions<DatabaseOptions> options)
{
    /// <summary>Ids of films with an entry containing every term (as a word prefix); null when the query has no terms.</summary>
    public async Task<IReadOnlySet<Guid>?> FindAsync(string? query, CancellationToken cancellationToken)
    {
        var terms = SearchText.Terms(query);
        if (terms.Count == 0)
        {
            return null;
        }

        List<Guid> ids;
        if (options.Value.Provider == DatabaseProvider.Postgres)
        {
            var tsquery = string.Join(" & ", terms.Select(t => t + ":*"));
            ids = await db.Database
                .SqlQuery<Guid>($"""SELECT DISTINCT "FilmId" AS "Value" FROM "FilmSearchEntries" WHERE to_tsvector('simple', "Text") @@ to_tsquery('simple', {tsquery})""")
                .ToListAsync(cancellationToken);
        }
        else
        {
            var match = string.Join(" AND ", terms.Select(t => "\"" + t + "\"*"));
            ids = await db.Database
                .SqlQuery<Guid>($"""SELECT DISTINCT "FilmId" AS "Value" FROM "FilmSearchFts" WHERE "FilmSearchFts" MATCH {match}""")
                .ToListAsync(cancellationToken);
        }

        return ids.ToHashSet();
    }
}

/// <summary>Rebuilds a film's search entries from its texts and subtitles.</summary>
public sealed class FilmIndexer(KinodialogDbContext db, MediaStorage storage)
{
    public async Task ReindexAsync(Guid filmId, CancellationToken cancellationToken)
    {
        var texts = await db.FilmTranslations.Where(t => t.FilmId == filmId).ToListAsync(cancellationToken);
        var subtitles = await db.SubtitleTracks.Where(s => s.FilmId == filmId).ToListAsync(cancellationToken);
        await db.FilmSearchEntries.Where(e => e.FilmId == filmId).ExecuteDeleteAsync(cancellationToken);

        foreach (var text in texts)
        {
            Add(filmId, text.Culture, SearchField.Title, text.Title);
            Add(filmId, text.Culture, SearchField.Synopsis, text.Synopsis);
        }

        foreach (var track in subtitles)
        {
            var path = storage.FullPath(track.RelativePath);
            if (File.Exists(path))
            {
                var vtt = await File.ReadAllTextAsync(path, cancellationToken);
                Add(filmId, track.Culture, SearchField.Subtitles, SubtitleText.PlainText(vtt));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private void Add(Guid filmId, string culture, SearchField field, string text)
    {
        var folded = SearchText.Normalize(text);
        if (folded.Length > 0)
        {
            db.FilmSearchEntries.Add(new FilmSearchEntry { FilmId = filmId, Culture = culture, Field = field, Text = folded });
        }
    }
}
