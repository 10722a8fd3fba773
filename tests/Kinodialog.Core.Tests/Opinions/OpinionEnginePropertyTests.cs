using System.Text.Json;
using Kinodialog.Core.Opinions;

namespace Kinodialog.Core.Tests.Opinions;

/// <summary>Invariants of the engine over many generated conversations.</summary>
public sealed class OpinionEnginePropertyTests
{
    public static TheoryData<int> Seeds => [1, 2, 3, 5, 8, 13, 21, 34];

    /// <summary>Group invariants are checked on every partition, reproducible or not (the stability gate has its own tests).</summary>
    private static readonly OpinionOptions Ungated = OpinionOptions.Default with { GroupStabilityResamples = 0 };

    private static OpinionInput Conversation(int seed) =>
        SyntheticConversation.Generate(seed, participants: 60 + (seed * 23 % 140), statements: 25 + (seed * 7 % 30), votesPerParticipant: 8 + (seed % 9));

    /// <summary>Rebuilds an input through the builder with participants listed in the given order and extra participants appended.</summary>
    private static OpinionInput Rebuild(OpinionInput input, int[] order, Action<OpinionInputBuilder>? extra = null)
    {
        var builder = new OpinionInputBuilder();
        foreach (var statement in input.Statements)
        {
            builder.AddStatement(statement.ExternalId, statement.IsMeta, statement.IsRejected);
        }

        foreach (var p in order)
        {
            var participant = input.Participants[p];
            var index = builder.AddParticipant(participant.ExternalId, participant.Community, participant.IsBanned);
            var statements = input.StatementsOf(p);
            var votes = input.VotesOf(p);
            for (var k = 0; k < statements.Length; k++)
            {
                builder.AddVote(index, statements[k], votes[k], input.FirstVoteTime(p) + k);
            }
        }

        extra?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>Everything a caller sees, keyed by external ids so that participant numbering does not matter.</summary>
    private static string Fingerprint(OpinionInput input, OpinionResult result, Func<int, bool>? include = null)
    {
        var participants = Enumerable.Range(0, input.ParticipantCount)
            .Where(p => include?.Invoke(p) ?? true)
            .OrderBy(p => input.Participants[p].ExternalId, StringComparer.Ordinal)
            .Select(p => new { input.Participants[p].ExternalId, Placement = result.Participants[p] });
        return JsonSerializer.Serialize(new
        {
            result.InMapCount,
            result.GroupsShown,
            result.K,
            result.BestK,
            Participants = participants,
            result.Statements,
            BaseClusters = result.BaseClusters.Select(b => new { b.X, b.Y, b.Group, Members = b.Members.Select(m => input.Participants[m].ExternalId).Order(StringComparer.Ordinal) }),
            result.Groups,
            result.Consensus,
            result.Communities,
            result.Eigenvalues,
            State = result.State with { InMap = [.. result.State.InMap.Order(StringComparer.Ordinal)] },
        });
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_in_map_participant_is_in_exactly_one_shown_group(int seed)
    {
        var input = Conversation(seed);
        var result = OpinionEngine.Compute(input, null, Ungated);
        Assert.True(result.GroupsShown);
        var labels = result.Groups.Select(g => g.Label).ToHashSet();
        Assert.Equal(result.Groups.Count, labels.Count);
        for (var p = 0; p < input.ParticipantCount; p++)
        {
            var placement = result.Participants[p];
            if (placement.InMap)
            {
                Assert.Contains(placement.Group, labels);
                Assert.Single(result.BaseClusters, b => b.Members.Contains(p));
            }
            else
            {
                Assert.Equal(-1, placement.Group);
            }
        }

        Assert.Equal(result.InMapCount, result.Groups.Sum(g => g.Size));
        Assert.Equal(result.InMapCount, result.Participants.Count(p => p.InMap));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Listing_participants_in_another_order_changes_nothing(int seed)
    {
        var input = Conversation(seed);
        var forward = Rebuild(input, [.. Enumerable.Range(0, input.ParticipantCount)]);
        var random = new Random(seed);
        var shuffled = Enumerable.Range(0, input.ParticipantCount).ToArray();
        random.Shuffle(shuffled);
        var permuted = Rebuild(input, shuffled);
        Assert.Equal(
            Fingerprint(forward, OpinionEngine.Compute(forward, null, OpinionOptions.Default)),
            Fingerprint(permuted, OpinionEngine.Compute(permuted, null, OpinionOptions.Default)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Votes_of_banned_participants_do_not_affect_the_result(int seed)
    {
        var input = Conversation(seed);
        var order = Enumerable.Range(0, input.ParticipantCount).ToArray();
        var clean = Rebuild(input, order);
        var random = new Random(seed * 31);
        var withBanned = Rebuild(input, order, builder =>
        {
            for (var b = 0; b < 20; b++)
            {
                var p = builder.AddParticipant($"banned-{b}", b % 2 == 0 ? SyntheticConversation.NorthCommunity : null, isBanned: true);
                for (var v = 0; v < 15; v++)
                {
                    builder.AddVote(p, random.Next(input.StatementCount), random.Next(-1, 2), random.NextInt64(1_600_000_000_000, 1_800_000_000_000));
                }
            }
        });

        var expected = Fingerprint(clean, OpinionEngine.Compute(clean, null, OpinionOptions.Default));
        var actual = OpinionEngine.Compute(withBanned, null, OpinionOptions.Default);
        Assert.All(Enumerable.Range(clean.ParticipantCount, 20), p => Assert.False(actual.Participants[p].InMap));
        Assert.Equal(expected, Fingerprint(withBanned, actual, p => !withBanned.Participants[p].IsBanned));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_same_input_twice_gives_the_identical_result(int seed)
    {
        var input = Conversation(seed);
        var first = OpinionEngine.Compute(input, null, OpinionOptions.Default);
        var second = OpinionEngine.Compute(input, null, OpinionOptions.Default);
        Assert.Equal(Fingerprint(input, first), Fingerprint(input, second));
        var sequential = OpinionEngine.Compute(input, null, OpinionOptions.Default with { MaxDegreeOfParallelism = 1 });
        Assert.Equal(Fingerprint(input, first), Fingerprint(input, sequential));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_state_survives_a_json_round_trip_and_gives_the_same_next_result(int seed)
    {
        var input = Conversation(seed);
        var first = OpinionEngine.Compute(input, null, OpinionOptions.Default);
        var json = JsonSerializer.Serialize(first.State);
        var restored = JsonSerializer.Deserialize<OpinionState>(json)!;
        Assert.Equal(first.State.InMap, restored.InMap);
        Assert.Equal(first.State.BaseCentreX, restored.BaseCentreX);
        Assert.Equal(first.State.BaseCentreY, restored.BaseCentreY);
        Assert.Equal(first.State.BaseClusterGroup, restored.BaseClusterGroup);
        Assert.Equal(first.State.GroupLabels, restored.GroupLabels);
        Assert.Equal(first.State.GroupCentreX, restored.GroupCentreX);
        Assert.Equal(first.State.GroupCentreY, restored.GroupCentreY);
        Assert.Equal((first.State.ShownK, first.State.CandidateK, first.State.CandidateWins), (restored.ShownK, restored.CandidateK, restored.CandidateWins));
        Assert.Equal(first.State.ComponentStatements, restored.ComponentStatements);
        Assert.Equal(first.State.Component1, restored.Component1);
        Assert.Equal(first.State.Component2, restored.Component2);
        Assert.Equal(
            Fingerprint(input, OpinionEngine.Compute(input, first.State, OpinionOptions.Default)),
            Fingerprint(input, OpinionEngine.Compute(input, restored, OpinionOptions.Default)));
    }

    [Fact]
    public void A_recompute_from_the_previous_state_keeps_groups_and_labels()
    {
        var input = Conversation(3);
        var first = OpinionEngine.Compute(input, null, OpinionOptions.Default);
        var second = OpinionEngine.Compute(input, first.State, OpinionOptions.Default);
        Assert.Equal(first.K, second.K);
        for (var p = 0; p < input.ParticipantCount; p++)
        {
            Assert.Equal(first.Participants[p].Group, second.Participants[p].Group);
        }
    }

    [Fact]
    public void Membership_is_sticky()
    {
        var input = Conversation(5);
        var first = OpinionEngine.Compute(input, null, OpinionOptions.Default);
        var outside = Enumerable.Range(0, input.ParticipantCount).First(p => first.Participants[p].Voted && !first.Participants[p].InMap);
        var state = first.State with { InMap = [.. first.State.InMap, input.Participants[outside].ExternalId] };
        var second = OpinionEngine.Compute(input, state, OpinionOptions.Default);
        Assert.True(second.Participants[outside].InMap);
        Assert.Equal(first.InMapCount + 1, second.InMapCount);
    }

    [Fact]
    public void The_shown_k_changes_only_after_four_consecutive_wins()
    {
        var input = Conversation(8);
        var first = OpinionEngine.Compute(input, null, Ungated);
        var other = first.BestK == 2 ? 3 : 2;
        var state = first.State with { ShownK = other, GroupCentreX = [], GroupCentreY = [], GroupLabels = [] };
        for (var update = 1; update <= 4; update++)
        {
            var result = OpinionEngine.Compute(input, state, Ungated);
            Assert.Equal(first.BestK, result.BestK);
            Assert.Equal(update < 4 ? other : first.BestK, result.K);
            state = result.State;
        }
    }

    [Fact]
    public void Below_the_floor_no_groups_are_shown_but_all_are_tallied()
    {
        var input = SyntheticConversation.Generate(4, participants: OpinionOptions.Default.MinimumParticipantsForGroups - 1, statements: 20, votesPerParticipant: 10);
        var result = OpinionEngine.Compute(input, null, Ungated);
        Assert.False(result.GroupsShown);
        Assert.Equal(GroupsHidden.TooFewParticipants, result.Gate!.Hidden);
        Assert.Empty(result.Groups);
        Assert.Equal(input.Enumerate().Count(p => p.Voted), result.InMapCount);
        Assert.All(result.Participants, p => Assert.Equal(-1, p.Group));
    }

    [Fact]
    public void The_next_statement_is_unseen_and_follows_the_priorities()
    {
        var input = Conversation(2);
        var result = OpinionEngine.Compute(input, null, OpinionOptions.Default);
        var random = new Random(7);
        var counts = new int[input.StatementCount];
        for (var i = 0; i < 4000; i++)
        {
            var next = NextStatementChooser.Choose(input, result, 0, random);
            Assert.NotNull(next);
            Assert.Null(input.VoteOf(0, next.Value));
            Assert.False(input.Statements[next.Value].IsRejected);
            counts[next.Value]++;
        }

        var meta = 0;
        Assert.True(counts[meta] > 0 || input.VoteOf(0, meta) is not null);
    }

    [Fact]
    public void Cross_community_consensus_is_only_shown_for_communities_with_five_members()
    {
        var input = Conversation(1);
        var result = OpinionEngine.Compute(input, null, OpinionOptions.Default);
        Assert.False(result.Communities.TooFewToShow);
        Assert.All(result.Communities.Communities, c => Assert.Equal(c.InMapMembers >= 5, c.Shown));

        var small = SyntheticConversation.Generate(9, participants: 16, statements: 12, votesPerParticipant: 10, undeclaredShare: 0.8);
        var smallResult = OpinionEngine.Compute(small, null, OpinionOptions.Default);
        if (smallResult.Communities.Communities.Count(c => c.Shown) < 2)
        {
            Assert.True(smallResult.Communities.TooFewToShow);
        }
    }
}

internal static class OpinionInputTestExtensions
{
    public static IEnumerable<(int Index, bool Voted)> Enumerate(this OpinionInput input) =>
        Enumerable.Range(0, input.ParticipantCount).Select(p => (p, input.StatementsOf(p).Length > 0));
}
