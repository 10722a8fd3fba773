using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

public sealed class SuppressionTests
{
    [Theory]
    [InlineData(new[] { 12, 7, 30 }, new[] { false, false, false })]
    [InlineData(new[] { 12, 3, 30 }, new[] { true, true, true })]
    [InlineData(new[] { 30, 3, 12 }, new[] { true, true, true })]
    [InlineData(new[] { 12, 3, 2, 30 }, new[] { true, true, true, true })]
    [InlineData(new[] { 0, 3, 20 }, new[] { false, true, true })]
    [InlineData(new[] { 0, 20, 0 }, new[] { false, false, false })]
    [InlineData(new[] { 8, 4, 8 }, new[] { true, true, true })]
    [InlineData(new[] { 5, 4, 4 }, new[] { true, true, true })]
    [InlineData(new[] { 1, 5, 1 }, new[] { true, true, true })]
    [InlineData(new[] { 0, 4, 9 }, new[] { false, true, true })]
    [InlineData(new[] { 0, 0, 0 }, new[] { false, false, false })]
    [InlineData(new[] { 3, 0, 0 }, new[] { true, true, true })]
    [InlineData(new[] { 2, 2 }, new[] { true, true })]
    [InlineData(new[] { 5, 5 }, new[] { false, false })]
    [InlineData(new int[0], new bool[0])]
    public void A_small_cell_hides_every_non_zero_cell_of_its_set(int[] cells, bool[] expected) =>
        Assert.Equal(expected, Suppression.Hide(cells, 5));

    [Fact]
    public void A_larger_k_hides_more_and_a_smaller_one_is_raised_to_five()
    {
        Assert.Equal([false, false, false], Suppression.Hide([10, 12, 30], 10));
        Assert.Equal([true, true, true], Suppression.Hide([8, 12, 30], 10));
        Assert.Equal([true, true, true], Suppression.Hide([4, 9, 30], 2));
        Assert.Equal([false, false, false], Suppression.Hide([5, 9, 30], -1));
    }

    [Theory]
    [InlineData(-3, 5)]
    [InlineData(0, 5)]
    [InlineData(4, 5)]
    [InlineData(5, 5)]
    [InlineData(11, 11)]
    public void K_is_at_least_five_and_configurable_only_upward(int configured, int expected) =>
        Assert.Equal(expected, Suppression.NormaliseK(configured));

    [Theory]
    [InlineData(new[] { 12, 9 }, 5, true)]
    [InlineData(new[] { 12, 4 }, 5, false)]
    [InlineData(new[] { 12, 0 }, 5, false)]
    [InlineData(new[] { 12, 9 }, 10, false)]
    [InlineData(new[] { 5, 5 }, 3, true)]
    [InlineData(new[] { 4, 40 }, 3, false)]
    [InlineData(new int[0], 5, false)]
    public void Per_community_results_need_k_respondents_in_every_community(int[] respondents, int k, bool allowed) =>
        Assert.Equal(allowed, Suppression.CommunityBreakdownAllowed(respondents, k));

    [Fact]
    public void Negative_counts_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Suppression.Hide([3, -1], 5));

    [Fact]
    public void No_small_cell_is_ever_shown_and_never_exactly_one_cell_is_hidden_when_the_set_has_a_partner() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 12)).ToArbitrary(), Gen.Choose(0, 9).ToArbitrary(), (cells, k) =>
        {
            var hidden = Suppression.Hide(cells, k);
            var effective = Suppression.NormaliseK(k);
            Assert.Equal(cells.Length, hidden.Length);
            Assert.All(cells.Zip(hidden), c => Assert.True(c.Second || c.First == 0 || c.First >= effective));
            var nonZero = cells.Count(c => c > 0);
            if (nonZero >= 2)
            {
                Assert.NotEqual(1, hidden.Count(h => h));
            }
        }).QuickCheckThrowOnFailure();
}
