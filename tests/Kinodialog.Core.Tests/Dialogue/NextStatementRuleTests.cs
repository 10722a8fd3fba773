using System.Globalization;
using Kinodialog.Core.Dialogue;
using Kinodialog.Core.Opinions;

namespace Kinodialog.Core.Tests.Dialogue;

public sealed class NextStatementRuleTests
{
    [Theory]
    [InlineData(0, 81.0)]
    [InlineData(5, 25.0)]
    [InlineData(10, 9.0)]
    [InlineData(15, 4.0)]
    public void A_statement_without_a_map_priority_weighs_less_the_more_people_voted_on_it(int seenBy, double weight)
    {
        Assert.Equal(weight, NextStatementRule.NewStatementPriority(seenBy), 12);
        Assert.Equal(weight, NextStatementRule.Priority(null, seenBy), 12);
        Assert.Equal(weight, NextStatementRule.Priority(0, seenBy), 12);
        Assert.Equal(weight, NextStatementRule.Priority(-1, seenBy), 12);
    }

    [Fact]
    public void The_maps_priority_wins_however_few_have_seen_the_statement() =>
        Assert.Equal(2.5, NextStatementRule.Priority(2.5, 0));

    [Fact]
    public void A_statement_the_phone_voted_on_is_never_shown_again()
    {
        var statements = new[] { Voted(), New(0), Voted() };
        Assert.Equal([1], NextStatementRule.Order(statements, null, 3, new FixedRandom(0.99, 0.99, 0.99)));
        Assert.Empty(NextStatementRule.Order([Voted(), Voted()], null, 3, new FixedRandom()));
        Assert.Empty(NextStatementRule.Order([], null, 3, new FixedRandom()));
    }

    [Fact]
    public void The_draw_is_weighted_by_priority_and_does_not_put_back()
    {
        // Weights 81 (new, nobody voted) and 9 (the map's): a draw of 0.9 × 90 = 81 is past the first (81 < 81 is false).
        var statements = new[] { New(0), Map(9) };
        Assert.Equal([1, 0], NextStatementRule.Order(statements, null, 2, new FixedRandom(0.9, 0.0)));
        // 0.89 × 90 = 80.1 < 81: the first; then only the second is left (0.5 × 9 = 4.5 < 9).
        Assert.Equal([0, 1], NextStatementRule.Order(statements, null, 2, new FixedRandom(0.89, 0.5)));
        // At most count.
        Assert.Equal([0], NextStatementRule.Order(statements, null, 1, new FixedRandom(0.1)));
    }

    [Fact]
    public void Of_two_statements_with_the_same_priority_the_lower_number_takes_the_lower_half_of_the_draw()
    {
        var statements = new[] { Map(3), Map(3) };
        Assert.Equal(0, NextStatementRule.Order(statements, null, 1, new FixedRandom(0.49))[0]);
        Assert.Equal(1, NextStatementRule.Order(statements, null, 1, new FixedRandom(0.5))[0]);
    }

    [Fact]
    public void A_skipped_statement_comes_last_and_only_when_it_is_not_voted_on()
    {
        var statements = new[] { New(0), New(3), Map(1) };
        // Skipping the heaviest: it is drawn after all others, whatever the draw.
        Assert.Equal([2, 0, 1], NextStatementRule.Order(statements, 1, 3, new FixedRandom(0.99, 0.0)));
        Assert.Equal([0, 2], NextStatementRule.Order(statements, 1, 2, new FixedRandom(0.0, 0.0)));
        // The only one left is shown again.
        Assert.Equal([0], NextStatementRule.Order([New(0)], 0, 5, new FixedRandom()));
        // Skipped and voted on (from another tab): not shown.
        Assert.Empty(NextStatementRule.Order([Voted()], 0, 5, new FixedRandom()));
    }

    [Fact]
    public void The_seed_is_the_participants_last_four_bytes_combined_with_the_statements_voted_on()
    {
        var bytes = new byte[16];
        bytes[12] = 1;
        var participant = new Guid(bytes);
        Assert.Equal(1, NextStatementRule.Seed(participant, 0));
        Assert.Equal(2, NextStatementRule.Seed(participant, 3));
        bytes[15] = 0x80;
        Assert.Equal((int.MinValue + 1) ^ 4, NextStatementRule.Seed(new Guid(bytes), 4));

        // The same phone with the same votes gets the same order (a reload shows the same statement).
        var statements = Enumerable.Range(0, 8).Select(i => New(i)).ToArray();
        Assert.Equal(
            NextStatementRule.Order(statements, null, 5, new Random(NextStatementRule.Seed(participant, 2))),
            NextStatementRule.Order(statements, null, 5, new Random(NextStatementRule.Seed(participant, 2))));
    }

    [Fact]
    public void The_rule_orders_as_the_phone_did_before_it_moved_to_Core()
    {
        // The former code in AudienceDialogue: an engine input of one participant and the chooser drawn repeatedly.
        var cases = new Random(20261207);
        for (var round = 0; round < 300; round++)
        {
            var statements = Enumerable.Range(0, cases.Next(0, 12)).Select(_ => new NextStatementCandidate(
                cases.Next(3) == 0,
                cases.Next(3) switch { 0 => null, 1 => 0, _ => cases.NextDouble() * 5 },
                cases.Next(0, 30))).ToArray();
            int? skip = statements.Length > 0 && cases.Next(2) == 0 ? cases.Next(statements.Length) : null;
            var count = cases.Next(1, 6);
            var seed = NextStatementRule.Seed(Guid.CreateVersion7(), cases.Next(20));

            Assert.Equal(Former(statements, skip, count, new Random(seed)), NextStatementRule.Order(statements, skip, count, new Random(seed)));
        }
    }

    private static List<int> Former(NextStatementCandidate[] statements, int? skip, int count, Random random)
    {
        var builder = new OpinionInputBuilder();
        builder.AddParticipant("me");
        var results = new StatementResult[statements.Length];
        for (var i = 0; i < statements.Length; i++)
        {
            builder.AddStatement(i.ToString(CultureInfo.InvariantCulture));
            if (statements[i].Voted)
            {
                builder.AddVote(0, i, 0, 0);
            }

            var priority = statements[i].MapPriority is double p && p > 0 ? p : Math.Pow(1 + (8 * Math.Pow(2, -statements[i].SeenBy / 5.0)), 2);
            results[i] = new StatementResult { InMatrix = true, Priority = i == skip ? 0 : priority };
        }

        var input = builder.Build();
        var result = new OpinionResult(0, false, 0, 0, [], results, [], [], new ConsensusLists([], []),
            new CommunityConsensus([], null, null, null, null), [], 0, new OpinionState());
        var order = new List<int>();
        while (order.Count < count && NextStatementChooser.Choose(input, result, 0, random) is int index)
        {
            order.Add(index);
            results[index] = results[index] with { Priority = 0 };
        }

        if (order.Count < count && skip is int skipped && !statements[skipped].Voted && !order.Contains(skipped))
        {
            order.Add(skipped);
        }

        return order;
    }

    private static NextStatementCandidate New(int seenBy) => new(false, null, seenBy);

    private static NextStatementCandidate Map(double priority) => new(false, priority, 0);

    private static NextStatementCandidate Voted() => new(true, null, 0);

    /// <summary>A draw whose NextDouble answers the given values in turn.</summary>
    private sealed class FixedRandom(params double[] values) : Random
    {
        private int _next;

        public override double NextDouble() => values[_next++];
    }
}
