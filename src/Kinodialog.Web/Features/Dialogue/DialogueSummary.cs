using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Kinodialog.Core.Opinions;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>
/// What the projector shows of a screening's opinion map: aggregates only (counts, group areas,
/// statement numbers), never a person. Stored as JSON in <c>DialogueState.ResultJson</c>. Which
/// statements are listed is decided by <see cref="RoomRules"/> (the README's "What the room is shown");
/// the Polis numbers (GIC and its geometric mean) stay in the JSON beside them.
/// </summary>
public sealed record DialogueSummary(
    [property: JsonPropertyName("participants")] int Participants,
    [property: JsonPropertyName("votes")] int Votes,
    [property: JsonPropertyName("inMap")] int InMap,
    [property: JsonPropertyName("groupsShown")] bool GroupsShown,
    [property: JsonPropertyName("groups")] IReadOnlyList<SummaryGroup> Groups,
    [property: JsonPropertyName("bridging")] IReadOnlyList<SummaryScore> Bridging,
    [property: JsonPropertyName("communitiesShown")] bool CommunitiesShown,
    [property: JsonPropertyName("communityAgree")] IReadOnlyList<SummaryScore> CommunityAgree,
    [property: JsonPropertyName("priorities")] IReadOnlyDictionary<string, double> Priorities,
    [property: JsonPropertyName("communityDisagree")] IReadOnlyList<SummaryScore>? CommunityDisagree = null,
    [property: JsonPropertyName("splits")] IReadOnlyList<SummarySplit>? Splits = null,
    [property: JsonPropertyName("groupsHidden")] SummaryGroupsHidden? GroupsHidden = null)
{
    /// <summary>"other" is not a side of the room: those people count in the room's bar only.</summary>
    public const string OtherCommunity = "other";

    public static DialogueSummary Empty { get; } = new(0, 0, 0, false, [], [], false, [], new Dictionary<string, double>(), [], []);

    /// <summary>Builds the summary; statements are named by their number (the engine's external id).</summary>
    /// <param name="minimum">k: the fewest people of a community any number is shown about.</param>
    public static DialogueSummary From(OpinionInput input, OpinionResult result, int participants, int votes, int minimum = 5)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        var eligible = input.Statements.Select(st => !st.IsRejected && !st.IsMeta).ToArray();
        var groups = new List<SummaryGroup>();
        if (result.GroupsShown)
        {
            foreach (var group in result.Groups)
            {
                var members = result.Participants.Where(p => p.InMap && p.Group == group.Label).ToList();
                var radius = members.Count == 0 ? 0 : Math.Sqrt(members.Average(p => ((p.X - group.CentreX) * (p.X - group.CentreX)) + ((p.Y - group.CentreY) * (p.Y - group.CentreY))));
                var representative = group.Representative
                    .Select(r =>
                    {
                        var shown = RoomRules.Representative(r.Direction, group.Tallies[r.Statement]);
                        return new SummaryRepresentative(Number(input, r.Statement), Direction(shown.Direction), Math.Round(r.P, 3), Math.Round(shown.Share, 4), Direction(r.Direction));
                    })
                    .Take(5).ToList();
                groups.Add(new SummaryGroup(group.Label, group.Size, Math.Round(group.CentreX, 4), Math.Round(group.CentreY, 4), Math.Round(radius, 4), representative));
            }
        }

        var inMatrix = eligible.Select((e, s) => e && result.Statements[s].InMatrix).ToArray();
        var bridging = result.GroupsShown
            ? RoomRules.Bridging(result.Groups, inMatrix)
                .Select(e => new SummaryScore(Number(input, e.Statement), Math.Round(result.Statements[e.Statement].GicGeoMean, 4), Math.Round(result.Statements[e.Statement].Gic, 6), Math.Round(e.Score, 4)))
                .ToList()
            : [];

        // Sides of the room: every declared community but "other"; everyone not banned counts in the room's bar.
        var sides = input.Participants
            .Select(p => p.Community)
            .Where(c => !string.IsNullOrEmpty(c) && c != OtherCommunity)
            .Select(c => c!)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var sideIndex = sides.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i, StringComparer.Ordinal);
        var setOf = new int[input.ParticipantCount];
        var room = new int[input.ParticipantCount];
        var voters = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var p = 0; p < input.ParticipantCount; p++)
        {
            var community = input.Participants[p].Community;
            setOf[p] = community is not null && sideIndex.TryGetValue(community, out var i) ? i : -1;
            var votedOnEligible = false;
            foreach (var s in input.StatementsOf(p))
            {
                votedOnEligible |= eligible[s];
            }

            if (setOf[p] >= 0 && votedOnEligible && !input.Participants[p].IsBanned)
            {
                voters[community!] = voters.GetValueOrDefault(community!) + 1;
            }
        }

        var sideTallies = OpinionStatistics.Tally(input, setOf, sides.Count);
        var roomTally = OpinionStatistics.Tally(input, room, 1)[0];
        var shownSides = RoomRules.ShownCommunities(voters, minimum);
        var shownTallies = shownSides.Select(c => new CommunityTallies(c, sideTallies[sideIndex[c]])).ToList();
        var communitiesShown = shownTallies.Count >= 2;
        List<SummaryScore> CommunityList(bool disagree) => RoomRules.CommunitiesAgree(shownTallies, eligible, minimum, disagree)
            .Select(e => new SummaryScore(Number(input, e.Statement), Math.Round(e.Score, 4), Math.Round(e.Product, 6), Math.Round(e.GeometricMean, 4)))
            .ToList();

        var splits = new List<SummarySplit>();
        for (var s = 0; s < input.StatementCount; s++)
        {
            if (eligible[s] && roomTally[s].Seen > 0)
            {
                var split = RoomRules.Split(s, roomTally[s], sides.Select((c, i) => (c, sideTallies[i][s])).ToList(), minimum);
                splits.Add(new SummarySplit(Number(input, s), SummaryBar.Of(split.Room), [.. split.Communities.Select(SummaryBar.Of)]));
            }
        }

        var priorities = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var s = 0; s < result.Statements.Length; s++)
        {
            priorities[input.Statements[s].ExternalId] = result.Statements[s].Priority;
        }

        return new DialogueSummary(
            participants, votes, result.InMapCount, result.GroupsShown, groups, bridging, communitiesShown,
            communitiesShown ? CommunityList(disagree: false) : [], priorities,
            communitiesShown ? CommunityList(disagree: true) : [], splits, SummaryGroupsHidden.Of(result.Gate));
    }

    private static string Direction(RepnessDirection direction) => direction == RepnessDirection.Agree ? "agree" : "disagree";

    private static int Number(OpinionInput input, int statement) => int.Parse(input.Statements[statement].ExternalId, CultureInfo.InvariantCulture);

    /// <summary>The map as SVG: one translucent area per group (no individual points).</summary>
    public string MapSvg(string title)
    {
        const double size = 400;
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" class=\"opinion-map\" role=\"img\" data-testid=\"opinion-map\" aria-label=\"{System.Net.WebUtility.HtmlEncode(title)}\"><title>{System.Net.WebUtility.HtmlEncode(title)}</title>");
        builder.Append("<line x1=\"200\" y1=\"0\" x2=\"200\" y2=\"400\" class=\"axis\"/><line x1=\"0\" y1=\"200\" x2=\"400\" y2=\"200\" class=\"axis\"/>");
        var extent = Groups.Count == 0 ? 1 : Groups.Max(g => Math.Max(Math.Abs(g.X) + g.Radius, Math.Abs(g.Y) + g.Radius));
        var scale = extent <= 0 ? 1 : (size / 2 * 0.9) / extent;
        foreach (var group in Groups)
        {
            var x = (size / 2) + (group.X * scale);
            var y = (size / 2) - (group.Y * scale);
            var r = Math.Max(12, group.Radius * scale);
            builder.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:F1}\" cy=\"{y:F1}\" r=\"{r:F1}\" class=\"group group-{group.Label % 6}\" data-testid=\"map-group\"/>");
            builder.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:F1}\" y=\"{y:F1}\" class=\"group-label\">{GroupName(group.Label)} · {group.Size}</text>");
        }

        builder.Append("</svg>");
        return builder.ToString();
    }

    /// <summary>Groups are named A, B, C… on the map.</summary>
    public static string GroupName(int label) => ((char)('A' + (label % 26))).ToString();
}

public sealed record SummaryGroup(
    [property: JsonPropertyName("label")] int Label,
    [property: JsonPropertyName("size")] int Size,
    [property: JsonPropertyName("x")] double X,
    [property: JsonPropertyName("y")] double Y,
    [property: JsonPropertyName("radius")] double Radius,
    [property: JsonPropertyName("representative")] IReadOnlyList<SummaryRepresentative> Representative);

public sealed record SummaryRepresentative(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("direction")] string Direction,
    [property: JsonPropertyName("p")] double P,
    [property: JsonPropertyName("share")] double Share = 0,
    [property: JsonPropertyName("label")] string? Label = null);

/// <summary>
/// A statement's score in a list: <c>Score</c> is what the list is ranked by (bridging: the geometric mean
/// of the group-informed consensus; communities: the lowest community's smoothed share), <c>Gic</c> the
/// product Π (A+1)/(S+2), <c>Lowest</c>/<c>GeoMean</c> the other of the two numbers.
/// </summary>
public sealed record SummaryScore(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("gic")] double Gic = 0,
    [property: JsonPropertyName("other")] double Other = 0);

/// <summary>Agree, disagree and pass counts of the room or of one community (<c>Community</c> null for the room).</summary>
public sealed record SummaryBar(
    [property: JsonPropertyName("community")] string? Community,
    [property: JsonPropertyName("agree")] int Agree,
    [property: JsonPropertyName("disagree")] int Disagree,
    [property: JsonPropertyName("pass")] int Pass)
{
    [JsonIgnore]
    public int Seen => Agree + Disagree + Pass;

    public static SummaryBar Of(SplitBar bar)
    {
        ArgumentNullException.ThrowIfNull(bar);
        return new SummaryBar(bar.Community, bar.Agree, bar.Disagree, bar.Pass);
    }
}

/// <summary>How the room voted on one statement, and each community where <see cref="RoomRules.Split"/> allows.</summary>
public sealed record SummarySplit(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("room")] SummaryBar Room,
    [property: JsonPropertyName("communities")] IReadOnlyList<SummaryBar> Communities);

/// <summary>
/// Why the room sees no opinion groups (null when they are shown): "too-few" (fewer people in the map
/// than the floor), "not-stable" (the groups change when a few people are left out: stability below the
/// threshold) or "no-groups" (the votes do not split the room). See bench/groups/README.md.
/// </summary>
public sealed record SummaryGroupsHidden(
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("inMap")] int InMap,
    [property: JsonPropertyName("floor")] int Floor,
    [property: JsonPropertyName("stability")] double? Stability,
    [property: JsonPropertyName("threshold")] double Threshold)
{
    public const string TooFew = "too-few";
    public const string NotStable = "not-stable";
    public const string NoGroups = "no-groups";

    public static SummaryGroupsHidden? Of(GroupGate? gate) => gate is null || gate.Shown
        ? null
        : new SummaryGroupsHidden(
            gate.Hidden switch
            {
                GroupsHidden.TooFewParticipants => TooFew,
                GroupsHidden.NotStable => NotStable,
                _ => NoGroups,
            },
            gate.Participants,
            gate.Floor,
            gate.Stability is { } stability ? Math.Round(stability, 2) : null,
            gate.Threshold);
}
