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

    /// <summary>A quote inside an unquoted field, or text after a closing quote (<see cref="PolisImportError.Column"/>).</summary>
    BadQuote,

    /// <summary>A row too long to read (16 M characters; in practice a quote never closed).</summary>
    RowTooLong,
}

/// <summary>One problem, with the file and line (1-based; 0 when it concerns the whole file).</summary>
public sealed record PolisImportError(string File, int Line, PolisImportProblem Problem, string? Column = null, string? Value = null);

/// <summary>A comment of an imported conversation (Polis moderation: 1 accepted, 0 unmoderated, −1 rejected).</summary>
public sealed record PolisImportStatement(int Id, long Timestamp, int? Author, int Moderated, bool IsMeta, bool IsSeed, string Text);

/// <summary>One vote event (the latest per voter and comment counts); +1 agree, −1 disagree, 0 pass. A struct: exports hold millions.</summary>
public readonly record struct PolisImportVote(long Timestamp, int Statement, int Voter, int Value);

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
/// anything is stored: every row is checked and each problem names its file, line and column
/// (<see cref="PolisReader"/> in its strict mode).
/// </summary>
public static class PolisImport
{
    public const string CommentsFile = "comments.csv";
    public const string VotesFile = "votes.csv";
    public const string SummaryFile = "summary.csv";
    public const string ParticipantsVotesFile = "participants-votes.csv";

    /// <summary>At most this many problems are reported (the rest are the same kind, usually).</summary>
    public const int MaxErrors = PolisReader.MaxErrors;

    public static PolisImportOutcome Read(TextReader comments, TextReader votes, TextReader? summary, int maxTextLength)
    {
        ArgumentNullException.ThrowIfNull(comments);
        ArgumentNullException.ThrowIfNull(votes);
        var reader = new PolisReader(PolisReadMode.Strict, maxTextLength);
        var commentList = reader.ReadComments(comments);
        var voteList = reader.ReadVotes(votes, commentList);
        var (topic, description, url) = summary is null ? ("", "", "") : Summary(reader.ReadSummary(summary));
        if (reader.Errors.Count > 0)
        {
            return new PolisImportOutcome(null, reader.Errors);
        }

        // The strict reader let through whole, non-negative numbers only, in their canonical text.
        static int Number(string id) => int.Parse(id, NumberStyles.None, CultureInfo.InvariantCulture);
        var statements = commentList.Select(c => new PolisImportStatement(
            Number(c.CommentId), c.Timestamp, c.AuthorId.Length == 0 ? null : Number(c.AuthorId), c.Moderated, c.IsMeta, c.IsSeed, c.Body)).ToList();
        var numbers = new int[voteList.IdCount];
        for (var id = 0; id < numbers.Length; id++)
        {
            numbers[id] = Number(voteList.IdAt(id));
        }

        var imported = new List<PolisImportVote>(voteList.Count);
        var isVoter = new bool[numbers.Length];
        var sorted = true;
        for (var i = 0; i < voteList.Count; i++)
        {
            var time = voteList.TimestampAt(i);
            sorted &= i == 0 || voteList.TimestampAt(i - 1) <= time;
            var voter = voteList.VoterAt(i);
            isVoter[voter] = true;
            imported.Add(new PolisImportVote(time, numbers[voteList.CommentAt(i)], numbers[voter], voteList.VoteAt(i)));
        }

        var voterSet = new HashSet<int>();
        for (var id = 0; id < numbers.Length; id++)
        {
            if (isVoter[id])
            {
                voterSet.Add(numbers[id]);
            }
        }

        foreach (var s in statements)
        {
            if (s.Author is int author)
            {
                voterSet.Add(author);
            }
        }

        var voters = voterSet.ToList();
        voters.Sort();

        // Votes in time order (a stable sort: the file's order among equal times); an export's log usually is already.
        var ordered = sorted ? imported : imported.Select((v, i) => (v, i)).OrderBy(x => x.v.Timestamp).ThenBy(x => x.i).Select(x => x.v).ToList();
        return new PolisImportOutcome(new PolisImportConversation(topic, description, url, statements, ordered, voters), []);
    }

    private static (string Topic, string Description, string Url) Summary(List<string[]> rows)
    {
        string topic = "", description = "", url = "";
        foreach (var row in rows)
        {
            if (row.Length < 2)
            {
                continue;
            }

            switch (row[0])
            {
                case "topic":
                    topic = row[1].Trim();
                    break;
                case "conversation-description":
                    description = row[1].Trim();
                    break;
                case "url":
                    url = row[1].Trim();
                    break;
            }
        }

        return (topic, description, url);
    }
}
