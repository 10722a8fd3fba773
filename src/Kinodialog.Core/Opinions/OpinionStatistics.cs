namespace Kinodialog.Core.Opinions;

/// <summary>
/// The statistics of the spec, as pure functions over vote tallies, so that each stage can be checked
/// on its own (for example against Polis's output with Polis's own group membership).
/// </summary>
public static class OpinionStatistics
{
    /// <summary>One-sided 90% critical value of the standard normal.</summary>
    public const double Significant = 1.2816;

    public const int MaxRepresentative = 5;

    public const int ConsensusListLength = 5;

    public const double MetaPriority = 49;

    public static bool IsSignificant(double z) => z > Significant;

    /// <summary>Tallies the final votes of the participants whose set index is ≥ 0, per set and statement.</summary>
    /// <param name="setOf">per participant: the set (group, community…) it counts in, or −1.</param>
    public static VoteTally[][] Tally(OpinionInput input, int[] setOf, int setCount)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(setOf);
        var m = input.StatementCount;
        var size = setCount * m;
        const int Chunks = 16;
        var partials = new int[Chunks][];
        var participants = input.ParticipantCount;
        Parallel.For(0, Chunks, chunk =>
        {
            // Per chunk of participants: agree, disagree and seen counts side by side; integer sums, so
            // the reduction order does not matter.
            var counts = partials[chunk] = new int[size * 3];
            var from = (int)((long)participants * chunk / Chunks);
            var to = (int)((long)participants * (chunk + 1) / Chunks);
            for (var p = from; p < to; p++)
            {
                var set = setOf[p];
                if (set < 0 || input.Participants[p].IsBanned)
                {
                    continue;
                }

                var statements = input.StatementsOf(p);
                var votes = input.VotesOf(p);
                var offset = set * m;
                for (var k = 0; k < statements.Length; k++)
                {
                    var at = (offset + statements[k]) * 3;
                    var v = votes[k];
                    counts[at] += v > 0 ? 1 : 0;
                    counts[at + 1] += v < 0 ? 1 : 0;
                    counts[at + 2]++;
                }
            }
        });

        var agree = new int[size];
        var disagree = new int[size];
        var seen = new int[size];
        foreach (var counts in partials)
        {
            for (var i = 0; i < size; i++)
            {
                agree[i] += counts[i * 3];
                disagree[i] += counts[(i * 3) + 1];
                seen[i] += counts[(i * 3) + 2];
            }
        }

        var result = new VoteTally[setCount][];
        for (var g = 0; g < setCount; g++)
        {
            result[g] = new VoteTally[m];
            for (var s = 0; s < m; s++)
            {
                result[g][s] = new VoteTally(agree[(g * m) + s], disagree[(g * m) + s], seen[(g * m) + s]);
            }
        }

        return result;
    }

    /// <summary>
    /// Tallies several sets in one pass: the per-participant set (as <see cref="Tally"/>), plus every
    /// participant with <paramref name="inner"/> set, plus every participant not banned.
    /// </summary>
    internal static (VoteTally[][] Sets, VoteTally[] Inner, VoteTally[] Everyone) TallyAll(OpinionInput input, int[] setOf, int setCount, bool[] inner)
    {
        var extended = setCount + 2;
        var m = input.StatementCount;
        var size = extended * m;
        const int Chunks = 16;
        var partials = new int[Chunks][];
        var participants = input.ParticipantCount;
        Parallel.For(0, Chunks, chunk =>
        {
            var counts = partials[chunk] = new int[size * 3];
            var from = (int)((long)participants * chunk / Chunks);
            var to = (int)((long)participants * (chunk + 1) / Chunks);
            for (var p = from; p < to; p++)
            {
                if (input.Participants[p].IsBanned)
                {
                    continue;
                }

                var statements = input.StatementsOf(p);
                var votes = input.VotesOf(p);
                var set = setOf[p];
                var isInner = inner[p];
                for (var k = 0; k < statements.Length; k++)
                {
                    var v = votes[k];
                    var a = v > 0 ? 1 : 0;
                    var d = v < 0 ? 1 : 0;
                    var at = ((setCount + 1) * m + statements[k]) * 3;
                    counts[at] += a;
                    counts[at + 1] += d;
                    counts[at + 2]++;
                    if (isInner)
                    {
                        at = ((setCount * m) + statements[k]) * 3;
                        counts[at] += a;
                        counts[at + 1] += d;
                        counts[at + 2]++;
                    }

                    if (set >= 0)
                    {
                        at = ((set * m) + statements[k]) * 3;
                        counts[at] += a;
                        counts[at + 1] += d;
                        counts[at + 2]++;
                    }
                }
            }
        });

        var total = new int[size * 3];
        foreach (var counts in partials)
        {
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += counts[i];
            }
        }

        var result = new VoteTally[extended][];
        for (var g = 0; g < extended; g++)
        {
            result[g] = new VoteTally[m];
            for (var s = 0; s < m; s++)
            {
                var at = ((g * m) + s) * 3;
                result[g][s] = new VoteTally(total[at], total[at + 1], total[at + 2]);
            }
        }

        return (result[..setCount], result[setCount], result[setCount + 1]);
    }

    /// <summary>p = (successes + 1) / (trials + 2).</summary>
    public static double Probability(int successes, int trials) => (successes + 1.0) / (trials + 2.0);

    /// <summary>One-proportion test: 2·√(S+1)·((k+1)/(S+1) − ½).</summary>
    public static double ProportionTest(int successes, int trials) =>
        2 * Math.Sqrt(trials + 1.0) * (((successes + 1.0) / (trials + 1.0)) - 0.5);

    /// <summary>Two-proportion test of a group against the rest, +1 on each of the four counts.</summary>
    public static double TwoProportionTest(int successesIn, int trialsIn, int successesOut, int trialsOut)
    {
        var s1 = successesIn + 1.0;
        var s2 = successesOut + 1.0;
        var n1 = trialsIn + 1.0;
        var n2 = trialsOut + 1.0;
        var p1 = s1 / n1;
        var p2 = s2 / n2;
        var pooled = (s1 + s2) / (n1 + n2);
        if (pooled == 1)
        {
            return 0;
        }

        return (p1 - p2) / Math.Sqrt(pooled * (1 - pooled) * ((1 / n1) + (1 / n2)));
    }

    /// <summary>The statistics of one statement for one group against the rest.</summary>
    public static RepnessStatistics Repness(int statement, VoteTally group, VoteTally rest)
    {
        var pa = Probability(group.Agree, group.Seen);
        var pd = Probability(group.Disagree, group.Seen);
        return new RepnessStatistics(
            statement,
            group,
            pa,
            pd,
            ProportionTest(group.Agree, group.Seen),
            ProportionTest(group.Disagree, group.Seen),
            pa / Probability(rest.Agree, rest.Seen),
            pd / Probability(rest.Disagree, rest.Seen),
            TwoProportionTest(group.Agree, group.Seen, rest.Agree, rest.Seen),
            TwoProportionTest(group.Disagree, group.Seen, rest.Disagree, rest.Seen));
    }

    /// <summary>
    /// Representative statements of one group: best-agree first, then the sufficient ones ranked by
    /// r·z_r·p·z_p, at most five, agrees before disagrees; best-agree alone (weak) when nothing is sufficient.
    /// </summary>
    /// <param name="eligible">statements that may be representative (not meta, not rejected).</param>
    public static IReadOnlyList<RepresentativeStatement> Representative(
        IReadOnlyList<VoteTally> group,
        IReadOnlyList<VoteTally> rest,
        IReadOnlyList<bool> eligible)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(eligible);
        RepnessStatistics? best = null;
        var sufficient = new List<(RepnessStatistics Stats, RepnessDirection Direction, double Metric)>();
        for (var s = 0; s < group.Count; s++)
        {
            if (!eligible[s])
            {
                continue;
            }

            var stats = Repness(s, group[s], rest[s]);
            if (stats.Group.Agree + stats.Group.Disagree > 0)
            {
                if (best is null)
                {
                    if (IsSignificant(stats.AgreeTest) || (stats.AgreeRatio > 1 && stats.AgreeP > 0.5))
                    {
                        best = stats;
                    }
                }
                else if (best.AgreeRatio > 1)
                {
                    if (stats.AgreeMetric > best.AgreeMetric)
                    {
                        best = stats;
                    }
                }
                else if (stats.AgreeP * stats.AgreeTest > best.AgreeP * best.AgreeTest)
                {
                    best = stats;
                }
            }

            var agreeSufficient = IsSignificant(stats.AgreeRatioTest) && IsSignificant(stats.AgreeTest);
            var disagreeSufficient = IsSignificant(stats.DisagreeRatioTest) && IsSignificant(stats.DisagreeTest);
            if (agreeSufficient || disagreeSufficient)
            {
                var direction = Label(stats);
                sufficient.Add((stats, direction, direction == RepnessDirection.Agree ? stats.AgreeMetric : stats.DisagreeMetric));
            }
        }

        if (sufficient.Count == 0)
        {
            return best is null ? [] : [ToRepresentative(best, Label(best), isBestAgree: true, isWeak: true)];
        }

        // Stable ranking by the metric, descending.
        var ranked = new List<(RepnessStatistics Stats, RepnessDirection Direction, double Metric, int Order)>(sufficient.Count);
        for (var i = 0; i < sufficient.Count; i++)
        {
            ranked.Add((sufficient[i].Stats, sufficient[i].Direction, sufficient[i].Metric, i));
        }

        ranked.Sort((a, b) =>
        {
            var c = b.Metric.CompareTo(a.Metric);
            return c != 0 ? c : a.Order.CompareTo(b.Order);
        });

        var chosen = new List<RepresentativeStatement>(MaxRepresentative);
        if (best is not null)
        {
            chosen.Add(ToRepresentative(best, Label(best), isBestAgree: true, isWeak: false));
        }

        foreach (var (stats, direction, _, _) in ranked)
        {
            if (chosen.Count == MaxRepresentative)
            {
                break;
            }

            if (best is not null && stats.Statement == best.Statement)
            {
                continue;
            }

            chosen.Add(ToRepresentative(stats, direction, isBestAgree: false, isWeak: false));
        }

        var ordered = new List<RepresentativeStatement>(chosen.Count);
        ordered.AddRange(chosen.Where(r => r.Direction == RepnessDirection.Agree));
        ordered.AddRange(chosen.Where(r => r.Direction == RepnessDirection.Disagree));
        return ordered;
    }

    /// <summary>Agree when z_ra > z_rd, else disagree.</summary>
    private static RepnessDirection Label(RepnessStatistics stats) =>
        stats.AgreeRatioTest > stats.DisagreeRatioTest ? RepnessDirection.Agree : RepnessDirection.Disagree;

    private static RepresentativeStatement ToRepresentative(RepnessStatistics stats, RepnessDirection direction, bool isBestAgree, bool isWeak) =>
        direction == RepnessDirection.Agree
            ? new RepresentativeStatement(stats.Statement, direction, stats.Group.Agree, stats.Group.Seen, stats.AgreeP, stats.AgreeTest, stats.AgreeRatio, stats.AgreeRatioTest, isBestAgree, isWeak)
            : new RepresentativeStatement(stats.Statement, direction, stats.Group.Disagree, stats.Group.Seen, stats.DisagreeP, stats.DisagreeTest, stats.DisagreeRatio, stats.DisagreeRatioTest, isBestAgree, isWeak);

    /// <summary>Global majority lists: p > ½ and significant, ranked by p·z, top five each.</summary>
    public static ConsensusLists Consensus(IReadOnlyList<VoteTally> total, IReadOnlyList<bool> eligible)
    {
        ArgumentNullException.ThrowIfNull(total);
        ArgumentNullException.ThrowIfNull(eligible);
        var agree = new List<ConsensusStatement>();
        var disagree = new List<ConsensusStatement>();
        for (var s = 0; s < total.Count; s++)
        {
            if (!eligible[s])
            {
                continue;
            }

            var t = total[s];
            var pa = Probability(t.Agree, t.Seen);
            var za = ProportionTest(t.Agree, t.Seen);
            if (pa > 0.5 && IsSignificant(za))
            {
                agree.Add(new ConsensusStatement(s, t.Agree, t.Seen, pa, za));
            }

            var pd = Probability(t.Disagree, t.Seen);
            var zd = ProportionTest(t.Disagree, t.Seen);
            if (pd > 0.5 && IsSignificant(zd))
            {
                disagree.Add(new ConsensusStatement(s, t.Disagree, t.Seen, pd, zd));
            }
        }

        return new ConsensusLists(TopByScore(agree), TopByScore(disagree));
    }

    private static List<ConsensusStatement> TopByScore(List<ConsensusStatement> list)
    {
        var indexed = new List<(ConsensusStatement Entry, int Order)>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            indexed.Add((list[i], i));
        }

        indexed.Sort((a, b) =>
        {
            var c = (b.Entry.P * b.Entry.PTest).CompareTo(a.Entry.P * a.Entry.PTest);
            return c != 0 ? c : a.Order.CompareTo(b.Order);
        });
        var top = new List<ConsensusStatement>(ConsensusListLength);
        for (var i = 0; i < indexed.Count && i < ConsensusListLength; i++)
        {
            top.Add(indexed[i].Entry);
        }

        return top;
    }

    /// <summary>Group-informed consensus: Π_g (A_g+1)/(S_g+2), or with D for disagreement.</summary>
    public static double GroupInformedConsensus(IReadOnlyList<VoteTally[]> groups, int statement, bool disagree = false)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var product = 1.0;
        foreach (var g in groups)
        {
            var t = g[statement];
            product *= Probability(disagree ? t.Disagree : t.Agree, t.Seen);
        }

        return product;
    }

    /// <summary>The geometric mean over k groups of a group-informed consensus value.</summary>
    public static double GeometricMean(double product, int groupCount) =>
        groupCount <= 0 ? 0 : Math.Pow(product, 1.0 / groupCount);

    /// <summary>importance = (1 − p)·(E + 1)·a; priority = (importance·(1 + 8·2^(−S/5)))²; meta 49.</summary>
    public static double Priority(bool isMeta, VoteTally tally, double extremity)
    {
        if (isMeta)
        {
            return MetaPriority;
        }

        var a = Probability(tally.Agree, tally.Seen);
        var p = Probability(tally.Pass, tally.Seen);
        var importance = (1 - p) * (extremity + 1) * a;
        var boost = 1 + (8 * Math.Pow(2, -tally.Seen / 5.0));
        var v = importance * boost;
        return v * v;
    }
}

/// <summary>Agree and disagree statistics of one statement for one group (rest = other groups pooled).</summary>
public sealed record RepnessStatistics(
    int Statement,
    VoteTally Group,
    double AgreeP,
    double DisagreeP,
    double AgreeTest,
    double DisagreeTest,
    double AgreeRatio,
    double DisagreeRatio,
    double AgreeRatioTest,
    double DisagreeRatioTest)
{
    public double AgreeMetric => AgreeRatio * AgreeRatioTest * AgreeP * AgreeTest;

    public double DisagreeMetric => DisagreeRatio * DisagreeRatioTest * DisagreeP * DisagreeTest;
}
