using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Field;

/// <summary>The kinds of results, in the order they are sent (what a record refers to goes first).</summary>
public static class ResultKinds
{
    public const string Participants = "participants";
    public const string Statements = "statements";
    public const string Responses = "responses";
    public const string Votes = "votes";
    public const string Flags = "flags";
    public const string Moderation = "moderation";

    public static readonly IReadOnlyList<string> InOrder = [Participants, Statements, Responses, Votes, Flags, Moderation];

    /// <summary>Participants sent again before the check-in (the cursor counts them).</summary>
    public const string ParticipantsAgain = "participants-again";

    /// <summary>Statements sent again before the check-in (the cursor counts them).</summary>
    public const string StatementsAgain = "statements-again";
}

/// <summary>How far one kind moves when a batch is acknowledged: its last id (or, for flags, the count sent).</summary>
public sealed record CursorAdvance(string Kind, Guid? LastId, int Count);

/// <summary>The next batch to send and how the cursors move once the central instance acknowledged it.</summary>
public sealed record PendingBatch(ResultsBatch Batch, IReadOnlyList<CursorAdvance> Advances);

/// <summary>
/// Reads a screening's results from the laptop's database. <see cref="NextBatchAsync"/> gives the next
/// bounded batch after the cursors (<see cref="FieldSyncCursor"/>: per kind the last id sent, records
/// ordered by id), filled in dependency order — participants, statements, responses, votes, flags,
/// moderation — so that a vote never travels before its participant and statement. Flags have no id
/// of their own: they are ordered by time and counted.
/// </summary>
public sealed class CollectResults(KinodialogDbContext db)
{
    public async Task<PendingBatch> NextBatchAsync(Guid screeningId, int maxItems, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxItems, FieldLimits.MaxBatchItems);
        var cursors = await CursorsAsync(screeningId, cancellationToken);
        var advances = new List<CursorAdvance>();
        var room = maxItems;

        var participants = await Participants(screeningId, cursors.GetValueOrDefault(ResultKinds.Participants)?.LastId).Take(room).ToListAsync(cancellationToken);
        room -= Advance(advances, ResultKinds.Participants, participants, p => p.Id);
        var statements = room == 0 ? [] : await Statements(screeningId, cursors.GetValueOrDefault(ResultKinds.Statements)?.LastId).Take(room).ToListAsync(cancellationToken);
        room -= Advance(advances, ResultKinds.Statements, statements, s => s.Id);
        var responses = room == 0 ? [] : await Responses(screeningId, cursors.GetValueOrDefault(ResultKinds.Responses)?.LastId).Take(room).ToListAsync(cancellationToken);
        room -= Advance(advances, ResultKinds.Responses, responses, r => r.Id);
        var votes = room == 0 ? [] : await Votes(screeningId, cursors.GetValueOrDefault(ResultKinds.Votes)?.LastId).Take(room).ToListAsync(cancellationToken);
        room -= Advance(advances, ResultKinds.Votes, votes, v => v.Id);
        var flagsSent = cursors.GetValueOrDefault(ResultKinds.Flags)?.Sent ?? 0;
        var flags = room == 0 ? [] : await Flags(screeningId).Skip(flagsSent).Take(room).ToListAsync(cancellationToken);
        if (flags.Count > 0)
        {
            advances.Add(new CursorAdvance(ResultKinds.Flags, null, flags.Count));
            room -= flags.Count;
        }

        var moderation = room == 0 ? [] : await Moderation(screeningId, cursors.GetValueOrDefault(ResultKinds.Moderation)?.LastId).Take(room).ToListAsync(cancellationToken);
        Advance(advances, ResultKinds.Moderation, moderation, m => m.Id);

        var batch = new ResultsBatch(
            FieldLimits.FormatVersion,
            participants,
            await WithTranslationsAsync(statements, cancellationToken),
            responses,
            votes,
            flags,
            moderation);
        return new PendingBatch(batch, advances);
    }

    /// <summary>Moves the cursors past an acknowledged batch (the caller saves).</summary>
    public async Task AdvanceAsync(Guid screeningId, IReadOnlyList<CursorAdvance> advances, CancellationToken cancellationToken)
    {
        var cursors = await db.FieldSyncCursors.Where(c => c.ScreeningId == screeningId).ToListAsync(cancellationToken);
        foreach (var advance in advances)
        {
            var cursor = cursors.FirstOrDefault(c => c.Kind == advance.Kind);
            if (cursor is null)
            {
                cursor = new FieldSyncCursor { ScreeningId = screeningId, Kind = advance.Kind };
                db.FieldSyncCursors.Add(cursor);
            }

            cursor.LastId = advance.LastId ?? cursor.LastId;
            cursor.Sent += advance.Count;
        }
    }

    /// <summary>Records not yet acknowledged, per kind.</summary>
    public async Task<IReadOnlyDictionary<string, int>> WaitingAsync(Guid screeningId, CancellationToken cancellationToken)
    {
        var cursors = await CursorsAsync(screeningId, cancellationToken);
        Guid? Last(string kind) => cursors.GetValueOrDefault(kind)?.LastId;
        return new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [ResultKinds.Participants] = await Participants(screeningId, Last(ResultKinds.Participants)).CountAsync(cancellationToken),
            [ResultKinds.Statements] = await Statements(screeningId, Last(ResultKinds.Statements)).CountAsync(cancellationToken),
            [ResultKinds.Responses] = await Responses(screeningId, Last(ResultKinds.Responses)).CountAsync(cancellationToken),
            [ResultKinds.Votes] = await Votes(screeningId, Last(ResultKinds.Votes)).CountAsync(cancellationToken),
            [ResultKinds.Flags] = Math.Max(0, await Flags(screeningId).CountAsync(cancellationToken) - (cursors.GetValueOrDefault(ResultKinds.Flags)?.Sent ?? 0)),
            [ResultKinds.Moderation] = await Moderation(screeningId, Last(ResultKinds.Moderation)).CountAsync(cancellationToken),
        };
    }

    /// <summary>The screening's participants and statements as they are now (sent again before the check-in): no votes or answers are read.</summary>
    public async Task<(IReadOnlyList<ResultParticipant> Participants, IReadOnlyList<ResultStatement> Statements)> PeopleAndStatementsAsync(Guid screeningId, CancellationToken cancellationToken) => (
        await Participants(screeningId, null).ToListAsync(cancellationToken),
        await WithTranslationsAsync(await Statements(screeningId, null).ToListAsync(cancellationToken), cancellationToken));

    /// <summary>SHA-256 (hex) of the participants and statements exactly as they would be sent: any change to one of them changes it.</summary>
    public static string Digest(IReadOnlyList<ResultParticipant> participants, IReadOnlyList<ResultStatement> statements) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new ResultsBatch(FieldLimits.FormatVersion, participants, statements, [], [], [], []))));

    /// <summary>Everything the laptop holds of the screening, in one batch (for the results file).</summary>
    public async Task<ResultsBatch> AllAsync(Guid screeningId, CancellationToken cancellationToken) => new(
        FieldLimits.FormatVersion,
        await Participants(screeningId, null).ToListAsync(cancellationToken),
        await WithTranslationsAsync(await Statements(screeningId, null).ToListAsync(cancellationToken), cancellationToken),
        await Responses(screeningId, null).ToListAsync(cancellationToken),
        await Votes(screeningId, null).ToListAsync(cancellationToken),
        await Flags(screeningId).ToListAsync(cancellationToken),
        await Moderation(screeningId, null).ToListAsync(cancellationToken));

    public async Task<ResultTotals> TotalsAsync(Guid screeningId, CancellationToken cancellationToken) => new(
        await Participants(screeningId, null).CountAsync(cancellationToken),
        await Statements(screeningId, null).CountAsync(cancellationToken),
        await Responses(screeningId, null).CountAsync(cancellationToken),
        await Votes(screeningId, null).CountAsync(cancellationToken),
        await Flags(screeningId).CountAsync(cancellationToken),
        await Moderation(screeningId, null).CountAsync(cancellationToken));

    /// <summary>The screening's own fields after the day, with the totals the central instance checks.</summary>
    public async Task<ScreeningOutcome?> OutcomeAsync(Guid screeningId, CancellationToken cancellationToken)
    {
        var s = await db.Screenings.AsNoTracking().Include(x => x.Checklist).FirstOrDefaultAsync(x => x.Id == screeningId, cancellationToken);
        if (s is null)
        {
            return null;
        }

        var dialogue = await db.DialogueStates.AsNoTracking().FirstOrDefaultAsync(d => d.ScreeningId == screeningId, cancellationToken);
        return new ScreeningOutcome(
            FieldLimits.FormatVersion, s.Status, s.OpenedAt, s.ClosedAt, s.Stage, s.FurthestStage, s.CurrentFilm, s.CardsPrinted,
            s.AttendanceTotal, s.AttendanceArmenian, s.AttendanceAzerbaijani, s.AttendanceOther, s.Notes, s.Incidents,
            s.Checklist.OrderBy(c => c.Position).Select(c => new PackageChecklistItem(c.Id, c.Position, c.Key, c.Done, c.DoneAt)).ToList(),
            string.IsNullOrEmpty(dialogue?.StateJson) ? null : dialogue.StateJson,
            string.IsNullOrEmpty(dialogue?.ResultJson) ? null : dialogue.ResultJson,
            await TotalsAsync(screeningId, cancellationToken));
    }

    private async Task<Dictionary<string, FieldSyncCursor>> CursorsAsync(Guid screeningId, CancellationToken cancellationToken) =>
        await db.FieldSyncCursors.AsNoTracking().Where(c => c.ScreeningId == screeningId).ToDictionaryAsync(c => c.Kind, StringComparer.Ordinal, cancellationToken);

    private static int Advance<T>(List<CursorAdvance> advances, string kind, IReadOnlyList<T> records, Func<T, Guid> id)
    {
        if (records.Count > 0)
        {
            advances.Add(new CursorAdvance(kind, id(records[^1]), records.Count));
        }

        return records.Count;
    }

    private IQueryable<ResultParticipant> Participants(Guid screeningId, Guid? after) =>
        db.Participants.AsNoTracking().Where(p => p.ScreeningId == screeningId && (after == null || p.Id.CompareTo(after.Value) > 0)).OrderBy(p => p.Id)
            .Select(p => new ResultParticipant(p.Id, p.TokenHash, p.Culture, p.JoinedAt, p.CardNumber, p.OnPhone, p.Community, p.Banned, p.Number));

    private IQueryable<ResultStatement> Statements(Guid screeningId, Guid? after) =>
        db.Statements.AsNoTracking().Where(s => s.ScreeningId == screeningId && (after == null || s.Id.CompareTo(after.Value) > 0)).OrderBy(s => s.Id)
            .Select(s => new ResultStatement(s.Id, s.ParticipantId, s.Text, s.Culture, (int)s.Status, s.IsMeta, s.Number, s.CreatedAt, new List<PackageTranslation>()));

    private IQueryable<ResultResponse> Responses(Guid screeningId, Guid? after) =>
        db.SurveyResponses.AsNoTracking().Where(r => r.ScreeningId == screeningId && (after == null || r.Id.CompareTo(after.Value) > 0)).OrderBy(r => r.Id)
            .Select(r => new ResultResponse(r.Id, r.ParticipantId, r.QuestionnaireVersionId, r.Phase, (int)r.Source, r.ReceivedAt, r.Answers));

    private IQueryable<ResultVote> Votes(Guid screeningId, Guid? after) =>
        db.Votes.AsNoTracking().Where(v => v.ScreeningId == screeningId && (after == null || v.Id.CompareTo(after.Value) > 0)).OrderBy(v => v.Id)
            .Select(v => new ResultVote(v.Id, v.ParticipantId, v.StatementId, v.Value, v.CreatedAt));

    private IQueryable<ResultFlag> Flags(Guid screeningId) =>
        db.StatementFlags.AsNoTracking().Where(f => db.Statements.Any(s => s.Id == f.StatementId && s.ScreeningId == screeningId))
            .OrderBy(f => f.CreatedAt).ThenBy(f => f.StatementId).ThenBy(f => f.ParticipantId)
            .Select(f => new ResultFlag(f.StatementId, f.ParticipantId, f.CreatedAt));

    private IQueryable<ResultModeration> Moderation(Guid screeningId, Guid? after) =>
        db.ModerationActions.AsNoTracking().Where(m => m.ScreeningId == screeningId && (after == null || m.Id.CompareTo(after.Value) > 0)).OrderBy(m => m.Id)
            .Select(m => new ResultModeration(m.Id, m.StaffUserId, m.Action, m.StatementId, m.ParticipantId, m.CreatedAt));

    private async Task<IReadOnlyList<ResultStatement>> WithTranslationsAsync(List<ResultStatement> statements, CancellationToken cancellationToken)
    {
        if (statements.Count == 0)
        {
            return statements;
        }

        var ids = statements.Select(s => s.Id).ToList();
        var translations = (await db.StatementTranslations.AsNoTracking().Where(t => ids.Contains(t.StatementId)).ToListAsync(cancellationToken))
            .ToLookup(t => t.StatementId);
        return statements.Select(s => s with
        {
            Translations = translations[s.Id].OrderBy(t => t.Culture, StringComparer.Ordinal).Select(t => new PackageTranslation(t.Culture, t.Text)).ToList(),
        }).ToList();
    }
}
