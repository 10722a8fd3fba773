using System.Collections;

namespace Kinodialog.Core.Opinions;

/// <summary>
/// The votes.csv event log as read, in file order, held in flat arrays (time, comment, voter, vote) with each
/// id kept once: 17 bytes a vote and nothing for the garbage collector to trace, so a 10-million-vote export
/// stays cheap. Each <see cref="PolisVote"/> is made when asked for.
/// </summary>
public sealed class PolisVoteLog : IReadOnlyList<PolisVote>
{
    /// <summary>Ids that are whole numbers below this (Polis's are) are found by their value, not hashed.</summary>
    private const int MaxNumbered = 1_000_000;

    private readonly List<string> ids = [];
    private readonly Dictionary<string, int> idIndex = new(StringComparer.Ordinal);
    private int[] numbered = new int[1024];
    private long[] times;
    private int[] comments;
    private int[] voters;
    private sbyte[] values;

    /// <param name="capacity">Votes to make room for at once (an estimate; the log grows beyond it).</param>
    public PolisVoteLog(int capacity = 1024)
    {
        capacity = Math.Max(capacity, 16);
        times = new long[capacity];
        comments = new int[capacity];
        voters = new int[capacity];
        values = new sbyte[capacity];
    }

    public int Count { get; private set; }

    public PolisVote this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return new PolisVote(times[index], ids[comments[index]], ids[voters[index]], values[index]);
        }
    }

    /// <summary>Number of distinct ids (comments and voters together).</summary>
    internal int IdCount => ids.Count;

    internal string IdAt(int id) => ids[id];

    internal long TimestampAt(int index) => times[index];

    internal int CommentAt(int index) => comments[index];

    internal int VoterAt(int index) => voters[index];

    internal int VoteAt(int index) => values[index];

    /// <summary>The index of an id (added when new); the same text gives the same index.</summary>
    internal int Intern(ReadOnlySpan<char> id)
    {
        if (id.Length is > 0 and <= 6 && (id[0] != '0' || id.Length == 1) && !id.ContainsAnyExceptInRange('0', '9'))
        {
            var n = 0;
            foreach (var c in id)
            {
                n = (n * 10) + (c - '0');
            }

            if (n >= numbered.Length)
            {
                Array.Resize(ref numbered, Math.Min(MaxNumbered, Math.Max(n + 1, numbered.Length * 2)));
            }

            ref var slot = ref numbered[n];
            if (slot == 0)
            {
                slot = New(id) + 1;
            }

            return slot - 1;
        }

        var lookup = idIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.TryGetValue(id, out var index) ? index : New(id);
    }

    /// <summary>Adds a vote by the indices <see cref="Intern"/> gave.</summary>
    internal void Add(long timestamp, int comment, int voter, int vote)
    {
        if (Count == times.Length)
        {
            var size = Count * 2;
            Array.Resize(ref times, size);
            Array.Resize(ref comments, size);
            Array.Resize(ref voters, size);
            Array.Resize(ref values, size);
        }

        times[Count] = timestamp;
        comments[Count] = comment;
        voters[Count] = voter;
        values[Count] = (sbyte)vote;
        Count++;
    }

    /// <summary>Adds every vote to <paramref name="builder"/>, its statements and participants first seen first.</summary>
    internal void AddTo(OpinionInputBuilder builder)
    {
        var statementOf = new int[ids.Count];
        var participantOf = new int[ids.Count];
        Array.Fill(statementOf, -1);
        Array.Fill(participantOf, -1);
        for (var i = 0; i < Count; i++)
        {
            var c = comments[i];
            var s = statementOf[c];
            if (s < 0)
            {
                s = statementOf[c] = builder.FindStatement(ids[c]) ?? builder.AddStatement(ids[c]);
            }

            var v = voters[i];
            var p = participantOf[v];
            if (p < 0)
            {
                p = participantOf[v] = builder.FindParticipant(ids[v]) ?? builder.AddParticipant(ids[v]);
            }

            builder.AddVote(p, s, values[i], times[i]);
        }
    }

    public IEnumerator<PolisVote> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int New(ReadOnlySpan<char> id)
    {
        var text = id.ToString();
        var index = ids.Count;
        ids.Add(text);
        idIndex.Add(text, index);
        return index;
    }
}
