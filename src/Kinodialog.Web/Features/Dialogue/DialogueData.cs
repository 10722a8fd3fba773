using System.Globalization;
using Kinodialog.Core.Opinions;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>A screening's dialogue as the engine and the exports need it, read in one go.</summary>
public sealed class DialogueData
{
    public sealed record StatementRow(Guid Id, int Number, string Text, StatementStatus Status, bool IsMeta, Guid? ParticipantId, DateTime CreatedAt);

    public sealed record ParticipantRow(Guid Id, string? Community, bool Banned, int? Number, DateTime JoinedAt);

    public sealed record VoteRow(Guid Id, Guid ParticipantId, Guid StatementId, sbyte Value, DateTime CreatedAt);

    public required IReadOnlyList<StatementRow> Statements { get; init; }

    /// <summary>Ordered by id (the order the engine has always seen them in).</summary>
    public required IReadOnlyList<ParticipantRow> Participants { get; init; }

    /// <summary>Every vote event, oldest first, when read from the database; from the recompute's <see cref="VoteLog"/>, only the latest of each participant on each statement.</summary>
    public required IReadOnlyList<VoteRow> Votes { get; init; }

    /// <summary>The latest vote of each participant on each statement.</summary>
    public IReadOnlyList<VoteRow> Latest()
    {
        var latest = new Dictionary<(Guid, Guid), VoteRow>(Votes.Count);
        foreach (var v in Votes)
        {
            var key = (v.ParticipantId, v.StatementId);
            if (!latest.TryGetValue(key, out var seen) || IsLater(v, seen))
            {
                latest[key] = v;
            }
        }

        return [.. latest.Values];
    }

    /// <summary>Whether <paramref name="vote"/> replaces <paramref name="than"/> as a participant's vote on a statement: later, or at the same time the greater id.</summary>
    public static bool IsLater(VoteRow vote, VoteRow than)
    {
        ArgumentNullException.ThrowIfNull(vote);
        ArgumentNullException.ThrowIfNull(than);
        return vote.CreatedAt > than.CreatedAt || (vote.CreatedAt == than.CreatedAt && vote.Id.CompareTo(than.Id) > 0);
    }

    /// <summary>
    /// Reads the screening's dialogue; the votes come from <paramref name="log"/> when given (the
    /// recompute's in-memory latest votes, in no particular order), otherwise from the database,
    /// every vote, oldest first.
    /// </summary>
    public static async Task<DialogueData> LoadAsync(KinodialogDbContext db, Guid screeningId, bool acceptedOnly, CancellationToken cancellationToken, IReadOnlyList<VoteRow>? log = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var statements = await db.Statements.AsNoTracking()
            .Where(s => s.ScreeningId == screeningId && (!acceptedOnly || s.Status == StatementStatus.Accepted))
            .OrderBy(s => s.Number)
            .Select(s => new StatementRow(s.Id, s.Number, s.Text, s.Status, s.IsMeta, s.ParticipantId, s.CreatedAt))
            .ToListAsync(cancellationToken);
        var participants = await db.Participants.AsNoTracking().Where(p => p.ScreeningId == screeningId)
            .OrderBy(p => p.Id).Select(p => new ParticipantRow(p.Id, p.Community, p.Banned, p.Number, p.JoinedAt)).ToListAsync(cancellationToken);
        var known = statements.Select(s => s.Id).ToHashSet();
        List<VoteRow> votes;
        if (log is not null)
        {
            votes = log.Where(v => known.Contains(v.StatementId)).ToList();
        }
        else
        {
            votes = await db.Votes.AsNoTracking().Where(v => v.ScreeningId == screeningId)
                .Select(v => new VoteRow(v.Id, v.ParticipantId, v.StatementId, v.Value, v.CreatedAt)).ToListAsync(cancellationToken);
            votes.RemoveAll(v => !known.Contains(v.StatementId));
            votes.Sort((a, b) => a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : a.Id.CompareTo(b.Id));
        }

        return new DialogueData { Statements = statements, Participants = participants, Votes = votes };
    }

    /// <summary>
    /// The engine's input: statements by number (anything not accepted is marked rejected, so it
    /// stays out of the map), participants in <see cref="Participants"/> order, latest votes.
    /// </summary>
    public OpinionInput Input(Func<ParticipantRow, string> participantId)
    {
        ArgumentNullException.ThrowIfNull(participantId);
        var builder = new OpinionInputBuilder();
        var statementIndex = new Dictionary<Guid, int>();
        foreach (var s in Statements)
        {
            statementIndex[s.Id] = builder.AddStatement(s.Number.ToString(CultureInfo.InvariantCulture), s.IsMeta, s.Status != StatementStatus.Accepted);
        }

        var participantIndex = new Dictionary<Guid, int>();
        foreach (var p in Participants)
        {
            participantIndex[p.Id] = builder.AddParticipant(participantId(p), p.Community, p.Banned);
        }

        foreach (var v in Latest())
        {
            if (statementIndex.TryGetValue(v.StatementId, out var s) && participantIndex.TryGetValue(v.ParticipantId, out var p))
            {
                builder.AddVote(p, s, v.Value, v.CreatedAt.Ticks);
            }
        }

        return builder.Build();
    }

    /// <summary>The participant's id in the engine's state (stable for the life of the screening).</summary>
    public static string EngineId(ParticipantRow participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return participant.Id.ToString("N");
    }
}
