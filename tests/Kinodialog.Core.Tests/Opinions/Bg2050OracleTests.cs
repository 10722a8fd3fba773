using System.Globalization;
using Kinodialog.Core.Opinions;
using Xunit.Abstractions;

namespace Kinodialog.Core.Tests.Opinions;

/// <summary>The bg2050-volunteers export: Polis's group-informed consensus and its group partition.</summary>
public sealed class Bg2050OracleTests(ITestOutputHelper output)
{
    private static readonly Lazy<PolisConversation> Conversation = new(() => OpinionTestData.ReadPolis("bg2050-volunteers"));

    private static (int[] SetOf, int Count) ExportedGroups(PolisConversation c)
    {
        var labels = c.GroupIds.Values.Where(g => g is not null).Select(g => int.Parse(g!, CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        var setOf = new int[c.Input.ParticipantCount];
        for (var p = 0; p < setOf.Length; p++)
        {
            setOf[p] = c.GroupIds.TryGetValue(c.Input.Participants[p].ExternalId, out var g) && g is not null
                ? labels.IndexOf(int.Parse(g, CultureInfo.InvariantCulture))
                : -1;
        }

        return (setOf, labels.Count);
    }

    [Fact]
    public void Group_informed_consensus_from_the_final_votes_and_exported_groups_matches_polis()
    {
        var c = Conversation.Value;
        var (setOf, count) = ExportedGroups(c);
        Assert.Equal(2, count);
        var tallies = OpinionStatistics.Tally(c.Input, setOf, count);
        var worst = 0.0;
        var compared = 0;
        foreach (var comment in c.Comments)
        {
            if (comment.GroupInformedConsensus is not { } expected)
            {
                continue;
            }

            var ours = OpinionStatistics.GroupInformedConsensus(tallies, c.StatementIndex(comment.CommentId));
            worst = Math.Max(worst, Math.Abs(ours - expected));
            compared++;
        }

        output.WriteLine($"bg2050: {compared} statements, worst GIC difference {worst:E3}");
        Assert.True(compared > 300);
        Assert.True(worst <= 1e-12, $"worst {worst}");
    }

    [Fact]
    public void A_cold_start_clustering_in_compatibility_mode_reproduces_the_exported_partition()
    {
        var c = Conversation.Value;
        var (setOf, _) = ExportedGroups(c);
        var compatible = OpinionEngine.Compute(c.Input, null, new OpinionOptions { PolisCompatibility = true });
        var clustered = Enumerable.Range(0, setOf.Length).Where(p => setOf[p] >= 0).ToList();
        var both = clustered.Where(p => compatible.Participants[p].InMap).ToList();
        var ari = OpinionTestData.AdjustedRandIndex([.. both.Select(p => setOf[p])], [.. both.Select(p => compatible.Participants[p].Group)]);
        var ariAll = OpinionTestData.AdjustedRandIndex([.. clustered.Select(p => setOf[p])], [.. clustered.Select(p => compatible.Participants[p].Group)]);

        // Our own method (meta and rejected statements dropped, not zeroed) for the record.
        var ours = OpinionEngine.Compute(c.Input, null, OpinionOptions.Default);
        var ariOurs = OpinionTestData.AdjustedRandIndex([.. clustered.Select(p => setOf[p])], [.. clustered.Select(p => ours.Participants[p].Group)]);
        output.WriteLine($"bg2050: Polis clustered {clustered.Count}; compatibility mode: in map {compatible.InMapCount}, k {compatible.K}, ARI {ari:F4} over the {both.Count} in both maps, {ariAll:F4} over all {clustered.Count}; default mode: k {ours.K}, ARI {ariOurs:F4}");

        // Polis's in-conversation set is sticky over the conversation's history, which a cold start cannot see.
        Assert.True(clustered.Count - both.Count <= 2);
        Assert.Equal(2, compatible.K);
        Assert.True(ari >= 0.95, $"ARI {ari}");
    }
}
