using System.Globalization;
using Kinodialog.Core.Csv;

namespace Kinodialog.Core.Opinions;

/// <summary>How <see cref="PolisReader"/> treats a problem in a Polis file.</summary>
public enum PolisReadMode
{
    /// <summary>
    /// The web import: every problem (malformed CSV, a short row, a number that is not one, a vote that is not
    /// 1, 0 or −1, an unknown or duplicate comment, an empty or too long text) is a <see cref="PolisImportError"/>
    /// naming file, line and column; ids are whole numbers, texts are trimmed, moderated defaults to 1.
    /// </summary>
    Strict,

    /// <summary>
    /// The command line (`opinions analyze`): ids are any text, votes are normalised to their sign, short,
    /// blank and malformed rows are skipped and counted (<see cref="PolisReader.Skipped"/>), comments a vote
    /// names but comments.csv lacks are added; a number that is not one stops the reading with a
    /// <see cref="FormatException"/> naming file, line and column.
    /// </summary>
    Lenient,
}

/// <summary>What a lenient reading skipped or normalised.</summary>
public sealed record PolisReadCounts(long ShortRows, long MalformedRows, long NormalisedVotes);

/// <summary>
/// The one reader of Polis open-data files (comments.csv, votes.csv, participants-votes.csv, summary.csv) on
/// <see cref="CsvReader"/>, in a <see cref="PolisReadMode.Strict"/> or <see cref="PolisReadMode.Lenient"/> mode.
/// Vote rows are parsed from the CSV buffer without copying; the ids of comments and voters are kept once
/// each however many votes name them. One instance reads one export (the strict mode collects the errors of
/// all its files, up to <see cref="MaxErrors"/>).
/// </summary>
public sealed class PolisReader(PolisReadMode mode, int maxTextLength = int.MaxValue)
{
    /// <summary>At most this many problems are reported in the strict mode (the rest are the same kind, usually).</summary>
    public const int MaxErrors = 20;

    /// <summary>Largest timestamp a date can hold (milliseconds since 1970, the year 9999).</summary>
    private const long MaxTimestamp = 253_402_300_799_999;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly List<PolisImportError> errors = [];
    private readonly Dictionary<string, string> ids = new(StringComparer.Ordinal);
    private long shortRows;
    private long malformedRows;
    private long normalisedVotes;

    public PolisReadMode Mode => mode;

    /// <summary>Problems found in the strict mode, in file and line order (none in the lenient mode).</summary>
    public IReadOnlyList<PolisImportError> Errors => errors;

    /// <summary>What the lenient mode skipped or normalised so far.</summary>
    public PolisReadCounts Skipped => new(shortRows, malformedRows, normalisedVotes);

    private bool Strict => mode == PolisReadMode.Strict;

    private bool Full => errors.Count >= MaxErrors;

    /// <summary>comments.csv. Strict: comment-id and comment-body required, ids as whole numbers.</summary>
    public List<PolisComment> ReadComments(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        const string File = PolisImport.CommentsFile;
        var list = new List<PolisComment>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var csv = CsvReader.From(reader);
        string[]? header = null;
        int id = -1, body = -1, timestamp = -1, author = -1, agrees = -1, disagrees = -1, moderated = -1, meta = -1, seed = -1, gic = -1;
        while (!Full && csv.Read())
        {
            if (header is null)
            {
                if (Malformed(csv, File, null))
                {
                    break;
                }

                header = csv.Fields();
                id = Array.IndexOf(header, "comment-id");
                body = Array.IndexOf(header, "comment-body");
                timestamp = Array.IndexOf(header, "timestamp");
                author = Array.IndexOf(header, "author-id");
                agrees = Array.IndexOf(header, "agrees");
                disagrees = Array.IndexOf(header, "disagrees");
                moderated = Array.IndexOf(header, "moderated");
                meta = Array.IndexOf(header, "is-meta");
                seed = Array.IndexOf(header, "is-seed");
                gic = Array.IndexOf(header, "group-informed-consensus");
                if (Strict && !RequireColumns(File, csv.Line, (id, "comment-id"), (body, "comment-body")))
                {
                    return list;
                }

                continue;
            }

            if (Strict && csv.IsBlank)
            {
                continue;
            }

            if (Malformed(csv, File, header))
            {
                if (csv.Error?.Problem == CsvProblem.BadQuote)
                {
                    continue;
                }

                break;
            }

            if (csv.FieldCount < header.Length)
            {
                ShortRow(csv, File);
                continue;
            }

            if (Strict)
            {
                ReadStrictComment(csv, list, seen, id, body, timestamp, author, moderated, meta, seed);
                continue;
            }

            var g = Text(csv, gic);
            list.Add(new PolisComment(
                Text(csv, id),
                LenientLong(csv, timestamp, File, "timestamp"),
                Text(csv, author),
                (int)LenientLong(csv, agrees, File, "agrees"),
                (int)LenientLong(csv, disagrees, File, "disagrees"),
                (int)LenientLong(csv, moderated, File, "moderated"),
                IsTrue(csv, meta, trim: false),
                IsTrue(csv, seed, trim: false),
                g.Length == 0 ? null : LenientDouble(g, csv.Line, File, "group-informed-consensus"),
                Text(csv, body)));
        }

        if (Strict)
        {
            if (header is null)
            {
                Report(new PolisImportError(File, 0, PolisImportProblem.EmptyFile));
            }
            else if (header is not null && list.Count == 0 && errors.Count == 0)
            {
                Report(new PolisImportError(File, 0, PolisImportProblem.NoComments));
            }
        }

        return list;
    }

    /// <summary>
    /// votes.csv (timestamp, comment-id, voter-id and vote required). Strict: each vote must name one of
    /// <paramref name="comments"/>; lenient: votes are normalised to −1, 0, 1.
    /// </summary>
    public PolisVoteLog ReadVotes(TextReader reader, IReadOnlyCollection<PolisComment>? comments = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        const string File = PolisImport.VotesFile;
        // A file's size tells roughly how many votes it holds (a Polis row is 45-60 bytes): room for them at once.
        var list = new PolisVoteLog(reader is StreamReader { BaseStream: { CanSeek: true } stream } ? (int)Math.Min(stream.Length / 40, 50_000_000) : 1024);
        var known = new HashSet<int>((comments ?? []).Select(c => list.Intern(c.CommentId)));
        using var csv = CsvReader.From(reader);
        string[]? header = null;
        int timestamp = -1, comment = -1, voter = -1, vote = -1, needed = 0;
        while (!Full && csv.Read())
        {
            if (header is null)
            {
                if (Malformed(csv, File, null))
                {
                    break;
                }

                header = csv.Fields();
                timestamp = Array.IndexOf(header, "timestamp");
                comment = Array.IndexOf(header, "comment-id");
                voter = Array.IndexOf(header, "voter-id");
                vote = Array.IndexOf(header, "vote");
                if (!Strict && (timestamp < 0 || comment < 0 || voter < 0 || vote < 0))
                {
                    throw new FormatException("votes.csv needs timestamp, comment-id, voter-id and vote columns.");
                }

                if (Strict && !RequireColumns(File, csv.Line, (timestamp, "timestamp"), (comment, "comment-id"), (voter, "voter-id"), (vote, "vote")))
                {
                    return list;
                }

                needed = Strict ? header.Length : Math.Max(Math.Max(timestamp, comment), Math.Max(voter, vote)) + 1;
                continue;
            }

            if (Strict && csv.IsBlank)
            {
                continue;
            }

            if (Malformed(csv, File, header))
            {
                if (csv.Error?.Problem == CsvProblem.BadQuote)
                {
                    continue;
                }

                break;
            }

            if (csv.FieldCount < needed)
            {
                ShortRow(csv, File);
                continue;
            }

            if (Strict)
            {
                var ok = true;
                var time = StrictTimestamp(csv, timestamp, File, "timestamp", ref ok);
                var commentId = StrictId(csv, comment, File, "comment-id", list, ref ok);
                var voterId = StrictId(csv, voter, File, "voter-id", list, ref ok);
                var value = StrictInt(csv, vote, File, "vote", negative: true, ref ok);
                if (ok && value is < -1 or > 1)
                {
                    Report(new PolisImportError(File, csv.Line, PolisImportProblem.BadVote, "vote", csv[vote]));
                    ok = false;
                }

                if (ok && !known.Contains(commentId))
                {
                    Report(new PolisImportError(File, csv.Line, PolisImportProblem.UnknownComment, "comment-id", csv[comment]));
                    ok = false;
                }

                if (ok)
                {
                    list.Add(time, commentId, voterId, value);
                }

                continue;
            }

            var v = (int)LenientLong(csv, vote, File, "vote");
            if (v is < -1 or > 1)
            {
                normalisedVotes++;
            }

            list.Add(LenientLong(csv, timestamp, File, "timestamp"), list.Intern(csv.Span(comment)), list.Intern(csv.Span(voter)), Math.Sign(v));
        }

        if (Strict && header is null)
        {
            Report(new PolisImportError(File, 0, PolisImportProblem.EmptyFile));
        }

        return list;
    }

    /// <summary>participants-votes.csv: each participant's group-id (null when blank), in the file's order.</summary>
    public List<KeyValuePair<string, string?>> ReadParticipantGroups(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var list = new List<KeyValuePair<string, string?>>();
        using var csv = CsvReader.From(reader);
        var header = false;
        while (csv.Read())
        {
            if (!header)
            {
                header = true;
                continue;
            }

            if (csv.Error is not null)
            {
                malformedRows++;
                continue;
            }

            if (csv.FieldCount < 3)
            {
                shortRows += csv.IsBlank ? 0 : 1;
                continue;
            }

            var group = csv.Span(2);
            list.Add(new(Id(csv.Span(0)), group.IsEmpty ? null : group.ToString()));
        }

        return list;
    }

    /// <summary>summary.csv: its rows (a name and a value each, usually), as written (a stray quote read as the lenient mode reads it).</summary>
    public List<string[]> ReadSummary(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<string[]>();
        using var csv = CsvReader.From(reader);
        while (csv.Read())
        {
            if (csv.Error is { } error)
            {
                malformedRows++;
                if (error.Problem != CsvProblem.BadQuote)
                {
                    break;
                }
            }

            rows.Add(csv.Fields());
        }

        return rows;
    }

    private void ReadStrictComment(CsvReader csv, List<PolisComment> list, HashSet<string> seen, int id, int body, int timestamp, int author, int moderated, int meta, int seed)
    {
        const string File = PolisImport.CommentsFile;
        var ok = true;
        var commentId = StrictId(csv, id, File, "comment-id", ref ok);
        var time = timestamp < 0 || csv.Span(timestamp).IsEmpty ? 0 : StrictTimestamp(csv, timestamp, File, "timestamp", ref ok);
        var authorId = author < 0 || csv.Span(author).IsEmpty ? string.Empty : StrictId(csv, author, File, "author-id", ref ok);
        var moderation = 1;
        if (moderated >= 0 && !csv.Span(moderated).IsEmpty)
        {
            moderation = StrictInt(csv, moderated, File, "moderated", negative: true, ref ok);
            if (ok && moderation is < -1 or > 1)
            {
                Report(new PolisImportError(File, csv.Line, PolisImportProblem.BadModeration, "moderated", csv[moderated]));
                ok = false;
            }
        }

        var text = csv.Span(body).Trim();
        if (text.IsEmpty)
        {
            Report(new PolisImportError(File, csv.Line, PolisImportProblem.EmptyText, "comment-body"));
            ok = false;
        }
        else if (text.Length > maxTextLength)
        {
            Report(new PolisImportError(File, csv.Line, PolisImportProblem.TextTooLong, "comment-body", text.Length.ToString(Invariant)));
            ok = false;
        }

        if (ok && !seen.Add(commentId!))
        {
            Report(new PolisImportError(File, csv.Line, PolisImportProblem.DuplicateComment, "comment-id", csv[id]));
            ok = false;
        }

        if (ok)
        {
            list.Add(new PolisComment(commentId!, time, authorId!, 0, 0, moderation, IsTrue(csv, meta, trim: true), IsTrue(csv, seed, trim: true), null, text.ToString()));
        }
    }

    private void Report(PolisImportError error)
    {
        if (!Full)
        {
            errors.Add(error);
        }
    }

    private bool RequireColumns(string file, int line, params (int Index, string Name)[] columns)
    {
        var missing = false;
        foreach (var (index, name) in columns)
        {
            if (index < 0)
            {
                Report(new PolisImportError(file, line, PolisImportProblem.MissingColumn, name));
                missing = true;
            }
        }

        return !missing;
    }

    /// <summary>Reports (strict) or counts (lenient) a malformed row; true when the row is malformed.</summary>
    private bool Malformed(CsvReader csv, string file, string[]? header)
    {
        if (csv.Error is not { } error)
        {
            return false;
        }

        if (!Strict)
        {
            malformedRows++;
            return true;
        }

        var column = error.Column > 0 && header is not null && error.Column <= header.Length ? header[error.Column - 1] : null;
        Report(error.Problem switch
        {
            CsvProblem.UnterminatedQuote => new PolisImportError(file, error.Line, PolisImportProblem.UnterminatedQuote),
            CsvProblem.BadQuote => new PolisImportError(file, error.Line, PolisImportProblem.BadQuote, column),
            _ => new PolisImportError(file, error.Line, PolisImportProblem.RowTooLong),
        });
        return true;
    }

    private void ShortRow(CsvReader csv, string file)
    {
        if (Strict)
        {
            Report(new PolisImportError(file, csv.Line, PolisImportProblem.ShortRow, Value: csv.FieldCount.ToString(Invariant)));
        }
        else
        {
            shortRows += csv.IsBlank ? 0 : 1;
        }
    }

    /// <summary>One string per distinct id, however many rows name it.</summary>
    private string Id(ReadOnlySpan<char> value)
    {
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out var id))
        {
            return id;
        }

        id = value.ToString();
        ids[id] = id;
        return id;
    }

    private static string Text(CsvReader csv, int index) => index >= 0 ? csv[index] : string.Empty;

    private static bool IsTrue(CsvReader csv, int index, bool trim) =>
        index >= 0 && (trim ? csv.Span(index).Trim() : csv.Span(index)).Equals("true", StringComparison.OrdinalIgnoreCase);

    private static long LenientLong(CsvReader csv, int index, string file, string column)
    {
        if (index < 0)
        {
            return 0;
        }

        var span = csv.Span(index);
        if (span.Length is > 0 and <= 18 && !span.ContainsAnyExceptInRange('0', '9'))
        {
            // Plain digits, the usual case: no culture or style to consult.
            var n = 0L;
            foreach (var c in span)
            {
                n = (n * 10) + (c - '0');
            }

            return n;
        }

        return span.IsEmpty ? 0
            : long.TryParse(span, NumberStyles.Integer, Invariant, out var value) ? value
            : throw new FormatException($"{file}, line {csv.Line}, column {column}: '{span}' is not a whole number.");
    }

    private static double LenientDouble(string text, int line, string file, string column) =>
        double.TryParse(text, NumberStyles.Float, Invariant, out var value) ? value
            : throw new FormatException($"{file}, line {line}, column {column}: '{text}' is not a number.");

    /// <summary>A non-negative whole number (an id), kept as its canonical text.</summary>
    private string? StrictId(CsvReader csv, int index, string file, string column, ref bool ok)
    {
        var value = StrictInt(csv, index, file, column, negative: false, ref ok);
        Span<char> text = stackalloc char[11];
        return ok && value.TryFormat(text, out var length, default, Invariant) ? Id(text[..length]) : null;
    }

    /// <summary>A non-negative whole number (an id) as its index in <paramref name="log"/> (−1 when it is not one).</summary>
    private int StrictId(CsvReader csv, int index, string file, string column, PolisVoteLog log, ref bool ok)
    {
        var before = ok;
        ok = true;
        var value = StrictInt(csv, index, file, column, negative: false, ref ok);
        Span<char> text = stackalloc char[11];
        var id = ok && value.TryFormat(text, out var length, default, Invariant) ? log.Intern(text[..length]) : -1;
        ok &= before;
        return id;
    }

    private int StrictInt(CsvReader csv, int index, string file, string column, bool negative, ref bool ok)
    {
        if (int.TryParse(csv.Span(index).Trim(), NumberStyles.AllowLeadingSign, Invariant, out var value) && (value >= 0 || negative))
        {
            return value;
        }

        Report(new PolisImportError(file, csv.Line, PolisImportProblem.NotANumber, column, csv[index]));
        ok = false;
        return 0;
    }

    private long StrictTimestamp(CsvReader csv, int index, string file, string column, ref bool ok)
    {
        if (long.TryParse(csv.Span(index).Trim(), NumberStyles.None, Invariant, out var value) && value <= MaxTimestamp)
        {
            return value;
        }

        Report(new PolisImportError(file, csv.Line, PolisImportProblem.NotANumber, column, csv[index]));
        ok = false;
        return 0;
    }
}
