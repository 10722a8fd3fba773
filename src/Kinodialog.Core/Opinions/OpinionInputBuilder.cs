namespace Kinodialog.Core.Opinions;

/// <summary>
/// Collects participants, statements and a vote event log in any order; <see cref="Build"/> keeps the
/// latest vote per (participant, statement) (ties on the timestamp: the one added last).
/// </summary>
public sealed class OpinionInputBuilder
{
    private readonly List<OpinionParticipant> participants = [];
    private readonly List<OpinionStatement> statements = [];
    private readonly Dictionary<string, int> participantIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> statementIndex = new(StringComparer.Ordinal);
    private int[] voteParticipant = new int[1024];
    private int[] voteStatement = new int[1024];
    private sbyte[] voteValue = new sbyte[1024];
    private long[] voteTime = new long[1024];
    private int voteCount;

    public int ParticipantCount => participants.Count;

    public int StatementCount => statements.Count;

    /// <summary>Adds a participant (or replaces the description of an existing one) and returns its index.</summary>
    public int AddParticipant(string externalId, string? community = null, bool isBanned = false)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        var participant = new OpinionParticipant(externalId, community, isBanned);
        if (participantIndex.TryGetValue(externalId, out var existing))
        {
            participants[existing] = participant;
            return existing;
        }

        participantIndex.Add(externalId, participants.Count);
        participants.Add(participant);
        return participants.Count - 1;
    }

    /// <summary>Adds a statement (or replaces the description of an existing one) and returns its index.</summary>
    public int AddStatement(string externalId, bool isMeta = false, bool isRejected = false)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        var statement = new OpinionStatement(externalId, isMeta, isRejected);
        if (statementIndex.TryGetValue(externalId, out var existing))
        {
            statements[existing] = statement;
            return existing;
        }

        statementIndex.Add(externalId, statements.Count);
        statements.Add(statement);
        return statements.Count - 1;
    }

    public int? FindParticipant(string externalId) =>
        participantIndex.TryGetValue(externalId, out var index) ? index : null;

    public int? FindStatement(string externalId) =>
        statementIndex.TryGetValue(externalId, out var index) ? index : null;

    public OpinionParticipant ParticipantAt(int index) => participants[index];

    public OpinionStatement StatementAt(int index) => statements[index];

    /// <summary>Records one vote event: +1 agree, −1 disagree, 0 pass.</summary>
    public void AddVote(int participant, int statement, int value, long timestamp)
    {
        if ((uint)participant >= (uint)participants.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(participant));
        }

        if ((uint)statement >= (uint)statements.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(statement));
        }

        if (value is < -1 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "A vote is −1, 0 or +1.");
        }

        if (voteCount == voteParticipant.Length)
        {
            var size = voteCount * 2;
            Array.Resize(ref voteParticipant, size);
            Array.Resize(ref voteStatement, size);
            Array.Resize(ref voteValue, size);
            Array.Resize(ref voteTime, size);
        }

        voteParticipant[voteCount] = participant;
        voteStatement[voteCount] = statement;
        voteValue[voteCount] = (sbyte)value;
        voteTime[voteCount] = timestamp;
        voteCount++;
    }

    public OpinionInput Build()
    {
        var n = participants.Count;
        var counts = new int[n + 1];
        var firstTime = new long[n];
        Array.Fill(firstTime, long.MaxValue);
        for (var v = 0; v < voteCount; v++)
        {
            var p = voteParticipant[v];
            counts[p + 1]++;
            if (voteTime[v] < firstTime[p])
            {
                firstTime[p] = voteTime[v];
            }
        }

        for (var p = 0; p < n; p++)
        {
            counts[p + 1] += counts[p];
        }

        // Counting sort of the events by participant, keeping insertion order within a participant.
        var order = new int[voteCount];
        var next = (int[])counts.Clone();
        for (var v = 0; v < voteCount; v++)
        {
            order[next[voteParticipant[v]]++] = v;
        }

        var rowStart = new int[n + 1];
        var statementsOut = new int[voteCount];
        var valuesOut = new sbyte[voteCount];
        var events = Array.Empty<int>();
        var written = 0;
        for (var p = 0; p < n; p++)
        {
            rowStart[p] = written;
            var from = counts[p];
            var length = counts[p + 1] - from;
            if (length == 0)
            {
                continue;
            }

            if (events.Length < length)
            {
                events = new int[Math.Max(length, events.Length * 2)];
            }

            Array.Copy(order, from, events, 0, length);

            // Stable ordering by (statement, timestamp, insertion): sort the event ids by that composite.
            Array.Sort(events, 0, length, Comparer<int>.Create((a, b) =>
            {
                var c = voteStatement[a].CompareTo(voteStatement[b]);
                if (c != 0)
                {
                    return c;
                }

                c = voteTime[a].CompareTo(voteTime[b]);
                return c != 0 ? c : a.CompareTo(b);
            }));

            for (var k = 0; k < length; k++)
            {
                var e = events[k];
                var isLastOfStatement = k == length - 1 || voteStatement[events[k + 1]] != voteStatement[e];
                if (isLastOfStatement)
                {
                    statementsOut[written] = voteStatement[e];
                    valuesOut[written] = voteValue[e];
                    written++;
                }
            }
        }

        rowStart[n] = written;
        Array.Resize(ref statementsOut, written);
        Array.Resize(ref valuesOut, written);
        return OpinionInput.Trusted([.. participants], [.. statements], rowStart, statementsOut, valuesOut, firstTime);
    }
}
