using System.Globalization;

namespace Kinodialog.Core.Opinions;

/// <summary>One row of Polis's votes.csv (an event log; sign: +1 agree, −1 disagree, 0 pass).</summary>
public sealed record PolisVote(long Timestamp, string CommentId, string VoterId, int Vote);

/// <summary>One row of Polis's comments.csv.</summary>
public sealed record PolisComment(
    string CommentId,
    long Timestamp,
    string AuthorId,
    int Agrees,
    int Disagrees,
    int Moderated,
    bool IsMeta,
    bool IsSeed,
    double? GroupInformedConsensus,
    string Body);

/// <summary>A conversation read from the Polis open-data CSV files.</summary>
public sealed record PolisConversation(
    OpinionInput Input,
    IReadOnlyList<PolisVote> Votes,
    IReadOnlyList<PolisComment> Comments,
    IReadOnlyDictionary<string, string?> GroupIds,
    IReadOnlyList<KeyValuePair<string, string>> Summary)
{
    /// <summary>Statement index of each comment id.</summary>
    public int StatementIndex(string commentId)
    {
        for (var s = 0; s < Input.StatementCount; s++)
        {
            if (string.Equals(Input.Statements[s].ExternalId, commentId, StringComparison.Ordinal))
            {
                return s;
            }
        }

        return -1;
    }
}

/// <summary>
/// Reads and writes the Polis open-data formats (votes.csv, comments.csv, participants-votes.csv,
/// summary.csv) over readers and writers; no file access here.
/// </summary>
public static class PolisExport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static PolisConversation Read(string votesCsv, string commentsCsv, string? participantsVotesCsv = null, string? summaryCsv = null)
    {
        using var votes = new StringReader(votesCsv);
        using var comments = new StringReader(commentsCsv);
        using var participants = participantsVotesCsv is null ? null : new StringReader(participantsVotesCsv);
        using var summary = summaryCsv is null ? null : new StringReader(summaryCsv);
        return Read(votes, comments, participants, summary);
    }

    public static PolisConversation Read(TextReader votesCsv, TextReader commentsCsv, TextReader? participantsVotesCsv = null, TextReader? summaryCsv = null) =>
        Read(new PolisReader(PolisReadMode.Lenient), votesCsv, commentsCsv, participantsVotesCsv, summaryCsv);

    /// <summary>Reads with the given reader (lenient for the command line); its counts tell what was skipped.</summary>
    public static PolisConversation Read(PolisReader reader, TextReader votesCsv, TextReader commentsCsv, TextReader? participantsVotesCsv = null, TextReader? summaryCsv = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(votesCsv);
        ArgumentNullException.ThrowIfNull(commentsCsv);
        var comments = reader.ReadComments(commentsCsv);
        var votes = reader.ReadVotes(votesCsv);
        var groupIds = new Dictionary<string, string?>(StringComparer.Ordinal);
        var participantOrder = new List<string>();
        if (participantsVotesCsv is not null)
        {
            foreach (var (id, group) in reader.ReadParticipantGroups(participantsVotesCsv))
            {
                groupIds[id] = group;
                participantOrder.Add(id);
            }
        }

        var summary = new List<KeyValuePair<string, string>>();
        if (summaryCsv is not null)
        {
            foreach (var row in reader.ReadSummary(summaryCsv))
            {
                if (row.Length >= 1 && row[0].Length > 0)
                {
                    summary.Add(new(row[0], row.Length > 1 ? row[1] : string.Empty));
                }
            }
        }

        var builder = new OpinionInputBuilder();
        foreach (var c in comments)
        {
            builder.AddStatement(c.CommentId, c.IsMeta, c.Moderated < 0);
        }

        foreach (var id in participantOrder)
        {
            builder.AddParticipant(id);
        }

        votes.AddTo(builder);
        return new PolisConversation(builder.Build(), votes, comments, groupIds, summary);
    }

    /// <summary>votes.csv, leniently (<see cref="PolisReadMode.Lenient"/>).</summary>
    public static PolisVoteLog ReadVotes(TextReader reader) => new PolisReader(PolisReadMode.Lenient).ReadVotes(reader);

    /// <summary>comments.csv, leniently (<see cref="PolisReadMode.Lenient"/>).</summary>
    public static List<PolisComment> ReadComments(TextReader reader) => new PolisReader(PolisReadMode.Lenient).ReadComments(reader);

    /// <summary>Final votes of an input as votes.csv rows, all at the given timestamp.</summary>
    public static List<PolisVote> FinalVotes(OpinionInput input, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(input);
        var votes = new List<PolisVote>((int)Math.Min(input.VoteCount, int.MaxValue));
        for (var p = 0; p < input.ParticipantCount; p++)
        {
            var statements = input.StatementsOf(p);
            var values = input.VotesOf(p);
            for (var k = 0; k < statements.Length; k++)
            {
                votes.Add(new PolisVote(timestamp, input.Statements[statements[k]].ExternalId, input.Participants[p].ExternalId, values[k]));
            }
        }

        return votes;
    }

    public static void WriteVotes(TextWriter writer, IEnumerable<PolisVote> votes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(votes);
        WriteRow(writer, ["timestamp", "datetime", "comment-id", "voter-id", "vote"]);
        foreach (var v in votes)
        {
            var when = DateTimeOffset.FromUnixTimeMilliseconds(v.Timestamp).UtcDateTime;
            WriteRow(writer,
            [
                v.Timestamp.ToString(Invariant),
                when.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", Invariant),
                v.CommentId,
                v.VoterId,
                v.Vote.ToString(Invariant),
            ]);
        }
    }

    /// <summary>Writes comments.csv with our agree/disagree counts, moderation and group-informed consensus.</summary>
    public static void WriteComments(TextWriter writer, OpinionInput input, OpinionResult result, IReadOnlyList<PolisComment>? comments = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        var byId = comments?.ToDictionary(c => c.CommentId, StringComparer.Ordinal) ?? new Dictionary<string, PolisComment>(StringComparer.Ordinal);
        var agrees = new int[input.StatementCount];
        var disagrees = new int[input.StatementCount];
        for (var p = 0; p < input.ParticipantCount; p++)
        {
            if (input.Participants[p].IsBanned)
            {
                continue;
            }

            var statements = input.StatementsOf(p);
            var values = input.VotesOf(p);
            for (var k = 0; k < statements.Length; k++)
            {
                if (values[k] > 0)
                {
                    agrees[statements[k]]++;
                }
                else if (values[k] < 0)
                {
                    disagrees[statements[k]]++;
                }
            }
        }

        WriteRow(writer, ["timestamp", "comment-id", "author-id", "agrees", "disagrees", "moderated", "is-meta", "is-seed", "group-informed-consensus", "comment-body"]);
        for (var s = 0; s < input.StatementCount; s++)
        {
            var statement = input.Statements[s];
            byId.TryGetValue(statement.ExternalId, out var original);
            var moderated = original?.Moderated ?? (statement.IsRejected ? -1 : 1);
            WriteRow(writer,
            [
                (original?.Timestamp ?? 0).ToString(Invariant),
                statement.ExternalId,
                original?.AuthorId ?? string.Empty,
                agrees[s].ToString(Invariant),
                disagrees[s].ToString(Invariant),
                moderated.ToString(Invariant),
                statement.IsMeta ? "true" : "false",
                original?.IsSeed == true ? "true" : "false",
                result.Statements[s].Gic.ToString("R", Invariant),
                original?.Body ?? string.Empty,
            ]);
        }
    }

    /// <summary>Writes participants-votes.csv (participants who voted): group-id from our groups (blank when not in a group).</summary>
    public static void WriteParticipantsVotes(TextWriter writer, OpinionInput input, OpinionResult result, IReadOnlyList<PolisComment>? comments = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        var authored = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in comments ?? [])
        {
            authored[c.AuthorId] = authored.GetValueOrDefault(c.AuthorId) + 1;
        }

        var header = new List<string> { "participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree" };
        header.AddRange(input.Statements.Select(s => s.ExternalId));
        WriteRow(writer, header);
        var cells = new string[input.StatementCount];
        for (var p = 0; p < input.ParticipantCount; p++)
        {
            var participant = input.Participants[p];
            var statements = input.StatementsOf(p);
            if (participant.IsBanned || statements.Length == 0)
            {
                continue;
            }

            Array.Fill(cells, string.Empty);
            var values = input.VotesOf(p);
            int agree = 0, disagree = 0;
            for (var k = 0; k < statements.Length; k++)
            {
                cells[statements[k]] = values[k].ToString(Invariant);
                agree += values[k] > 0 ? 1 : 0;
                disagree += values[k] < 0 ? 1 : 0;
            }

            var group = result.Participants[p].Group;
            var row = new List<string>(header.Count)
            {
                participant.ExternalId,
                string.Empty,
                group >= 0 ? group.ToString(Invariant) : string.Empty,
                authored.GetValueOrDefault(participant.ExternalId).ToString(Invariant),
                statements.Length.ToString(Invariant),
                agree.ToString(Invariant),
                disagree.ToString(Invariant),
            };
            row.AddRange(cells);
            WriteRow(writer, row);
        }
    }

    /// <summary>Writes summary.csv; voters-in-conv is the number of participants in the map.</summary>
    public static void WriteSummary(TextWriter writer, OpinionInput input, OpinionResult result, string topic = "", string url = "", string description = "", IReadOnlyList<PolisComment>? comments = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        var voters = 0;
        for (var p = 0; p < input.ParticipantCount; p++)
        {
            voters += !input.Participants[p].IsBanned && input.StatementsOf(p).Length > 0 ? 1 : 0;
        }

        WriteRow(writer, ["topic", topic]);
        WriteRow(writer, ["url", url]);
        WriteRow(writer, ["views", voters.ToString(Invariant)]);
        WriteRow(writer, ["voters", voters.ToString(Invariant)]);
        WriteRow(writer, ["voters-in-conv", result.InMapCount.ToString(Invariant)]);
        var commenters = comments?.Select(c => c.AuthorId).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).Count() ?? 0;
        WriteRow(writer, ["commenters", commenters.ToString(Invariant)]);
        WriteRow(writer, ["comments", input.StatementCount.ToString(Invariant)]);
        WriteRow(writer, ["groups", result.K.ToString(Invariant)]);
        WriteRow(writer, ["conversation-description", description]);
    }

    /// <summary>One row of a Polis file (LF line ends), each field defused for spreadsheets by <see cref="Csv.CsvWriter"/>.</summary>
    private static void WriteRow(TextWriter writer, IEnumerable<string> fields) => Csv.CsvWriter.WriteRow(writer, fields, "\n");
}
