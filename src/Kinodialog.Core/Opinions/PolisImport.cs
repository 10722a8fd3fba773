using System.Globalization;

namespace Kinodialog.Core.Opinions;

/// <summary>What is wrong with one place of a Polis export.</summary>
public enum PolisImportProblem
{
    /// <summary>A required file is empty (no header).</summary>
    EmptyFile,

    /// <summary>The header lacks a required column (<see cref="PolisImportError.Column"/>).</summary>
    MissingColumn,

    /// <summary>A row has fewer fields than the header.</summary>
    ShortRow,

    /// <summary>A quoted field is never closed.</summary>
    UnterminatedQuote,

    /// <summary>A field that must be a whole number (an id, a timestamp in milliseconds) is not.</summary>
    NotANumber,

    /// <summary>A vote is not 1, 0 or −1.</summary>
    BadVote,

    /// <summary>moderated is not 1, 0 or −1.</summary>
    BadModeration,

    /// <summary>A vote names a comment id that comments.csv does not have.</summary>
    UnknownComment,

    /// <summary>Two rows of comments.csv have the same comment id.</summary>
    DuplicateComment,

    /// <summary>A comment has no text.</summary>
    EmptyText,

    /// <summary>A comment is longer than the limit.</summary>
    TextTooLong,

    /// <summary>comments.csv has no comment at all.</summary>
    NoComments,
}

/// <summary>One problem, with the file and line (1-based; 0 when it concerns the whole file).</summary>
public sealed record PolisImportError(string File, int Line, PolisImportProblem Problem, string? Column = null, string? Value = null);

/// <summary>A comment of an imported conversation (Polis moderation: 1 accepted, 0 unmoderated, −1 rejected).</summary>
public sealed record PolisImportStatement(int Id, long Timestamp, int? Author, int Moderated, bool IsMeta, bool IsSeed, string Text);

/// <summary>One vote event (the latest per voter and comment counts); +1 agree, −1 disagree, 0 pass.</summary>
public sealed record PolisImportVote(long Timestamp, int Statement, int Voter, int Value);

/// <summary>A validated Polis conversation, ready to be stored.</summary>
public sealed record PolisImportConversation(
    string Topic,
    string Description,
    string Url,
    IReadOnlyList<PolisImportStatement> Statements,
    IReadOnlyList<PolisImportVote> Votes,
    IReadOnlyList<int> Voters);

/// <summary>The conversation, or every problem found (up to <see cref="PolisImport.MaxErrors"/>); never both.</summary>
public sealed record PolisImportOutcome(PolisImportConversation? Conversation, IReadOnlyList<PolisImportError> Errors);

/// <summary>
/// Reads and checks a Polis open-data export (comments.csv, votes.csv, optional summary.csv) before
/// anything is stored: every row is checked and each problem names its file, line and column.
/// </summary>
public static class PolisImport
{
    public const string CommentsFile = "comments.csv";
    public const string VotesFile = "votes.csv";
    public const string SummaryFile = "summary.csv";
    public const string ParticipantsVotesFile = "participants-votes.csv";

    /// <summary>At most this many problems are reported (the rest are the same kind, usually).</summary>
    public const int MaxErrors = 20;

    /// <summary>Largest timestamp a date can hold (milliseconds since 1970, the year 9999).</summary>
    private const long MaxTimestamp = 253_402_300_799_999;

    public static PolisImportOutcome Read(TextReader comments, TextReader votes, TextReader? summary, int maxTextLength)
    {
        ArgumentNullException.ThrowIfNull(comments);
        ArgumentNullException.ThrowIfNull(votes);
        var errors = new Errors();
        var statements = ReadComments(comments, maxTextLength, errors);
        var known = statements.Select(s => s.Id).ToHashSet();
        var voteList = ReadVotes(votes, known, errors);
        var (topic, description, url) = summary is null ? ("", "", "") : ReadSummary(summary);
        if (errors.List.Count > 0)
        {
            return new PolisImportOutcome(null, errors.List);
        }

        var voters = new SortedSet<int>();
        foreach (var v in voteList)
        {
            voters.Add(v.Voter);
        }

        foreach (var s in statements)
        {
            if (s.Author is int author)
            {
                voters.Add(author);
            }
        }

        var ordered = voteList.Select((v, i) => (v, i)).OrderBy(x => x.v.Timestamp).ThenBy(x => x.i).Select(x => x.v).ToList();
        return new PolisImportOutcome(new PolisImportConversation(topic, description, url, statements, ordered, [.. voters]), []);
    }

    private static List<PolisImportStatement> ReadComments(TextReader reader, int maxTextLength, Errors errors)
    {
        var list = new List<PolisImportStatement>();
        var seen = new HashSet<int>();
        string[]? header = null;
        int id = -1, body = -1, timestamp = -1, author = -1, moderated = -1, meta = -1, seed = -1;
        foreach (var row in PolisCsv.ReadRows(reader))
        {
            if (errors.Full)
            {
                break;
            }

            if (header is null)
            {
                header = row.Fields;
                id = Array.IndexOf(header, "comment-id");
                body = Array.IndexOf(header, "comment-body");
                timestamp = Array.IndexOf(header, "timestamp");
                author = Array.IndexOf(header, "author-id");
                moderated = Array.IndexOf(header, "moderated");
                meta = Array.IndexOf(header, "is-meta");
                seed = Array.IndexOf(header, "is-seed");
                var missing = false;
                foreach (var (index, name) in new[] { (id, "comment-id"), (body, "comment-body") })
                {
                    if (index < 0)
                    {
                        errors.Add(new PolisImportError(CommentsFile, row.Line, PolisImportProblem.MissingColumn, name));
                        missing = true;
                    }
                }

                if (missing)
                {
                    return list;
                }

                continue;
            }

            if (IsBlank(row))
            {
                continue;
            }

            if (row.Unterminated)
            {
                errors.Add(new PolisImportError(CommentsFile, row.Line, PolisImportProblem.UnterminatedQuote));
                break;
            }

            if (row.Fields.Length < header.Length)
            {
                errors.Add(new PolisImportError(CommentsFile, row.Line, PolisImportProblem.ShortRow, Value: row.Fields.Length.ToString(CultureInfo.InvariantCulture)));
                continue;
            }

            var ok = true;
            var commentId = Int(row, id, "comment-id", CommentsFile, errors, ref ok);
            var time = timestamp < 0 || row.Fields[timestamp].Length == 0 ? 0 : Timestamp(row, timestamp, "timestamp", CommentsFile, errors, ref ok);
            int? authorId = author < 0 || row.Fields[author].Length == 0 ? null : Int(row, author, "author-id", CommentsFile, errors, ref ok);
            var moderation = 1;
            if (moderated >= 0 && row.Fields[moderated].Length > 0)
            {
                moderation = Int(row, moderated, "moderated", CommentsFile, errors, ref ok);
                if (ok && moderation is < -1 or > 1)
                {
                    errors.Add(new PolisImportError(CommentsFile, row.Line, PolisImportProblem.BadModeration, "moderated", row.Fields[moderated]));
                    ok = false;
                }
            }

            var text = row.Fields[body].Trim();
            if (text.Length == 0)
            {
                errors.Add(new PolisImportError(CommentsFile, row.Line, PolisImportProblem.EmptyText, "comment-body"));
                ok = false;
            }
            else if (text.Length > maxTextLength)
            {
                errors.Add(new PolisImportError(CommentsFile, row.Line, PolisImportProblem.TextTooLong, "comment-body", text.Length.ToString(CultureInfo.InvariantCulture)));
                ok = false;
            }

            if (ok && !seen.Add(commentId))
            {
                errors.Add(new PolisImportError(CommentsFile, row.Line, PolisImportProblem.DuplicateComment, "comment-id", row.Fields[id]));
                ok = false;
            }

            if (ok)
            {
                list.Add(new PolisImportStatement(commentId, time, authorId, moderation, Flag(row, meta), Flag(row, seed), text));
            }
        }

        if (header is null)
        {
            errors.Add(new PolisImportError(CommentsFile, 0, PolisImportProblem.EmptyFile));
        }
        else if (list.Count == 0 && errors.List.Count == 0)
        {
            errors.Add(new PolisImportError(CommentsFile, 0, PolisImportProblem.NoComments));
        }

        return list;
    }

    private static List<PolisImportVote> ReadVotes(TextReader reader, HashSet<int> known, Errors errors)
    {
        var list = new List<PolisImportVote>();
        string[]? header = null;
        int timestamp = -1, comment = -1, voter = -1, vote = -1;
        foreach (var row in PolisCsv.ReadRows(reader))
        {
            if (errors.Full)
            {
                break;
            }

            if (header is null)
            {
                header = row.Fields;
                timestamp = Array.IndexOf(header, "timestamp");
                comment = Array.IndexOf(header, "comment-id");
                voter = Array.IndexOf(header, "voter-id");
                vote = Array.IndexOf(header, "vote");
                var missing = false;
                foreach (var (index, name) in new[] { (timestamp, "timestamp"), (comment, "comment-id"), (voter, "voter-id"), (vote, "vote") })
                {
                    if (index < 0)
                    {
                        errors.Add(new PolisImportError(VotesFile, row.Line, PolisImportProblem.MissingColumn, name));
                        missing = true;
                    }
                }

                if (missing)
                {
                    return list;
                }

                continue;
            }

            if (IsBlank(row))
            {
                continue;
            }

            if (row.Unterminated)
            {
                errors.Add(new PolisImportError(VotesFile, row.Line, PolisImportProblem.UnterminatedQuote));
                break;
            }

            if (row.Fields.Length < header.Length)
            {
                errors.Add(new PolisImportError(VotesFile, row.Line, PolisImportProblem.ShortRow, Value: row.Fields.Length.ToString(CultureInfo.InvariantCulture)));
                continue;
            }

            var ok = true;
            var time = Timestamp(row, timestamp, "timestamp", VotesFile, errors, ref ok);
            var commentId = Int(row, comment, "comment-id", VotesFile, errors, ref ok);
            var voterId = Int(row, voter, "voter-id", VotesFile, errors, ref ok);
            var value = Int(row, vote, "vote", VotesFile, errors, ref ok);
            if (ok && value is < -1 or > 1)
            {
                errors.Add(new PolisImportError(VotesFile, row.Line, PolisImportProblem.BadVote, "vote", row.Fields[vote]));
                ok = false;
            }

            if (ok && !known.Contains(commentId))
            {
                errors.Add(new PolisImportError(VotesFile, row.Line, PolisImportProblem.UnknownComment, "comment-id", row.Fields[comment]));
                ok = false;
            }

            if (ok)
            {
                list.Add(new PolisImportVote(time, commentId, voterId, value));
            }
        }

        if (header is null)
        {
            errors.Add(new PolisImportError(VotesFile, 0, PolisImportProblem.EmptyFile));
        }

        return list;
    }

    private static (string Topic, string Description, string Url) ReadSummary(TextReader reader)
    {
        string topic = "", description = "", url = "";
        foreach (var row in PolisCsv.ReadRows(reader))
        {
            if (row.Fields.Length < 2)
            {
                continue;
            }

            switch (row.Fields[0])
            {
                case "topic":
                    topic = row.Fields[1].Trim();
                    break;
                case "conversation-description":
                    description = row.Fields[1].Trim();
                    break;
                case "url":
                    url = row.Fields[1].Trim();
                    break;
            }
        }

        return (topic, description, url);
    }

    private static bool IsBlank(CsvRow row) => row.Fields.Length == 1 && row.Fields[0].Length == 0;

    private static bool Flag(CsvRow row, int index) =>
        index >= 0 && string.Equals(row.Fields[index].Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static int Int(CsvRow row, int index, string column, string file, Errors errors, ref bool ok)
    {
        if (int.TryParse(row.Fields[index].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && (value >= 0 || column is "vote" or "moderated"))
        {
            return value;
        }

        errors.Add(new PolisImportError(file, row.Line, PolisImportProblem.NotANumber, column, row.Fields[index]));
        ok = false;
        return 0;
    }

    private static long Timestamp(CsvRow row, int index, string column, string file, Errors errors, ref bool ok)
    {
        if (long.TryParse(row.Fields[index].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= MaxTimestamp)
        {
            return value;
        }

        errors.Add(new PolisImportError(file, row.Line, PolisImportProblem.NotANumber, column, row.Fields[index]));
        ok = false;
        return 0;
    }

    private sealed class Errors
    {
        public List<PolisImportError> List { get; } = [];

        public bool Full => List.Count >= MaxErrors;

        public void Add(PolisImportError error)
        {
            if (!Full)
            {
                List.Add(error);
            }
        }
    }
}
