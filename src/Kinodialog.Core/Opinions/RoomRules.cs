namespace Kinodialog.Core.Opinions;

/// <summary>One self-declared community's tallies, one per statement (same order as the input's statements).</summary>
public sealed record CommunityTallies(string Community, IReadOnlyList<VoteTally> Tallies);

/// <summary>A statement listed for the room, with the number it was ranked by.</summary>
/// <param name="Statement">index of the statement in the engine's input.</param>
/// <param name="Score">the ranking number: the lowest community's (or group's) smoothed share.</param>
/// <param name="Product">Polis's product Π (X+1)/(S+2) over the same communities or groups.</param>
/// <param name="GeometricMean">its geometric mean.</param>
public sealed record RoomListEntry(int Statement, double Score, double Product, double GeometricMean);

/// <summary>A share of some people in one direction: <c>Count</c> of <c>Seen</c>.</summary>
public readonly record struct ShownShare(RepnessDirection Direction, int Count, int Seen)
{
    /// <summary>The actual share (not smoothed): Count / Seen, 0 when nobody saw it.</summary>
    public double Share => Seen == 0 ? 0 : (double)Count / Seen;
}

/// <summary>One bar of a statement's split: agree, pass and disagree counts of some people.</summary>
public sealed record SplitBar(string? Community, int Agree, int Disagree, int Pass)
{
    public int Seen => Agree + Disagree + Pass;
}

/// <summary>A statement's split: the whole room's bar and, when the disclosure rule allows, one bar per community.</summary>
public sealed record StatementSplit(int Statement, SplitBar Room, IReadOnlyList<SplitBar> Communities);

/// <summary>
/// The rules that decide what a room is shown of its dialogue (projector, results page, pack). They are
/// stricter than the Polis numbers they start from — a list headed "where the communities agree" lists
/// only statements the communities do agree on — and they never show a number about fewer than
/// <c>k</c> people of a community. The README's "What the room is shown" states them in words;
/// RoomRulesTests checks them against hand-computed tallies.
/// </summary>
public static class RoomRules
{
    /// <summary>The smallest smoothed share (A+1)/(S+2) every shown community needs for "agree"/"disagree" lists.</summary>
    public const double CommunityThreshold = 0.6;

    /// <summary>The smallest smoothed agree share every opinion group needs for the bridging list.</summary>
    public const double BridgingThreshold = 0.5;

    /// <summary>How many statements a list shows at most.</summary>
    public const int ListLength = 5;

    /// <summary>The smoothed share (x+1)/(S+2) of the spec.</summary>
    public static double Smoothed(int count, int seen) => (count + 1.0) / (seen + 2.0);

    /// <summary>
    /// The communities shown in the room: those with at least <paramref name="minimum"/> members who
    /// voted on at least one eligible statement (counted by <paramref name="voters"/>). Fewer than two
    /// shown communities means "too few to show".
    /// </summary>
    public static IReadOnlyList<string> ShownCommunities(IReadOnlyDictionary<string, int> voters, int minimum)
    {
        ArgumentNullException.ThrowIfNull(voters);
        return [.. voters.Where(v => v.Value >= minimum).Select(v => v.Key).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// "Where the communities agree" (or, with <paramref name="disagree"/>, "where both disagree"): a
    /// statement is listed when in every shown community (i) at least <paramref name="minimum"/> members
    /// voted on it (agree, disagree or pass), (ii) more of them chose agree than disagree, and (iii) the
    /// smoothed share (A+1)/(S+2) is at least 0.6. Ranked by the lowest community's smoothed share, then
    /// by statement; at most five. Empty when fewer than two communities are given.
    /// </summary>
    public static IReadOnlyList<RoomListEntry> CommunitiesAgree(
        IReadOnlyList<CommunityTallies> shown,
        IReadOnlyList<bool> eligible,
        int minimum,
        bool disagree = false)
    {
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(eligible);
        if (shown.Count < 2)
        {
            return [];
        }

        var entries = new List<RoomListEntry>();
        for (var s = 0; s < eligible.Count; s++)
        {
            if (!eligible[s])
            {
                continue;
            }

            var lowest = double.PositiveInfinity;
            var product = 1.0;
            var listed = true;
            foreach (var community in shown)
            {
                var t = community.Tallies[s];
                var yes = disagree ? t.Disagree : t.Agree;
                var no = disagree ? t.Agree : t.Disagree;
                var share = Smoothed(yes, t.Seen);
                if (t.Seen < minimum || yes <= no || share < CommunityThreshold)
                {
                    listed = false;
                    break;
                }

                lowest = Math.Min(lowest, share);
                product *= share;
            }

            if (listed)
            {
                entries.Add(new RoomListEntry(s, lowest, product, Math.Pow(product, 1.0 / shown.Count)));
            }
        }

        return Rank(entries);
    }

    /// <summary>
    /// The bridging list: statements in the map whose smoothed agree share (A_g+1)/(S_g+2) is at least
    /// 0.5 in every opinion group, ranked by the geometric mean of the group-informed consensus (Polis's
    /// number), then by statement; at most five. Empty when there are no groups.
    /// </summary>
    public static IReadOnlyList<RoomListEntry> Bridging(IReadOnlyList<OpinionGroup> groups, IReadOnlyList<bool> eligible)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(eligible);
        if (groups.Count == 0)
        {
            return [];
        }

        var entries = new List<RoomListEntry>();
        for (var s = 0; s < eligible.Count; s++)
        {
            if (!eligible[s] || groups.All(g => g.Tallies[s].Seen == 0))
            {
                continue;
            }

            var lowest = double.PositiveInfinity;
            var product = 1.0;
            foreach (var group in groups)
            {
                var share = Smoothed(group.Tallies[s].Agree, group.Tallies[s].Seen);
                lowest = Math.Min(lowest, share);
                product *= share;
            }

            if (lowest >= BridgingThreshold)
            {
                entries.Add(new RoomListEntry(s, lowest, product, Math.Pow(product, 1.0 / groups.Count)));
            }
        }

        entries.Sort((a, b) =>
        {
            var c = b.GeometricMean.CompareTo(a.GeometricMean);
            return c != 0 ? c : a.Statement.CompareTo(b.Statement);
        });
        return entries.Take(ListLength).ToList();
    }

    /// <summary>
    /// How a representative statement is shown for its group: in the engine's direction, unless fewer of
    /// the group chose that direction than the other (Polis labels the statement a group agrees with most
    /// "disagree" when the rest of the room agrees just as much), then in the other; with the group's
    /// actual share in that direction, passes included in the denominator.
    /// </summary>
    public static ShownShare Representative(RepnessDirection direction, VoteTally group)
    {
        var flip = direction == RepnessDirection.Agree ? group.Disagree > group.Agree : group.Agree > group.Disagree;
        var shown = flip ? (direction == RepnessDirection.Agree ? RepnessDirection.Disagree : RepnessDirection.Agree) : direction;
        return new ShownShare(shown, shown == RepnessDirection.Agree ? group.Agree : group.Disagree, group.Seen);
    }

    /// <summary>
    /// A statement's split for the room. The room's bar is always shown. Community bars are shown only
    /// when every community that voted on the statement with fewer than <paramref name="minimum"/> people
    /// is hidden and the hidden remainder (the room minus the shown communities) is 0 or at least
    /// <paramref name="minimum"/>, so that no community's count below the minimum can be derived by
    /// subtraction; otherwise only the room's bar.
    /// </summary>
    /// <param name="room">the whole room's tally (every non-banned voter, whatever their community).</param>
    /// <param name="communities">the tallies of the communities that may be shown.</param>
    public static StatementSplit Split(int statement, VoteTally room, IReadOnlyList<(string Community, VoteTally Tally)> communities, int minimum)
    {
        ArgumentNullException.ThrowIfNull(communities);
        var roomBar = new SplitBar(null, room.Agree, room.Disagree, room.Pass);
        var shown = communities.Where(c => c.Tally.Seen >= minimum).ToList();
        var remainder = room.Seen - shown.Sum(c => c.Tally.Seen);
        if (shown.Count == 0 || (remainder > 0 && remainder < minimum))
        {
            return new StatementSplit(statement, roomBar, []);
        }

        return new StatementSplit(statement, roomBar, [.. shown.Select(c => new SplitBar(c.Community, c.Tally.Agree, c.Tally.Disagree, c.Tally.Pass))]);
    }

    private static List<RoomListEntry> Rank(List<RoomListEntry> entries)
    {
        entries.Sort((a, b) =>
        {
            var c = b.Score.CompareTo(a.Score);
            return c != 0 ? c : a.Statement.CompareTo(b.Statement);
        });
        return entries.Take(ListLength).ToList();
    }
}
