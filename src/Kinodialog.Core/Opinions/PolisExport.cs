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

    public static PolisConversation Read(TextReader votesCsv, TextReader commentsCsv, TextReader? participantsVotesCsv = null, TextReader? summaryCsv = null)
    {
        ArgumentNullException.ThrowIfNull(votesCsv);
        ArgumentNullException.ThrowIfNull(commentsCsv);
        var comments = ReadComments(commentsCsv);
        var votes = ReadVotes(votesCsv);
        var groupIds = new Dictionary<string, string?>(StringComparer.Ordinal);
        var participantOrder = new List<string>();
        if (participantsVotesCsv is not null)
        {
            var header = (string[]?)null;
            foreach (var row in PolisCsv.Read(participantsVotesCsv))
            {
                if (header is null)
                {
                    header = row;
                    continue;
                }

                if (row.Length < 3)
                {
                    continue;
                }

                groupIds[row[0]] = row[2].Length == 0 ? null : row[2];
                participantOrder.Add(row[0]);
            }
        }

        var summary = new List<KeyValuePair<string, string>>();
        if (summaryCsv is not null)
        {
            foreach (var row in PolisCsv.Read(summaryCsv))
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

        foreach (var v in votes)
        {
            var s = builder.FindStatement(v.CommentId) ?? builder.AddStatement(v.CommentId);
            var p = builder.FindParticipant(v.VoterId) ?? builder.AddParticipant(v.VoterId);
            builder.AddVote(p, s, v.Vote, v.Timestamp);
        }

        return new PolisConversation(builder.Build(), votes, comments, groupIds, summary);
    }

    public static List<PolisVote> ReadVotes(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var votes = new List<PolisVote>();
        string[]? header = null;
        int timestamp = 0, comment = 2, voter = 3, vote = 4;
        foreach (var row in PolisCsv.Read(reader))
        {
            if (header is null)
            {
                header = row;
                timestamp = Array.IndexOf(header, "timestamp");
                comment = Array.IndexOf(header, "comment-id");
                voter = Array.IndexOf(header, "voter-id");
                vote = Array.IndexOf(header, "vote");
                if (timestamp < 0 || comment < 0 || voter < 0 || vote < 0)
                {
                    throw new FormatException("votes.csv needs timestamp, comment-id, voter-id and vote columns.");
                }

                continue;
            }

            if (row.Length <= vote)
            {
                continue;
            }

            votes.Add(new PolisVote(
                long.Parse(row[timestamp], NumberStyles.Integer, Invariant),
                row[comment],
                row[voter],
                Math.Sign(int.Parse(row[vote], NumberStyles.Integer, Invariant))));
        }

        return votes;
    }

    public static List<PolisComment> ReadComments(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var comments = new List<PolisComment>();
        string[]? header = null;
        foreach (var row in PolisCsv.Read(reader))
        {
            if (header is null)
            {
                header = row;
                continue;
            }

            if (row.Length < header.Length)
            {
                continue;
            }

            string Field(string name)
            {
                var i = Array.IndexOf(header, name);
                return i >= 0 ? row[i] : string.Empty;
            }

            var gic = Field("group-informed-consensus");
            comments.Add(new PolisComment(
                Field("comment-id"),
                ParseLong(Field("timestamp")),
                Field("author-id"),
                (int)ParseLong(Field("agrees")),
                (int)ParseLong(Field("disagrees")),
                (int)ParseLong(Field("moderated")),
                string.Equals(Field("is-meta"), "true", StringComparison.OrdinalIgnoreCase),
                string.Equals(Field("is-seed"), "true", StringComparison.OrdinalIgnoreCase),
                gic.Length == 0 ? null : double.Parse(gic, NumberStyles.Float, Invariant),
                Field("comment-body")));
        }

        return comments;
    }

    private static long ParseLong(string text) =>
        text.Length == 0 ? 0 : long.Parse(text, NumberStyles.Integer, Invariant);

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
        PolisCsv.WriteRow(writer, ["timestamp", "datetime", "comment-id", "voter-id", "vote"]);
        foreach (var v in votes)
        {
            var when = DateTimeOffset.FromUnixTimeMilliseconds(v.Timestamp).UtcDateTime;
            PolisCsv.WriteRow(writer,
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

        PolisCsv.WriteRow(writer, ["timestamp", "comment-id", "author-id", "agrees", "disagrees", "moderated", "is-meta", "is-seed", "group-informed-consensus", "comment-body"]);
        for (var s = 0; s < input.StatementCount; s++)
        {
            var statement = input.Statements[s];
            byId.TryGetValue(statement.ExternalId, out var original);
            var moderated = original?.Moderated ?? (statement.IsRejected ? -1 : 1);
            PolisCsv.WriteRow(writer,
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
        PolisCsv.WriteRow(writer, header);
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
            PolisCsv.WriteRow(writer, row);
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

        PolisCsv.WriteRow(writer, ["topic", topic]);
        PolisCsv.WriteRow(writer, ["url", url]);
        PolisCsv.WriteRow(writer, ["views", voters.ToString(Invariant)]);
        PolisCsv.WriteRow(writer, ["voters", voters.ToString(Invariant)]);
        PolisCsv.WriteRow(writer, ["voters-in-conv", result.InMapCount.ToString(Invariant)]);
        var commenters = comments?.Select(c => c.AuthorId).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).Count() ?? 0;
        PolisCsv.WriteRow(writer, ["commenters", commenters.ToString(Invariant)]);
        PolisCsv.WriteRow(writer, ["comments", input.StatementCount.ToString(Invariant)]);
        PolisCsv.WriteRow(writer, ["groups", result.K.ToString(Invariant)]);
        PolisCsv.WriteRow(writer, ["conversation-description", description]);
    }
}
