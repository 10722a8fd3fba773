namespace Kinodialog.Core.Opinions;

/// <summary>How reproducible a room's opinion groups are under leaving a few people out.</summary>
/// <param name="Median">Median adjusted Rand index over the subsamples (the stability used by the gate).</param>
/// <param name="LowQuartile">25th percentile of the same indices.</param>
/// <param name="Resamples">Number of subsamples drawn.</param>
/// <param name="Kept">Participants kept in each subsample.</param>
public sealed record StabilityMeasure(double Median, double LowQuartile, int Resamples, int Kept);

/// <summary>
/// Partition stability of a room: draw subsamples of the in-map participants (without replacement,
/// <see cref="OpinionOptions.GroupStabilitySubsample"/> of them, seeded so the value is deterministic),
/// re-run the same projection and clustering on each (a cold start: PCA, base clusters, groups chosen
/// by silhouette), and compare each subsample's partition with the room's on the participants they
/// share by the adjusted Rand index. A subsample that finds no groups scores 0.
/// </summary>
public static class GroupStability
{
    /// <summary>
    /// Adjusted Rand index (Hubert and Arabie 1985) of two labellings of the same items: 1 for the same
    /// partition (whatever the labels), about 0 for unrelated ones, negative below chance. Two
    /// labellings that are both a single cluster (or have fewer than two items) score 1.
    /// </summary>
    public static double AdjustedRandIndex(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("Both labellings must cover the same items.", nameof(b));
        }

        var n = a.Length;
        if (n < 2)
        {
            return 1;
        }

        var table = new Dictionary<(int, int), long>();
        var rows = new Dictionary<int, long>();
        var columns = new Dictionary<int, long>();
        for (var i = 0; i < n; i++)
        {
            table[(a[i], b[i])] = table.GetValueOrDefault((a[i], b[i])) + 1;
            rows[a[i]] = rows.GetValueOrDefault(a[i]) + 1;
            columns[b[i]] = columns.GetValueOrDefault(b[i]) + 1;
        }

        static double Pairs(long x) => x * (x - 1) / 2.0;
        double index = 0, sumRows = 0, sumColumns = 0;
        foreach (var count in table.Values)
        {
            index += Pairs(count);
        }

        foreach (var count in rows.Values)
        {
            sumRows += Pairs(count);
        }

        foreach (var count in columns.Values)
        {
            sumColumns += Pairs(count);
        }

        var expected = sumRows * sumColumns / Pairs(n);
        var max = (sumRows + sumColumns) / 2;
        return max == expected ? 1 : (index - expected) / (max - expected);
    }

    /// <summary>
    /// Stability of the partition <paramref name="groupOf"/> (a group index per participant of
    /// <paramref name="input"/>, −1 for those not in the map) under subsampling.
    /// </summary>
    public static StabilityMeasure Measure(OpinionInput input, IReadOnlyList<int> groupOf, OpinionOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(groupOf);
        ArgumentNullException.ThrowIfNull(options);
        if (groupOf.Count != input.ParticipantCount)
        {
            throw new ArgumentException("One group index per participant.", nameof(groupOf));
        }

        // The room's in-map participants in a canonical order (first vote, then external id), so the
        // value does not depend on how the caller numbered participants.
        var members = Enumerable.Range(0, input.ParticipantCount)
            .Where(p => groupOf[p] >= 0)
            .OrderBy(input.FirstVoteTime)
            .ThenBy(p => input.Participants[p].ExternalId, StringComparer.Ordinal)
            .ToArray();
        var resamples = Math.Max(options.GroupStabilityResamples, 1);
        var kept = Math.Clamp((int)Math.Ceiling(options.GroupStabilitySubsample * members.Length), Math.Min(2, members.Length), members.Length);
        var sub = options with { MaxDegreeOfParallelism = 1, PolisCompatibility = false };
        var scores = new double[resamples];
        var pool = new int[members.Length];
        for (var r = 0; r < resamples; r++)
        {
            var random = new SplitMix64(((ulong)(uint)options.Seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)r + 1));
            members.CopyTo(pool, 0);
            for (var i = 0; i < kept; i++)
            {
                var j = i + (int)(random.Next() % (ulong)(pool.Length - i));
                (pool[i], pool[j]) = (pool[j], pool[i]);
            }

            var chosen = pool[..kept];
            Array.Sort(chosen);
            var subInput = Subset(input, chosen);
            var subGroups = OpinionEngine.ColdPartition(subInput, sub);
            var full = new List<int>(kept);
            var part = new List<int>(kept);
            for (var i = 0; i < kept; i++)
            {
                if (subGroups.InMap[i])
                {
                    full.Add(groupOf[chosen[i]]);
                    part.Add(Math.Max(subGroups.Group[i], 0));
                }
            }

            scores[r] = AdjustedRandIndex(full.ToArray(), part.ToArray());
        }

        Array.Sort(scores);
        return new StabilityMeasure(Quantile(scores, 0.5), Quantile(scores, 0.25), resamples, kept);
    }

    /// <summary>Linear-interpolation quantile of sorted values.</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        var at = q * (sorted.Length - 1);
        var low = (int)Math.Floor(at);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((at - low) * (sorted[high] - sorted[low]));
    }

    /// <summary>The room restricted to some participants (ascending indices), with all their votes (also used by bench/groups).</summary>
    public static OpinionInput Subset(OpinionInput input, int[] participants)
    {
        var rowStart = new int[participants.Length + 1];
        for (var i = 0; i < participants.Length; i++)
        {
            rowStart[i + 1] = rowStart[i] + input.StatementsOf(participants[i]).Length;
        }

        var statements = new int[rowStart[^1]];
        var votes = new sbyte[rowStart[^1]];
        var first = new long[participants.Length];
        var people = new OpinionParticipant[participants.Length];
        for (var i = 0; i < participants.Length; i++)
        {
            var p = participants[i];
            input.StatementsOf(p).CopyTo(statements.AsSpan(rowStart[i]));
            input.VotesOf(p).CopyTo(votes.AsSpan(rowStart[i]));
            first[i] = input.FirstVoteTime(p);
            people[i] = input.Participants[p];
        }

        return OpinionInput.Trusted(people, input.Statements, rowStart, statements, votes, first);
    }
}
