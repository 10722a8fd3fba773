namespace Kinodialog.Core.Opinions;

/// <summary>A participant of a conversation. The community is optional and never shown per person.</summary>
public sealed record OpinionParticipant(string ExternalId, string? Community = null, bool IsBanned = false);

/// <summary>A statement. Meta and rejected statements are left out of the map.</summary>
public sealed record OpinionStatement(string ExternalId, bool IsMeta = false, bool IsRejected = false);

/// <summary>
/// The final votes of a conversation, stored by participant in compressed rows: for each participant
/// the statements they voted on (ascending) and the vote (+1 agree, −1 disagree, 0 pass).
/// Never a dense participants × statements matrix.
/// </summary>
public sealed class OpinionInput
{
    private readonly int[] rowStart;
    private readonly int[] statementIndex;
    private readonly sbyte[] voteValue;
    private readonly long[] firstVoteTime;

    private OpinionInput(
        IReadOnlyList<OpinionParticipant> participants,
        IReadOnlyList<OpinionStatement> statements,
        int[] rowStart,
        int[] statementIndex,
        sbyte[] voteValue,
        long[] firstVoteTime)
    {
        Participants = participants;
        Statements = statements;
        this.rowStart = rowStart;
        this.statementIndex = statementIndex;
        this.voteValue = voteValue;
        this.firstVoteTime = firstVoteTime;
    }

    public IReadOnlyList<OpinionParticipant> Participants { get; }

    public IReadOnlyList<OpinionStatement> Statements { get; }

    public int ParticipantCount => Participants.Count;

    public int StatementCount => Statements.Count;

    /// <summary>Number of final votes (one per participant and statement).</summary>
    public long VoteCount => rowStart[^1];

    /// <summary>The statements a participant voted on, ascending.</summary>
    public ReadOnlySpan<int> StatementsOf(int participant) =>
        statementIndex.AsSpan(rowStart[participant], rowStart[participant + 1] - rowStart[participant]);

    /// <summary>The participant's votes, aligned with <see cref="StatementsOf"/>.</summary>
    public ReadOnlySpan<sbyte> VotesOf(int participant) =>
        voteValue.AsSpan(rowStart[participant], rowStart[participant + 1] - rowStart[participant]);

    /// <summary>Timestamp of the participant's first vote (long.MaxValue when they have none).</summary>
    public long FirstVoteTime(int participant) => firstVoteTime[participant];

    /// <summary>The final vote of a participant on a statement, or null when not seen.</summary>
    public int? VoteOf(int participant, int statement)
    {
        var row = StatementsOf(participant);
        var at = row.BinarySearch(statement);
        return at >= 0 ? VotesOf(participant)[at] : null;
    }

    internal int RowStart(int participant) => rowStart[participant];

    internal int[] StatementIndexArray => statementIndex;

    internal sbyte[] VoteValueArray => voteValue;

    /// <summary>
    /// Builds an input straight from compressed rows (used by generators and importers that already
    /// hold final votes). Each row must list distinct statements in ascending order.
    /// </summary>
    public static OpinionInput FromRows(
        IReadOnlyList<OpinionParticipant> participants,
        IReadOnlyList<OpinionStatement> statements,
        int[] rowStart,
        int[] statementIndex,
        sbyte[] voteValue,
        long[] firstVoteTime)
    {
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(rowStart);
        ArgumentNullException.ThrowIfNull(statementIndex);
        ArgumentNullException.ThrowIfNull(voteValue);
        ArgumentNullException.ThrowIfNull(firstVoteTime);
        if (rowStart.Length != participants.Count + 1 || rowStart[0] != 0
            || rowStart[^1] != statementIndex.Length || voteValue.Length != statementIndex.Length
            || firstVoteTime.Length != participants.Count)
        {
            throw new ArgumentException("Row arrays do not match the participant list.", nameof(rowStart));
        }

        for (var p = 0; p < participants.Count; p++)
        {
            var previous = -1;
            for (var k = rowStart[p]; k < rowStart[p + 1]; k++)
            {
                var s = statementIndex[k];
                if (s <= previous || s >= statements.Count)
                {
                    throw new ArgumentException("Each row must hold distinct statements in ascending order.", nameof(statementIndex));
                }

                if (voteValue[k] is < -1 or > 1)
                {
                    throw new ArgumentException("Votes are −1, 0 or +1.", nameof(voteValue));
                }

                previous = s;
            }
        }

        return new OpinionInput(participants, statements, rowStart, statementIndex, voteValue, firstVoteTime);
    }

    internal static OpinionInput Trusted(
        IReadOnlyList<OpinionParticipant> participants,
        IReadOnlyList<OpinionStatement> statements,
        int[] rowStart,
        int[] statementIndex,
        sbyte[] voteValue,
        long[] firstVoteTime) =>
        new(participants, statements, rowStart, statementIndex, voteValue, firstVoteTime);
}
