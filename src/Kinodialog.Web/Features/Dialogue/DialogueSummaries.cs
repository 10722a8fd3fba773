using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kinodialog.Data;
using Kinodialog.Web.Features.Screenings;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>A statement on the projector: its number and its text in the viewer's language (or the original).</summary>
public sealed record LiveStatement(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("direction")] string? Direction = null);

public sealed record LiveGroup(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("size")] int Size,
    [property: JsonPropertyName("representative")] IReadOnlyList<LiveStatement> Representative);

/// <summary>What the live projector view shows (the JSON of <c>GET /api/screenings/{id}/dialogue/summary</c>).</summary>
public sealed record LiveSummary(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("participants")] int Participants,
    [property: JsonPropertyName("votes")] int Votes,
    [property: JsonPropertyName("groupsShown")] bool GroupsShown,
    [property: JsonPropertyName("groups")] IReadOnlyList<LiveGroup> Groups,
    [property: JsonPropertyName("bridging")] IReadOnlyList<LiveStatement> Bridging,
    [property: JsonPropertyName("communitiesShown")] bool CommunitiesShown,
    [property: JsonPropertyName("communityAgree")] IReadOnlyList<LiveStatement> CommunityAgree,
    [property: JsonPropertyName("mapSvg")] string MapSvg,
    [property: JsonPropertyName("communityDisagree")] IReadOnlyList<LiveStatement> CommunityDisagree,
    [property: JsonPropertyName("splits")] IReadOnlyList<LiveSplit> Splits,
    [property: JsonPropertyName("rawDataRemovedAt")] DateTime? RawDataRemovedAt = null);

/// <summary>A statement's split on the projector: the room's bar and the communities' bars that may be shown.</summary>
public sealed record LiveSplit(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("room")] SummaryBar Room,
    [property: JsonPropertyName("communities")] IReadOnlyList<SummaryBar> Communities);

/// <summary>
/// Reads the stored summary of a screening (organiser isolation applies), in the reader's language:
/// for the projector (live), the results page and the printed pack (<c>_DialogueSummary</c>).
/// </summary>
public sealed class DialogueSummaries(KinodialogDbContext db, ScreeningAccess access, Microsoft.Extensions.Localization.IStringLocalizer<DialogueResource> l)
{
    public static DialogueSummary Parse(string? json) =>
        string.IsNullOrEmpty(json) ? DialogueSummary.Empty : JsonSerializer.Deserialize<DialogueSummary>(json) ?? DialogueSummary.Empty;

    public async Task<LiveSummary?> HandleAsync(Guid id, ClaimsPrincipal user, string culture, CancellationToken cancellationToken)
    {
        var screening = await access.For(user).AsNoTracking().Where(s => s.Id == id).Select(s => new { s.Title, s.RawDataRemovedAt }).FirstOrDefaultAsync(cancellationToken);
        if (screening is null)
        {
            return null;
        }

        var title = screening.Title;

        var json = await db.DialogueStates.AsNoTracking().Where(d => d.ScreeningId == id).Select(d => d.ResultJson).FirstOrDefaultAsync(cancellationToken);
        var summary = Parse(json);
        var statements = await db.Statements.AsNoTracking().Where(s => s.ScreeningId == id)
            .Select(s => new { s.Number, s.Text, Translation = db.StatementTranslations.Where(t => t.StatementId == s.Id && t.Culture == culture).Select(t => t.Text).FirstOrDefault() })
            .ToDictionaryAsync(s => s.Number, s => s.Translation ?? s.Text, cancellationToken);
        string Text(int number) => statements.GetValueOrDefault(number, "#" + number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new LiveSummary(
            title, summary.Participants, summary.Votes, summary.GroupsShown,
            summary.Groups.Select(g => new LiveGroup(DialogueSummary.GroupName(g.Label), g.Size,
                g.Representative.Select(r => new LiveStatement(r.Number, Text(r.Number), r.Share, r.Direction)).ToList())).ToList(),
            summary.Bridging.Select(b => new LiveStatement(b.Number, Text(b.Number), b.Score)).ToList(),
            summary.CommunitiesShown,
            summary.CommunityAgree.Select(b => new LiveStatement(b.Number, Text(b.Number), b.Score)).ToList(),
            summary.MapSvg(l["Opinion map: each circle is a group of people who voted alike; no one is shown individually."]),
            (summary.CommunityDisagree ?? []).Select(b => new LiveStatement(b.Number, Text(b.Number), b.Score)).ToList(),
            (summary.Splits ?? []).Select(p => new LiveSplit(p.Number, Text(p.Number), p.Room, p.Communities)).ToList(),
            screening.RawDataRemovedAt);
    }
}
