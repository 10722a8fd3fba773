using Kinodialog.Core.Opinions;

namespace Kinodialog.Core.Tests.Opinions;

/// <summary>
/// What the room is shown, against tallies computed by hand (A agree, D disagree, P pass, S = A+D+P;
/// smoothed share (A+1)/(S+2)).
/// </summary>
public sealed class RoomRulesTests
{
    private const int K = 5;

    private static VoteTally T(int agree, int disagree, int pass) => new(agree, disagree, agree + disagree + pass);

    private static CommunityTallies C(string name, params VoteTally[] tallies) => new(name, tallies);

    private static bool[] All(int count) => [.. Enumerable.Repeat(true, count)];

    [Fact]
    public void A_statement_one_community_agrees_with_and_the_other_rejects_is_not_listed_as_agreement()
    {
        // The reported case: 6/6 Armenians agree (7/8 = 0.875), 5 of 6 Azerbaijanis disagree (2/8 = 0.25).
        // The old list ranked it by the geometric mean √(0.875 · 0.25) = 0.468 and showed it.
        var lists = RoomRules.CommunitiesAgree([C("armenian", T(6, 0, 0)), C("azerbaijani", T(1, 5, 0))], All(1), K);
        Assert.Empty(lists);
        Assert.Equal(0.4677, Math.Sqrt(RoomRules.Smoothed(6, 6) * RoomRules.Smoothed(1, 6)), 4);
    }

    [Fact]
    public void A_statement_both_communities_agree_with_is_listed_with_the_lowest_communitys_share()
    {
        // Armenians 5 agree, 1 pass: 6/8 = 0.75. Azerbaijanis 4 agree, 1 disagree, 1 pass: 5/8 = 0.625.
        var entry = Assert.Single(RoomRules.CommunitiesAgree([C("armenian", T(5, 0, 1)), C("azerbaijani", T(4, 1, 1))], All(1), K));
        Assert.Equal(0, entry.Statement);
        Assert.Equal(0.625, entry.Score, 12);
        Assert.Equal(0.75 * 0.625, entry.Product, 12);
        Assert.Equal(Math.Sqrt(0.46875), entry.GeometricMean, 12);
    }

    [Fact]
    public void A_majority_below_the_smoothed_threshold_is_not_listed()
    {
        // Azerbaijanis 3 agree, 2 disagree, 1 pass: a majority of A+D agrees, but 4/8 = 0.5 < 0.6.
        Assert.Empty(RoomRules.CommunitiesAgree([C("armenian", T(6, 0, 0)), C("azerbaijani", T(3, 2, 1))], All(1), K));
        // 4 agree, 1 disagree, 1 pass: 5/8 = 0.625 ≥ 0.6.
        Assert.Single(RoomRules.CommunitiesAgree([C("armenian", T(6, 0, 0)), C("azerbaijani", T(4, 1, 1))], All(1), K));
    }

    [Fact]
    public void A_statement_fewer_than_five_of_a_community_voted_on_is_not_listed()
    {
        // Armenians: 4 voted (all agree, 5/6 = 0.83) — below k = 5 people.
        Assert.Empty(RoomRules.CommunitiesAgree([C("armenian", T(4, 0, 0)), C("azerbaijani", T(5, 0, 0))], All(1), K));
        Assert.Single(RoomRules.CommunitiesAgree([C("armenian", T(5, 0, 0)), C("azerbaijani", T(5, 0, 0))], All(1), K));
    }

    [Fact]
    public void One_community_alone_gives_no_list()
    {
        Assert.Empty(RoomRules.CommunitiesAgree([C("armenian", T(6, 0, 0))], All(1), K));
    }

    [Fact]
    public void The_list_is_ranked_by_the_lowest_communitys_share_then_by_statement_and_holds_five()
    {
        // Lowest shares: s0 6/8, s1 7/8, s2 5/8, s3 6/8, s4..s6 7/8; s7 ineligible.
        var armenian = C("armenian", T(6, 0, 0), T(6, 0, 0), T(6, 0, 0), T(5, 0, 1), T(6, 0, 0), T(6, 0, 0), T(6, 0, 0), T(6, 0, 0));
        var azerbaijani = C("azerbaijani", T(5, 0, 1), T(6, 0, 0), T(4, 1, 1), T(6, 0, 0), T(6, 0, 0), T(6, 0, 0), T(6, 0, 0), T(6, 0, 0));
        bool[] eligible = [true, true, true, true, true, true, true, false];
        var list = RoomRules.CommunitiesAgree([armenian, azerbaijani], eligible, K);
        Assert.Equal([1, 4, 5, 6, 0], list.Select(e => e.Statement));
        Assert.Equal([0.875, 0.875, 0.875, 0.875, 0.75], list.Select(e => e.Score));
    }

    [Fact]
    public void Where_both_disagree_mirrors_the_agree_rule()
    {
        // s0: both disagree (6/8 and 5/8); s1: Armenians disagree, Azerbaijanis agree; s2: both agree.
        var armenian = C("armenian", T(0, 5, 1), T(0, 6, 0), T(6, 0, 0));
        var azerbaijani = C("azerbaijani", T(1, 4, 1), T(6, 0, 0), T(6, 0, 0));
        var disagree = RoomRules.CommunitiesAgree([armenian, azerbaijani], All(3), K, disagree: true);
        var entry = Assert.Single(disagree);
        Assert.Equal(0, entry.Statement);
        Assert.Equal(0.625, entry.Score, 12);
        Assert.Equal([2], RoomRules.CommunitiesAgree([armenian, azerbaijani], All(3), K).Select(e => e.Statement));
    }

    [Fact]
    public void Shown_communities_are_those_with_at_least_five_voters()
    {
        var shown = RoomRules.ShownCommunities(new Dictionary<string, int> { ["azerbaijani"] = 5, ["armenian"] = 7, ["other"] = 4 }, K);
        Assert.Equal(["armenian", "azerbaijani"], shown);
    }

    private static OpinionGroup G(int label, params VoteTally[] tallies) => new(label, 8, 0, 0, [], tallies, []);

    [Fact]
    public void The_bridging_list_leaves_out_a_statement_the_groups_are_opposed_on()
    {
        // s0: group A 8/8 agree (9/10), group B 8/8 disagree (1/10): GIC geometric mean √0.09 = 0.3, yet opposed.
        // s1: A 4 agree 4 pass (5/10 = 0.5), B 5 agree 3 pass (6/10): both at least 0.5.
        // s2: A 3 agree 5 pass (4/10 = 0.4) — below.
        var groups = new[] { G(0, T(8, 0, 0), T(4, 0, 4), T(3, 0, 5)), G(1, T(0, 8, 0), T(5, 0, 3), T(8, 0, 0)) };
        var entry = Assert.Single(RoomRules.Bridging(groups, All(3)));
        Assert.Equal(1, entry.Statement);
        Assert.Equal(0.5, entry.Score, 12);
        Assert.Equal(0.3, entry.Product, 12);
        Assert.Equal(Math.Sqrt(0.3), entry.GeometricMean, 12);
    }

    [Fact]
    public void The_bridging_list_is_ranked_by_the_geometric_mean_and_is_empty_without_groups()
    {
        var groups = new[] { G(0, T(5, 0, 3), T(8, 0, 0)), G(1, T(5, 0, 3), T(6, 0, 2)) };
        Assert.Equal([1, 0], RoomRules.Bridging(groups, All(2)).Select(e => e.Statement));
        Assert.Empty(RoomRules.Bridging([], All(2)));
    }

    [Fact]
    public void A_representative_statement_everyone_agreed_with_is_shown_as_agreement_with_its_actual_share()
    {
        // The reported case: both groups 8/8 agree; the engine labels it "disagree" (z_ra = z_rd = 0) and
        // its p_d = 1/10 was shown as "10% disagree".
        var shown = RoomRules.Representative(RepnessDirection.Disagree, T(8, 0, 0));
        Assert.Equal(RepnessDirection.Agree, shown.Direction);
        Assert.Equal(1.0, shown.Share);
        var partly = RoomRules.Representative(RepnessDirection.Disagree, T(1, 6, 1));
        Assert.Equal(RepnessDirection.Disagree, partly.Direction);
        Assert.Equal(6.0 / 8, partly.Share);
    }

    [Fact]
    public void Community_bars_are_shown_only_when_no_count_below_five_can_be_derived()
    {
        // Armenians 6 agree; Azerbaijanis 1 agree 5 disagree; the room also holds 1 person of another community who passed.
        var withOther = RoomRules.Split(0, T(7, 5, 1), [("armenian", T(6, 0, 0)), ("azerbaijani", T(1, 5, 0))], K);
        Assert.Equal(new SplitBar(null, 7, 5, 1), withOther.Room);
        Assert.Empty(withOther.Communities); // room − both = that one person's vote

        var twoCommunities = RoomRules.Split(0, T(7, 5, 0), [("armenian", T(6, 0, 0)), ("azerbaijani", T(1, 5, 0))], K);
        Assert.Equal([new SplitBar("armenian", 6, 0, 0), new SplitBar("azerbaijani", 1, 5, 0)], twoCommunities.Communities);

        // Azerbaijanis: 3 voted — hidden, and room − Armenians would give their 3 votes: no community bar.
        Assert.Empty(RoomRules.Split(0, T(8, 1, 0), [("armenian", T(6, 0, 0)), ("azerbaijani", T(2, 1, 0))], K).Communities);

        // ... unless 3 more who did not say their community voted too: the remainder is 6.
        var remainderSix = RoomRules.Split(0, T(10, 2, 0), [("armenian", T(6, 0, 0)), ("azerbaijani", T(2, 1, 0))], K);
        Assert.Equal([new SplitBar("armenian", 6, 0, 0)], remainderSix.Communities);
    }
}
