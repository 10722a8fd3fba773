using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kinodialog.Core.Screenings;
using Kinodialog.Data;
using Kinodialog.Web.Features.Screenings;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>A statement on the projector: its number and its text in the viewer's language (or the original).</summary>
public sealed record LiveStatement(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("direction")] string? Direction = null,
    [property: JsonPropertyName("texts")] IReadOnlyList<LiveText>? Texts = null);

/// <summary>
/// A statement's text in one of the room's languages: the original, a translation, or (when
/// <paramref name="Pending"/>) the words "translation pending" in that language.
/// </summary>
public sealed record LiveText(
    [property: JsonPropertyName("culture")] string Culture,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("original")] bool Original,
    [property: JsonPropertyName("pending")] bool Pending);

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
    [property: JsonPropertyName("rawDataRemovedAt")] DateTime? RawDataRemovedAt = null,
    [property: JsonPropertyName("groupsHidden")] SummaryGroupsHidden? GroupsHidden = null);

/// <summary>A statement's split on the projector: the room's bar and the communities' bars that may be shown.</summary>
public sealed record LiveSplit(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("room")] SummaryBar Room,
    [property: JsonPropertyName("communities")] IReadOnlyList<SummaryBar> Communities,
    [property: JsonPropertyName("texts")] IReadOnlyList<LiveText>? Texts = null);

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
        var screening = await access.For(user).AsNoTracking().Where(s => s.Id == id)
            .Select(s => new { s.Title, s.EventCulture, s.AudienceCultures, s.RawDataRemovedAt }).FirstOrDefaultAsync(cancellationToken);
        if (screening is null)
        {
            return null;
        }

        var title = screening.Title;
        var languages = ScreeningLanguages.Of(screening.EventCulture, screening.AudienceCultures);
        var json = await db.DialogueStates.AsNoTracking().Where(d => d.ScreeningId == id).Select(d => d.ResultJson).FirstOrDefaultAsync(cancellationToken);
        var summary = Parse(json);
        var rows = await db.Statements.AsNoTracking().Where(s => s.ScreeningId == id)
            .Select(s => new { s.Id, s.Number, s.Text, s.Culture }).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var translations = (await db.StatementTranslations.AsNoTracking().Where(t => ids.Contains(t.StatementId))
                .Select(t => new { t.StatementId, t.Culture, t.Text }).ToListAsync(cancellationToken))
            .ToLookup(t => t.StatementId);
        var pending = languages.ToDictionary(c => c, c => InCulture(c, "translation pending"), StringComparer.Ordinal);
        var statements = new Dictionary<int, string>();
        var texts = new Dictionary<int, IReadOnlyList<LiveText>>();
        foreach (var row in rows)
        {
            var translated = translations[row.Id].ToDictionary(t => t.Culture, t => t.Text, StringComparer.Ordinal);
            statements[row.Number] = translated.GetValueOrDefault(culture) ?? row.Text;
            // The room's languages side by side, in the organiser's order; an original in another language leads.
            var columns = languages.Contains(row.Culture, StringComparer.Ordinal) ? languages : [row.Culture, .. languages];
            texts[row.Number] = columns.Select(c =>
                c == row.Culture ? new LiveText(c, row.Text, true, false)
                : translated.TryGetValue(c, out var text) ? new LiveText(c, text, false, false)
                : new LiveText(c, pending[c], false, true)).ToList();
        }

        string Text(int number) => statements.GetValueOrDefault(number, "#" + number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        IReadOnlyList<LiveText>? Texts(int number) => texts.GetValueOrDefault(number);
        return new LiveSummary(
            title, summary.Participants, summary.Votes, summary.GroupsShown,
            summary.Groups.Select(g => new LiveGroup(DialogueSummary.GroupName(g.Label), g.Size,
                g.Representative.Select(r => new LiveStatement(r.Number, Text(r.Number), r.Share, r.Direction, Texts(r.Number))).ToList())).ToList(),
            summary.Bridging.Select(b => new LiveStatement(b.Number, Text(b.Number), b.Score, Texts: Texts(b.Number))).ToList(),
            summary.CommunitiesShown,
            summary.CommunityAgree.Select(b => new LiveStatement(b.Number, Text(b.Number), b.Score, Texts: Texts(b.Number))).ToList(),
            summary.MapSvg(l["Opinion map: each circle is a group of people who voted alike; no one is shown individually."]),
            (summary.CommunityDisagree ?? []).Select(b => new LiveStatement(b.Number, Text(b.Number), b.Score, Texts: Texts(b.Number))).ToList(),
            (summary.Splits ?? []).Select(p => new LiveSplit(p.Number, Text(p.Number), p.Room, p.Communities, Texts(p.Number))).ToList(),
            screening.RawDataRemovedAt,
            summary.GroupsShown ? null : summary.GroupsHidden);
    }

    /// <summary>A string of this feature in another language than the page's (a column of the room's other language).</summary>
    private string InCulture(string culture, string key)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return l[key];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
