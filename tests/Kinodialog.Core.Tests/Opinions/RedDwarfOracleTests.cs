using System.Globalization;
using System.Text.Json;
using Kinodialog.Core.Opinions;
using Xunit.Abstractions;

namespace Kinodialog.Core.Tests.Opinions;

/// <summary>Polis's own math output (red-dwarf fixtures) reproduced with the compatibility switch on.</summary>
public sealed class RedDwarfOracleTests(ITestOutputHelper output)
{
    private static readonly OpinionOptions Compatible = new() { PolisCompatibility = true };

    public static TheoryData<string> Fixtures => [.. RedDwarfFixture.Names];

    private static string Key(int tid) => tid.ToString(CultureInfo.InvariantCulture);

    /// <summary>Polis's centre and components as statement-indexed arrays in our sign (agree = +1).</summary>
    private static (double[] Centre, double[] C1, double[] C2) PolisAxes(RedDwarfFixture f)
    {
        var pca = f.Math.GetProperty("pca");
        var centre = RedDwarfFixture.Doubles(pca.GetProperty("center"));
        var comps = pca.GetProperty("comps").EnumerateArray().Select(RedDwarfFixture.Doubles).ToArray();
        var n = f.Input.StatementCount;
        double[] c = new double[n], v1 = new double[n], v2 = new double[n];
        var tids = f.Tids;
        for (var i = 0; i < tids.Length; i++)
        {
            var s = f.StatementOfTid[tids[i]];
            c[s] = -centre[i];
            v1[s] = -comps[0][i];
            v2[s] = -comps[1][i];
        }

        return (c, v1, v2);
    }

    private static int[] SetOfPolisGroups(RedDwarfFixture f, out int count)
    {
        var setOf = Enumerable.Repeat(-1, f.Input.ParticipantCount).ToArray();
        var groups = f.Groups();
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var pid in groups[g].Pids)
            {
                setOf[f.ParticipantOfPid[pid]] = g;
            }
        }

        count = groups.Count;
        return setOf;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Base_cluster_centres_match_polis_from_its_components_and_membership(string name)
    {
        var f = RedDwarfFixture.Load(name);
        var (centre, c1, c2) = PolisAxes(f);
        var (x, y) = OpinionEngine.ProjectParticipants(f.Input, Compatible, centre, c1, c2);
        var baseClusters = f.Math.GetProperty("base-clusters");
        var members = baseClusters.GetProperty("members").EnumerateArray().ToList();
        var bx = RedDwarfFixture.Doubles(baseClusters.GetProperty("x"));
        var by = RedDwarfFixture.Doubles(baseClusters.GetProperty("y"));
        var worst = 0.0;
        for (var b = 0; b < members.Count; b++)
        {
            var pids = members[b].EnumerateArray().Select(e => f.ParticipantOfPid[e.GetInt32()]).ToList();
            var mx = pids.Average(p => x[p]);
            var my = pids.Average(p => y[p]);
            worst = Math.Max(worst, Math.Max(Math.Abs(mx - bx[b]), Math.Abs(my - by[b])));
        }

        output.WriteLine($"{name}: worst base-centre difference {worst:E3}");
        Assert.True(worst <= 1e-9, $"worst {worst}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Statement_projection_and_extremity_match_polis(string name)
    {
        var f = RedDwarfFixture.Load(name);
        var (centre, c1, c2) = PolisAxes(f);
        var pca = f.Math.GetProperty("pca");
        var projection = pca.GetProperty("comment-projection").EnumerateArray().Select(RedDwarfFixture.Doubles).ToArray();
        var extremity = RedDwarfFixture.Doubles(pca.GetProperty("comment-extremity"));
        var tids = f.Tids;
        var worst = 0.0;
        for (var i = 0; i < tids.Length; i++)
        {
            var s = f.StatementOfTid[tids[i]];
            var (x, y) = OpinionEngine.StatementPosition(centre[s], c1[s], c2[s], tids.Length);
            worst = Math.Max(worst, Math.Abs(x - projection[0][i]));
            worst = Math.Max(worst, Math.Abs(y - projection[1][i]));
            worst = Math.Max(worst, Math.Abs(Math.Sqrt((x * x) + (y * y)) - extremity[i]));
        }

        output.WriteLine($"{name}: worst statement projection/extremity difference {worst:E3}");
        Assert.True(worst <= 1e-9, $"worst {worst}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Pca_axes_and_centre_match_polis_end_to_end(string name)
    {
        var f = RedDwarfFixture.Load(name);
        var result = OpinionEngine.Compute(f.Input, null, Compatible);
        var (centre, c1, c2) = PolisAxes(f);
        double Cos(Func<StatementResult, double> ours, double[] theirs)
        {
            double dot = 0, a = 0, b = 0;
            for (var s = 0; s < f.Input.StatementCount; s++)
            {
                var o = ours(result.Statements[s]);
                dot += o * theirs[s];
                a += o * o;
                b += theirs[s] * theirs[s];
            }

            return Math.Abs(dot) / Math.Sqrt(a * b);
        }

        var cos1 = Cos(r => r.Component1, c1);
        var cos2 = Cos(r => r.Component2, c2);
        var centreDiff = f.Tids.Max(t => Math.Abs(result.Statements[f.StatementOfTid[t]].Mean - centre[f.StatementOfTid[t]]));
        output.WriteLine($"{name}: |cos| axis1 {cos1:F6}, axis2 {cos2:F6}, centre max diff {centreDiff:E3}, iterations {result.PcaIterations}");
        Assert.True(cos1 >= 0.999, $"axis 1 |cos| {cos1}");
        Assert.True(cos2 >= 0.999, $"axis 2 |cos| {cos2}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Group_tallies_and_representative_statements_match_polis_for_its_groups(string name)
    {
        var f = RedDwarfFixture.Load(name);
        var setOf = SetOfPolisGroups(f, out var count);
        var tallies = OpinionStatistics.Tally(f.Input, setOf, count);
        var groups = f.Groups();
        var groupVotes = f.Math.GetProperty("group-votes");
        for (var g = 0; g < count; g++)
        {
            var votes = groupVotes.GetProperty(Key(groups[g].Id)).GetProperty("votes");
            foreach (var tid in f.Tids)
            {
                var t = tallies[g][f.StatementOfTid[tid]];
                if (votes.TryGetProperty(Key(tid), out var expected))
                {
                    Assert.Equal((expected.GetProperty("A").GetInt32(), expected.GetProperty("D").GetInt32(), expected.GetProperty("S").GetInt32()), (t.Agree, t.Disagree, t.Seen));
                }
            }
        }

        var eligible = f.Input.Statements.Select(s => !s.IsMeta && !s.IsRejected).ToArray();
        var worstTest = 0.0;
        for (var g = 0; g < count; g++)
        {
            var rest = new VoteTally[f.Input.StatementCount];
            for (var s = 0; s < rest.Length; s++)
            {
                var others = Enumerable.Range(0, count).Where(o => o != g).Select(o => tallies[o][s]).ToList();
                rest[s] = new VoteTally(others.Sum(t => t.Agree), others.Sum(t => t.Disagree), others.Sum(t => t.Seen));
            }

            var ours = OpinionStatistics.Representative(tallies[g], rest, eligible);
            var theirs = f.Math.GetProperty("repness").GetProperty(Key(groups[g].Id)).EnumerateArray().ToList();
            output.WriteLine($"{name} group {groups[g].Id}: ours [{string.Join(",", ours.Select(r => f.Input.Statements[r.Statement].ExternalId + r.Direction.ToString()[0]))}] polis [{string.Join(",", theirs.Select(t => t.GetProperty("tid").GetInt32().ToString(CultureInfo.InvariantCulture) + (t.GetProperty("repful-for").GetString() == "agree" ? "A" : "D")))}]");
            Assert.Equal(theirs.Count, ours.Count);
            for (var i = 0; i < ours.Count; i++)
            {
                var t = theirs[i];
                var o = ours[i];
                Assert.Equal(f.StatementOfTid[t.GetProperty("tid").GetInt32()], o.Statement);
                Assert.Equal(t.GetProperty("repful-for").GetString() == "agree" ? RepnessDirection.Agree : RepnessDirection.Disagree, o.Direction);
                Assert.Equal(t.GetProperty("n-success").GetInt32(), o.Successes);
                Assert.Equal(t.GetProperty("n-trials").GetInt32(), o.Trials);
                Assert.Equal(t.GetProperty("p-success").GetDouble(), o.P, 1e-9);
                Assert.Equal(t.GetProperty("p-test").GetDouble(), o.PTest, 1e-9);
                Assert.Equal(t.GetProperty("repness").GetDouble(), o.Repness, 1e-9);

                // Polis stores the two-proportion test in single precision.
                var expectedTest = t.GetProperty("repness-test").GetDouble();
                Assert.Equal(expectedTest, o.RepnessTest, 1e-6 * Math.Max(1, Math.Abs(expectedTest)));
                worstTest = Math.Max(worstTest, Math.Abs(expectedTest - o.RepnessTest));
                Assert.Equal(t.TryGetProperty("best-agree", out var best) && best.GetBoolean(), o.IsBestAgree);
            }
        }

        output.WriteLine($"{name}: worst repness-test difference {worstTest:E3}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Group_aware_consensus_matches_polis_for_its_groups(string name)
    {
        var f = RedDwarfFixture.Load(name);
        var setOf = SetOfPolisGroups(f, out var count);
        var tallies = OpinionStatistics.Tally(f.Input, setOf, count);
        var expected = f.Math.GetProperty("group-aware-consensus");
        var worst = 0.0;
        foreach (var tid in f.Tids)
        {
            var ours = OpinionStatistics.GroupInformedConsensus(tallies, f.StatementOfTid[tid]);
            worst = Math.Max(worst, Math.Abs(ours - expected.GetProperty(Key(tid)).GetDouble()));
        }

        output.WriteLine($"{name}: worst group-aware consensus difference {worst:E3}");
        Assert.True(worst <= 1e-12, $"worst {worst}");
    }

    private static int[] InConvSet(RedDwarfFixture f)
    {
        var setOf = Enumerable.Repeat(-1, f.Input.ParticipantCount).ToArray();
        foreach (var pid in f.InConv)
        {
            setOf[f.ParticipantOfPid[pid]] = 0;
        }

        return setOf;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Comment_priorities_match_polis_from_its_extremities(string name)
    {
        var f = RedDwarfFixture.Load(name);
        var tally = OpinionStatistics.Tally(f.Input, InConvSet(f), 1)[0];
        var extremity = RedDwarfFixture.Doubles(f.Math.GetProperty("pca").GetProperty("comment-extremity"));
        var meta = f.Math.GetProperty("meta-tids").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
        var expected = f.Math.GetProperty("comment-priorities");
        var tids = f.Tids;
        if (tids.All(t => expected.GetProperty(Key(t)).GetDouble() == OpinionStatistics.MetaPriority))
        {
            // This export (50ptpt-3gp-strict-no-meta) lists 49 for every statement, meta or not: a Polis
            // artefact that no formula of the spec produces, so there is nothing to compare.
            output.WriteLine($"{name}: Polis lists priority 49 for every statement; skipped");
            return;
        }

        var worst = 0.0;
        for (var i = 0; i < tids.Length; i++)
        {
            var ours = OpinionStatistics.Priority(meta.Contains(tids[i]), tally[f.StatementOfTid[tids[i]]], extremity[i]);
            var theirs = expected.GetProperty(Key(tids[i])).GetDouble();
            var difference = Math.Abs(ours - theirs) / Math.Max(1, Math.Abs(theirs));
            if (difference > 1e-9)
            {
                var t = tally[f.StatementOfTid[tids[i]]];
                output.WriteLine($"tid {tids[i]}: ours {ours} polis {theirs} A {t.Agree} D {t.Disagree} S {t.Seen} E {extremity[i]}");
            }

            worst = Math.Max(worst, difference);
        }

        output.WriteLine($"{name}: worst relative priority difference {worst:E3}");
        Assert.True(worst <= 1e-9, $"worst {worst}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Consensus_lists_match_polis_over_all_participants(string name)
    {
        var f = RedDwarfFixture.Load(name);
        var tally = OpinionStatistics.Tally(f.Input, new int[f.Input.ParticipantCount], 1)[0];
        var eligible = f.Input.Statements.Select(s => !s.IsMeta && !s.IsRejected).ToArray();
        var ours = OpinionStatistics.Consensus(tally, eligible);
        var theirs = f.Math.GetProperty("consensus");
        void Compare(IReadOnlyList<ConsensusStatement> list, JsonElement expected)
        {
            var e = expected.EnumerateArray().ToList();
            output.WriteLine($"{name}: ours [{string.Join(",", list.Select(c => f.Input.Statements[c.Statement].ExternalId))}] polis [{string.Join(",", e.Select(x => x.GetProperty("tid").GetInt32()))}]");
            Assert.Equal(e.Count, list.Count);
            for (var i = 0; i < e.Count; i++)
            {
                Assert.Equal(f.StatementOfTid[e[i].GetProperty("tid").GetInt32()], list[i].Statement);
                Assert.Equal(e[i].GetProperty("n-success").GetInt32(), list[i].Successes);
                Assert.Equal(e[i].GetProperty("n-trials").GetInt32(), list[i].Trials);
                Assert.Equal(e[i].GetProperty("p-success").GetDouble(), list[i].P, 1e-9);
                Assert.Equal(e[i].GetProperty("p-test").GetDouble(), list[i].PTest, 1e-9);
            }
        }

        Compare(ours.Agree, theirs.GetProperty("agree"));
        Compare(ours.Disagree, theirs.GetProperty("disagree"));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void End_to_end_with_polis_in_conversation_set_finds_its_groups(string name)
    {
        var f = RedDwarfFixture.Load(name);
        var previous = new OpinionState { InMap = [.. f.InConv.Select(Key)] };
        var result = OpinionEngine.Compute(f.Input, previous, Compatible);
        var inMap = Enumerable.Range(0, f.Input.ParticipantCount).Where(p => result.Participants[p].InMap).Select(p => int.Parse(f.Input.Participants[p].ExternalId, CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(f.InConv.Order().ToList(), inMap);

        var polisGroup = new Dictionary<int, int>();
        foreach (var (id, pids) in f.Groups())
        {
            foreach (var pid in pids)
            {
                polisGroup[pid] = id;
            }
        }

        var pidsInMap = polisGroup.Keys.Order().ToList();
        var ari = OpinionTestData.AdjustedRandIndex(
            [.. pidsInMap.Select(p => polisGroup[p])],
            [.. pidsInMap.Select(p => result.Participants[f.ParticipantOfPid[p]].Group)]);
        output.WriteLine($"{name}: polis k {f.Groups().Count}, ours k {result.K} (best {result.BestK}), base clusters {result.BaseClusters.Count}, ARI {ari:F3}");
        Assert.True(result.GroupsShown);
        Assert.All(inMap, pid => Assert.True(result.Participants[f.ParticipantOfPid[pid]].Group >= 0));
    }
}
