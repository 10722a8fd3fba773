using System.Globalization;

namespace Kinodialog.Core.Opinions;

/// <summary>
/// A deterministic synthetic conversation for tests and benchmarks: two communities that disagree on
/// most statements, a bridging minority in both, and statements that bridge them.
/// </summary>
public static class SyntheticConversation
{
    public const string NorthCommunity = "north";
    public const string SouthCommunity = "south";

    /// <param name="seed">Same seed and sizes, same conversation (independent of thread count).</param>
    /// <param name="participants">Number of participants.</param>
    /// <param name="statements">Number of statements (statement 0 is meta; every 97th is rejected).</param>
    /// <param name="votesPerParticipant">Mean votes per participant (each votes on 1 … 2× this many distinct statements).</param>
    /// <param name="bridgingShare">Share of participants who agree with the bridging statements whatever their community.</param>
    /// <param name="bridgingStatementShare">Share of statements that both communities tend to agree with.</param>
    /// <param name="undeclaredShare">Share of participants who do not declare a community.</param>
    public static OpinionInput Generate(
        int seed,
        int participants,
        int statements,
        int votesPerParticipant,
        double bridgingShare = 0.15,
        double bridgingStatementShare = 0.15,
        double undeclaredShare = 0.3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(participants);
        ArgumentOutOfRangeException.ThrowIfLessThan(statements, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(votesPerParticipant, 1);
        votesPerParticipant = Math.Min(votesPerParticipant, statements);

        // Statement kinds: 0 favoured by north, 1 favoured by south, 2 bridging.
        var kind = new byte[statements];
        var statementRandom = new SplitMix64(Mix((ulong)(uint)seed, 0x5157A7E5UL));
        var statementList = new OpinionStatement[statements];
        for (var s = 0; s < statements; s++)
        {
            var u = statementRandom.NextDouble();
            kind[s] = u < bridgingStatementShare ? (byte)2 : u < bridgingStatementShare + ((1 - bridgingStatementShare) / 2) ? (byte)0 : (byte)1;
            statementList[s] = new OpinionStatement("s" + s.ToString(CultureInfo.InvariantCulture), IsMeta: s == 0, IsRejected: s > 0 && s % 97 == 0);
        }

        var participantList = new OpinionParticipant[participants];
        var isSouth = new bool[participants];
        var isBridging = new bool[participants];
        var counts = new int[participants];
        var firstVote = new long[participants];
        var rowStart = new int[participants + 1];
        for (var p = 0; p < participants; p++)
        {
            var random = new SplitMix64(Mix((ulong)(uint)seed, (ulong)p + 1));
            isSouth[p] = random.NextDouble() < 0.5;
            isBridging[p] = random.NextDouble() < bridgingShare;
            var declared = random.NextDouble() >= undeclaredShare;
            counts[p] = 1 + (int)(random.NextDouble() * ((2 * votesPerParticipant) - 1));
            counts[p] = Math.Min(counts[p], statements);
            participantList[p] = new OpinionParticipant(
                "p" + p.ToString(CultureInfo.InvariantCulture),
                declared ? (isSouth[p] ? SouthCommunity : NorthCommunity) : null);
            firstVote[p] = 1_700_000_000_000L + (p * 1000L);
            rowStart[p + 1] = rowStart[p] + counts[p];
        }

        var total = rowStart[participants];
        var statementIndex = new int[total];
        var values = new sbyte[total];
        Parallel.For(0, 64, chunk =>
        {
            var from = (int)((long)participants * chunk / 64);
            var to = (int)((long)participants * (chunk + 1) / 64);
            var chosen = new HashSet<int>();
            for (var p = from; p < to; p++)
            {
                var random = new SplitMix64(Mix((ulong)(uint)seed, ((ulong)p + 1) * 0x9E3779B97F4A7C15UL));
                var row = statementIndex.AsSpan(rowStart[p], counts[p]);
                var votes = values.AsSpan(rowStart[p], counts[p]);

                // Floyd's sampling of distinct statements, then sorted.
                chosen.Clear();
                var k = counts[p];
                for (var j = statements - k; j < statements; j++)
                {
                    var t = (int)(random.Next() % (ulong)(j + 1));
                    chosen.Add(chosen.Contains(t) ? j : t);
                }

                var i = 0;
                foreach (var s in chosen)
                {
                    row[i++] = s;
                }

                row.Sort();
                for (i = 0; i < k; i++)
                {
                    var s = row[i];
                    double agree;
                    if (kind[s] == 2)
                    {
                        agree = isBridging[p] ? 0.95 : 0.3;
                    }
                    else
                    {
                        var favoured = (kind[s] == 1) == isSouth[p];
                        agree = isBridging[p] ? 0.5 : favoured ? 0.85 : 0.1;
                    }

                    var u = random.NextDouble();
                    votes[i] = u < 0.12 ? (sbyte)0 : random.NextDouble() < agree ? (sbyte)1 : (sbyte)-1;
                }
            }
        });

        return OpinionInput.Trusted(participantList, statementList, rowStart, statementIndex, values, firstVote);
    }

    private static ulong Mix(ulong a, ulong b)
    {
        var z = a ^ (b + 0x9E3779B97F4A7C15UL + (a << 6) + (a >> 2));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
