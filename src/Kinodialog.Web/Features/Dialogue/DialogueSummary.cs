using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Kinodialog.Core.Opinions;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>
/// What the projector shows of a screening's opinion map: aggregates only (counts, group areas,
/// statement numbers), never a person. Stored as JSON in <c>DialogueState.ResultJson</c>.
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
    [property: JsonPropertyName("priorities")] IReadOnlyDictionary<string, double> Priorities)
{
    public static DialogueSummary Empty { get; } = new(0, 0, 0, false, [], [], false, [], new Dictionary<string, double>());

    /// <summary>Builds the summary; statements are named by their number (the engine's external id).</summary>
    public static DialogueSummary From(OpinionInput input, OpinionResult result, int participants, int votes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        var groups = new List<SummaryGroup>();
        if (result.GroupsShown)
        {
            foreach (var group in result.Groups)
            {
                var members = result.Participants.Where(p => p.InMap && p.Group == group.Label).ToList();
                var radius = members.Count == 0 ? 0 : Math.Sqrt(members.Average(p => ((p.X - group.CentreX) * (p.X - group.CentreX)) + ((p.Y - group.CentreY) * (p.Y - group.CentreY))));
                var representative = group.Representative
                    .Select(r => new SummaryRepresentative(Number(input, r.Statement), r.Direction == RepnessDirection.Agree ? "agree" : "disagree", Math.Round(r.P, 3)))
                    .Take(5).ToList();
                groups.Add(new SummaryGroup(group.Label, group.Size, Math.Round(group.CentreX, 4), Math.Round(group.CentreY, 4), Math.Round(radius, 4), representative));
            }
        }

        var bridging = Enumerable.Range(0, result.Statements.Length)
            .Where(s => result.Statements[s].InMatrix && result.GroupsShown && result.Statements[s].InMapTally.Seen > 0)
            .OrderByDescending(s => result.Statements[s].GicGeoMean).ThenBy(s => s)
            .Take(5)
            .Select(s => new SummaryScore(Number(input, s), Math.Round(result.Statements[s].GicGeoMean, 4), Math.Round(result.Statements[s].Gic, 6)))
            .ToList();
        var communityAgree = new List<SummaryScore>();
        if (!result.Communities.TooFewToShow)
        {
            var geo = result.Communities.AgreeGeoMean!;
            communityAgree = Enumerable.Range(0, geo.Length)
                .Where(s => result.Statements[s].InMatrix && result.Statements[s].InMapTally.Seen > 0)
                .OrderByDescending(s => geo[s]).ThenBy(s => s).Take(5)
                .Select(s => new SummaryScore(Number(input, s), Math.Round(geo[s], 4), Math.Round(result.Communities.Agree![s], 6)))
                .ToList();
        }

        var priorities = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var s = 0; s < result.Statements.Length; s++)
        {
            priorities[input.Statements[s].ExternalId] = result.Statements[s].Priority;
        }

        return new DialogueSummary(participants, votes, result.InMapCount, result.GroupsShown, groups, bridging, !result.Communities.TooFewToShow, communityAgree, priorities);
    }

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
    [property: JsonPropertyName("p")] double P);

/// <summary>A statement's score: the geometric mean of its group-informed consensus, and the product itself.</summary>
public sealed record SummaryScore(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("gic")] double Gic = 0);
