using Kinodialog.Core.Opinions;

namespace Kinodialog.Core.Tests.Opinions;

/// <summary>The adjusted Rand index, the stability of a room's groups and the gate built on it.</summary>
public sealed class GroupStabilityTests
{
    public static TheoryData<int[], int[], double> HandComputed => new()
    {
        // Same partition, same labels.
        { [0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 2, 2], 1.0 },

        // Same partition, labels permuted.
        { [0, 0, 1, 1, 2, 2], [2, 2, 0, 0, 1, 1], 1.0 },
        { [0, 0, 0, 1, 1], [7, 7, 7, 3, 3], 1.0 },

        // Index 1 (pair 0–1 together in both), expected 2·1/6 = 1/3, max (2 + 1)/2 = 3/2: (1 − 1/3)/(3/2 − 1/3) = 4/7.
        { [0, 0, 1, 1], [0, 0, 1, 2], 4.0 / 7.0 },

        // Crossed halves: index 0, expected 2·2/6 = 2/3, max 2: (0 − 2/3)/(2 − 2/3) = −1/2.
        { [0, 0, 1, 1], [0, 1, 0, 1], -0.5 },

        // One cluster against all singletons: index 0, expected 6·0/6 = 0, max 3: 0.
        { [0, 0, 0, 0], [0, 1, 2, 3], 0.0 },

        // Contingency (2,1,0 / 0,1,2): index 2, row pairs 3 + 3 = 6, column pairs 1 + 1 + 1 = 3,
        // expected 6·3/15 = 1.2, max 4.5: (2 − 1.2)/(4.5 − 1.2) = 8/33.
        { [0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2], 8.0 / 33.0 },
    };

    [Theory]
    [MemberData(nameof(HandComputed))]
    public void The_adjusted_Rand_index_matches_hand_computed_values(int[] a, int[] b, double expected)
    {
        Assert.Equal(expected, GroupStability.AdjustedRandIndex(a, b), 12);
        Assert.Equal(expected, GroupStability.AdjustedRandIndex(b, a), 12);
    }

    [Fact]
    public void The_adjusted_Rand_index_agrees_with_the_oracle_tests_helper_on_random_labellings()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = random.Next(2, 40);
            var a = Enumerable.Range(0, n).Select(_ => random.Next(0, 4)).ToArray();
            var b = Enumerable.Range(0, n).Select(_ => random.Next(0, 3)).ToArray();
            Assert.Equal(OpinionTestData.AdjustedRandIndex(a, b), GroupStability.AdjustedRandIndex(a, b), 12);
        }
    }

    [Fact]
    public void The_adjusted_Rand_index_refuses_labellings_of_different_lengths() =>
        Assert.Throws<ArgumentException>(() => GroupStability.AdjustedRandIndex([0, 1], [0, 1, 1]));

    /// <summary>Half the room agrees with statements 0–4 and disagrees with 5–9, the other half the reverse; each person passes on one statement.</summary>
    internal static OpinionInput TwoCamps(int perCamp)
    {
        var builder = new OpinionInputBuilder();
        for (var s = 0; s < 10; s++)
        {
            builder.AddStatement("s" + s.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        for (var p = 0; p < 2 * perCamp; p++)
        {
            var index = builder.AddParticipant("p" + p.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            var camp = p % 2 == 0 ? 1 : -1;
            for (var s = 0; s < 10; s++)
            {
                var vote = s == p % 10 ? 0 : (s < 5 ? camp : -camp);
                builder.AddVote(index, s, vote, (p * 100) + s);
            }
        }

        return builder.Build();
    }

    /// <summary>Everyone votes at random (agree, pass or disagree) on every statement.</summary>
    internal static OpinionInput RandomRoom(int participants, int statements, int seed)
    {
        var random = new Random(seed);
        var builder = new OpinionInputBuilder();
        for (var s = 0; s < statements; s++)
        {
            builder.AddStatement("s" + s.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        for (var p = 0; p < participants; p++)
        {
            var index = builder.AddParticipant("p" + p.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            for (var s = 0; s < statements; s++)
            {
                builder.AddVote(index, s, random.Next(-1, 2), (p * 1000) + s);
            }
        }

        return builder.Build();
    }

    private static StabilityMeasure Stability(OpinionInput input, OpinionOptions options)
    {
        var partition = OpinionEngine.ColdPartition(input, options);
        return GroupStability.Measure(input, partition.Group, options);
    }

    [Fact]
    public void Two_clear_cut_camps_are_perfectly_stable()
    {
        // 20 people, 10 in each camp.
        var input = TwoCamps(10);
        var partition = OpinionEngine.ColdPartition(input, OpinionOptions.Default);
        Assert.Equal(2, partition.Group.Where(g => g >= 0).Distinct().Count());
        var measure = GroupStability.Measure(input, partition.Group, OpinionOptions.Default);
        Assert.Equal(1.0, measure.Median, 12);
        Assert.Equal(1.0, measure.LowQuartile, 12);
        Assert.Equal(OpinionOptions.Default.GroupStabilityResamples, measure.Resamples);
        Assert.Equal(16, measure.Kept);
    }

    [Theory]
    [InlineData(12, 1)]
    [InlineData(20, 2)]
    [InlineData(30, 3)]
    public void Random_votes_are_not_stable(int participants, int seed)
    {
        var measure = Stability(RandomRoom(participants, 20, seed), OpinionOptions.Default);
        Assert.True(measure.Median < OpinionOptions.Default.GroupStabilityThreshold, $"median {measure.Median}");
        Assert.True(measure.LowQuartile < 0.5, $"low quartile {measure.LowQuartile}");
    }

    [Fact]
    public void The_same_room_and_seed_give_the_same_stability_and_another_seed_may_not()
    {
        var input = RandomRoom(16, 15, 4);
        var first = Stability(input, OpinionOptions.Default);
        var again = Stability(input, OpinionOptions.Default);
        Assert.Equal(first, again);
        var seeds = Enumerable.Range(1, 6).Select(seed => Stability(input, OpinionOptions.Default with { Seed = seed }).Median).ToList();
        Assert.True(seeds.Distinct().Count() > 1);
    }

    [Fact]
    public void The_stability_does_not_depend_on_how_participants_are_numbered()
    {
        var input = RandomRoom(14, 12, 9);
        var reversed = GroupStability.Subset(input, [.. Enumerable.Range(0, input.ParticipantCount).Reverse()]);
        Assert.Equal(Stability(input, OpinionOptions.Default), Stability(reversed, OpinionOptions.Default));
    }

    [Fact]
    public void The_gate_shows_the_groups_of_two_clear_cut_camps()
    {
        var result = OpinionEngine.Compute(TwoCamps(8), null, OpinionOptions.Default);
        Assert.True(result.GroupsShown);
        Assert.Equal(2, result.Groups.Count);
        Assert.Equal([8, 8], result.Groups.Select(g => g.Size));
        Assert.NotNull(result.Gate);
        Assert.Equal(GroupsHidden.None, result.Gate.Hidden);
        Assert.Equal(1.0, result.Gate.Stability);
        Assert.Equal(16, result.Gate.Participants);
    }

    [Theory]
    [InlineData(16, 1)]
    [InlineData(20, 2)]
    [InlineData(30, 3)]
    public void The_gate_hides_the_groups_of_a_random_room_and_says_why(int participants, int seed)
    {
        var result = OpinionEngine.Compute(RandomRoom(participants, 20, seed), null, OpinionOptions.Default);
        Assert.False(result.GroupsShown);
        Assert.Empty(result.Groups);
        Assert.Equal(0, result.K);
        Assert.All(result.Participants, p => Assert.Equal(-1, p.Group));
        Assert.NotNull(result.Gate);
        Assert.Equal(GroupsHidden.NotStable, result.Gate.Hidden);
        Assert.InRange(result.Gate.Stability!.Value, -1, OpinionOptions.Default.GroupStabilityThreshold - 1e-9);
        Assert.Equal(participants, result.Gate.Participants);
    }

    [Fact]
    public void Below_the_floor_the_gate_hides_even_clear_cut_groups_without_measuring()
    {
        var options = OpinionOptions.Default;
        var perCamp = (options.MinimumParticipantsForGroups - 1) / 2;
        var result = OpinionEngine.Compute(TwoCamps(perCamp), null, options);
        Assert.False(result.GroupsShown);
        Assert.Equal(new GroupGate(GroupsHidden.TooFewParticipants, 2 * perCamp, options.MinimumParticipantsForGroups, null, options.GroupStabilityThreshold), result.Gate);
    }

    [Fact]
    public void Polis_parity_mode_keeps_the_floor_only()
    {
        var options = OpinionOptions.Default with { PolisCompatibility = true, MinimumParticipantsForGroups = 15 };
        var result = OpinionEngine.Compute(RandomRoom(30, 20, 3), null, options);
        Assert.True(result.GroupsShown);
        Assert.Equal(GroupsHidden.None, result.Gate!.Hidden);
        Assert.Null(result.Gate.Stability);
    }

    [Fact]
    public void Above_a_screening_rooms_size_stability_is_not_measured()
    {
        var options = OpinionOptions.Default;
        var result = OpinionEngine.Compute(RandomRoom(options.GroupStabilityMaxParticipants + 1, 20, 3), null, options);
        Assert.True(result.GroupsShown);
        Assert.Null(result.Gate!.Stability);
        Assert.False(OpinionEngine.Compute(RandomRoom(options.GroupStabilityMaxParticipants, 20, 3), null, options).GroupsShown);
    }

    [Fact]
    public void Without_resamples_the_floor_is_the_only_gate()
    {
        var result = OpinionEngine.Compute(RandomRoom(30, 20, 3), null, OpinionOptions.Default with { GroupStabilityResamples = 0 });
        Assert.True(result.GroupsShown);
        Assert.Null(result.Gate!.Stability);
    }
    [Theory]
    // Not shown before: the full threshold (0.80) is needed.
    [InlineData(0.79, false, false)]
    [InlineData(0.80, false, true)]
    // Shown at the previous recompute: kept down to the keep threshold (0.70), hidden below it.
    [InlineData(0.79, true, true)]
    [InlineData(0.70, true, true)]
    [InlineData(0.69, true, false)]
    public void Groups_appear_at_the_threshold_and_stay_down_to_the_keep_threshold(double stability, bool shownBefore, bool shown) =>
        Assert.Equal(shown, GroupGate.StableEnough(stability, shownBefore, OpinionOptions.Default));

    [Fact]
    public void A_keep_threshold_above_the_threshold_never_asks_shown_groups_for_more_than_new_ones() =>
        Assert.True(GroupGate.StableEnough(0.85, shownBefore: true, OpinionOptions.Default with { GroupStabilityKeepThreshold = 0.9 }));

    [Fact]
    public void The_engine_keeps_groups_it_showed_while_their_stability_holds_the_keep_threshold_and_needs_the_threshold_again_once_hidden()
    {
        // A room of random votes: groups exist, but their stability is somewhere below 1.
        var input = RandomRoom(20, 20, 2);
        var open = OpinionOptions.Default with { GroupStabilityThreshold = -1, GroupStabilityKeepThreshold = -1 };
        var shown = OpinionEngine.Compute(input, null, open);
        Assert.True(shown.GroupsShown);
        Assert.True(shown.State.GroupsShown);

        // The stability the next recompute measures (from that state; seeded, so always the same).
        var stability = OpinionEngine.Compute(input, shown.State, open).Gate!.Stability!.Value;
        Assert.InRange(stability, 0.1, 0.99);
        var between = OpinionOptions.Default with { GroupStabilityThreshold = stability + 0.05, GroupStabilityKeepThreshold = stability - 0.05 };

        // Shown before: kept, although below the threshold.
        var kept = OpinionEngine.Compute(input, shown.State, between);
        Assert.True(kept.GroupsShown);
        Assert.Equal(GroupsHidden.None, kept.Gate!.Hidden);
        Assert.Equal(between.GroupStabilityThreshold, kept.Gate.Threshold);

        // The same room, not shown before: hidden, and the page is told the threshold to reach.
        var hiddenBefore = shown.State with { GroupsShown = false };
        var notYet = OpinionEngine.Compute(input, hiddenBefore, between);
        Assert.False(notYet.GroupsShown);
        Assert.False(notYet.State.GroupsShown);
        Assert.Equal(new GroupGate(GroupsHidden.NotStable, 20, between.MinimumParticipantsForGroups, stability, between.GroupStabilityThreshold), notYet.Gate);

        // Below the keep threshold, shown groups go, and stay gone at the same stability.
        var strict = between with { GroupStabilityKeepThreshold = stability + 0.01 };
        var dropped = OpinionEngine.Compute(input, shown.State, strict);
        Assert.False(dropped.GroupsShown);
        Assert.False(OpinionEngine.Compute(input, dropped.State, between).GroupsShown);
    }
}
