using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Features.Screenings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Field;

/// <summary>Why results from a laptop were not taken, in the reader's language (an HTTP status goes with it).</summary>
public sealed record FieldRefusal(int Status, string Message);

/// <summary>
/// Takes a laptop's results for a screening checked out to it: inserts the records it does not hold yet
/// (by id) in one transaction and skips those it holds, so a batch sent twice, or twice at once, changes
/// nothing the second time. Participants and statements it holds take the laptop's moderation state.
/// A record referring to a participant or statement held neither centrally nor in the batch refuses the
/// whole batch, naming it. Used by the sync API and by the results-file import.
/// </summary>
public sealed class ReceiveFieldResults(KinodialogDbContext db, IStringLocalizer<FieldResource> l, TimeProvider clock)
{
    private const int Attempts = 3;

    public async Task<(ResultsReceipt? Receipt, FieldRefusal? Refusal)> HandleAsync(
        Guid deviceId, Guid screeningId, ResultsBatch batch, string via, CancellationToken cancellationToken)
    {
        if (batch.FormatVersion != FieldLimits.FormatVersion)
        {
            return (null, new FieldRefusal(StatusCodes.Status400BadRequest, l["The results are of format version {0}; this server reads version {1}. Update the program on the laptop or here.", batch.FormatVersion, FieldLimits.FormatVersion]));
        }

        if (batch.Count > FieldLimits.MaxBatchItems)
        {
            return (null, new FieldRefusal(StatusCodes.Status413PayloadTooLarge, l["A batch holds at most {0} records; this one holds {1}.", FieldLimits.MaxBatchItems, batch.Count]));
        }

        if (!await db.Screenings.AnyAsync(s => s.Id == screeningId && s.CheckedOutToDeviceId == deviceId, cancellationToken))
        {
            // A batch sent again after this laptop's own check-in went through (its answer was lost on the
            // way): everything it sent is held, as the check-in compared the totals; nothing is written.
            if (await FieldCheckIns.CheckedInByAsync(db, deviceId, screeningId, cancellationToken)
                && await AllHeldAsync(screeningId, batch, cancellationToken))
            {
                return (new ResultsReceipt(0, batch.Count), null);
            }

            return (null, new FieldRefusal(StatusCodes.Status404NotFound, l["This screening is not checked out to this laptop."]));
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using (CheckedOutScreeningGuard.AllowFieldSync())
                {
                    return await ReceiveAsync(deviceId, screeningId, batch, via, cancellationToken);
                }
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // The same records arrived at the same time by another request: the next attempt finds them and skips them.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Whether every record of the batch is already held for this screening (flags by their pair).</summary>
    private async Task<bool> AllHeldAsync(Guid screeningId, ResultsBatch batch, CancellationToken cancellationToken)
    {
        var participants = batch.Participants.Select(p => p.Id).Distinct().ToList();
        var statements = batch.Statements.Select(p => p.Id).Distinct().ToList();
        var responses = batch.Responses.Select(p => p.Id).Distinct().ToList();
        var votes = batch.Votes.Select(p => p.Id).Distinct().ToList();
        var moderation = batch.Moderation.Select(p => p.Id).Distinct().ToList();
        var flags = batch.Flags.Select(f => (f.StatementId, f.ParticipantId)).Distinct().ToList();
        var flagStatements = flags.Select(f => f.StatementId).Distinct().ToList();
        var heldFlags = (await db.StatementFlags.Where(f => flagStatements.Contains(f.StatementId)).Select(f => new { f.StatementId, f.ParticipantId }).ToListAsync(cancellationToken))
            .Select(f => (f.StatementId, f.ParticipantId)).ToHashSet();
        return await db.Participants.CountAsync(p => p.ScreeningId == screeningId && participants.Contains(p.Id), cancellationToken) == participants.Count
            && await db.Statements.CountAsync(p => p.ScreeningId == screeningId && statements.Contains(p.Id), cancellationToken) == statements.Count
            && await db.SurveyResponses.CountAsync(p => p.ScreeningId == screeningId && responses.Contains(p.Id), cancellationToken) == responses.Count
            && await db.Votes.CountAsync(p => p.ScreeningId == screeningId && votes.Contains(p.Id), cancellationToken) == votes.Count
            && await db.ModerationActions.CountAsync(p => p.ScreeningId == screeningId && moderation.Contains(p.Id), cancellationToken) == moderation.Count
            && flags.All(heldFlags.Contains);
    }

    private async Task<(ResultsReceipt? Receipt, FieldRefusal? Refusal)> ReceiveAsync(
        Guid deviceId, Guid screeningId, ResultsBatch batch, string via, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var received = 0;
        var had = 0;

        var participants = batch.Participants.DistinctBy(p => p.Id).ToList();
        var statements = batch.Statements.DistinctBy(s => s.Id).ToList();
        var responses = batch.Responses.DistinctBy(r => r.Id).ToList();
        var votes = batch.Votes.DistinctBy(v => v.Id).ToList();
        var flags = batch.Flags.DistinctBy(f => (f.StatementId, f.ParticipantId)).ToList();
        var moderation = batch.Moderation.DistinctBy(m => m.Id).ToList();
        had += batch.Count - participants.Count - statements.Count - responses.Count - votes.Count - flags.Count - moderation.Count;

        // What the central side holds of this screening, for the records of the batch.
        var participantIds = participants.Select(p => p.Id)
            .Concat(statements.Where(s => s.ParticipantId is not null).Select(s => s.ParticipantId!.Value))
            .Concat(responses.Select(r => r.ParticipantId)).Concat(votes.Select(v => v.ParticipantId)).Concat(flags.Select(f => f.ParticipantId))
            .Concat(moderation.Where(m => m.ParticipantId is not null).Select(m => m.ParticipantId!.Value)).ToHashSet();
        var heldParticipants = await db.Participants.Where(p => participantIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var statementIds = statements.Select(s => s.Id).Concat(votes.Select(v => v.StatementId)).Concat(flags.Select(f => f.StatementId))
            .Concat(moderation.Where(m => m.StatementId is not null).Select(m => m.StatementId!.Value)).ToHashSet();
        var heldStatements = await db.Statements.Where(s => statementIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);

        FieldRefusal Refuse(string message) => new(StatusCodes.Status422UnprocessableEntity, message);
        if (heldParticipants.Values.FirstOrDefault(p => p.ScreeningId != screeningId) is { } foreignParticipant)
        {
            return (null, Refuse(l["Participant {0} belongs to another screening.", foreignParticipant.Id]));
        }

        if (heldStatements.Values.FirstOrDefault(s => s.ScreeningId != screeningId) is { } foreignStatement)
        {
            return (null, Refuse(l["Statement {0} belongs to another screening.", foreignStatement.Id]));
        }

        var knownParticipants = heldParticipants.Keys.Concat(participants.Select(p => p.Id)).ToHashSet();
        var knownStatements = heldStatements.Keys.Concat(statements.Select(s => s.Id)).ToHashSet();
        string? Missing(string kind, Guid id, Guid? participant, Guid? statement) =>
            participant is { } p && !knownParticipants.Contains(p) ? (string)l["{0} {1} refers to participant {2}, which this server does not hold; send the participants first.", kind, id, p]
            : statement is { } s && !knownStatements.Contains(s) ? (string)l["{0} {1} refers to statement {2}, which this server does not hold; send the statements first.", kind, id, s]
            : null;
        var problem = statements.Select(s => Missing(l["Statement"], s.Id, s.ParticipantId, null))
            .Concat(responses.Select(r => Missing(l["Answer set"], r.Id, r.ParticipantId, null)))
            .Concat(votes.Select(v => Missing(l["Vote"], v.Id, v.ParticipantId, v.StatementId)))
            .Concat(flags.Select(f => Missing(l["Report"], f.StatementId, f.ParticipantId, f.StatementId)))
            .Concat(moderation.Select(m => Missing(l["Moderation"], m.Id, m.ParticipantId, m.StatementId)))
            .FirstOrDefault(p => p is not null);
        if (problem is not null)
        {
            return (null, Refuse(problem));
        }

        var versions = responses.Select(r => r.QuestionnaireVersionId).Distinct().ToList();
        var knownVersions = await db.QuestionnaireVersions.Where(v => versions.Contains(v.Id)).Select(v => v.Id).ToListAsync(cancellationToken);
        if (versions.FirstOrDefault(v => !knownVersions.Contains(v)) is var unknownVersion && unknownVersion != Guid.Empty)
        {
            return (null, Refuse(l["Questionnaire version {0} is unknown to this server.", unknownVersion]));
        }

        foreach (var p in participants)
        {
            if (heldParticipants.TryGetValue(p.Id, out var held))
            {
                held.Community = p.Community;
                held.Banned = p.Banned;
                had++;
                continue;
            }

            db.Participants.Add(new Participant
            {
                Id = p.Id,
                ScreeningId = screeningId,
                TokenHash = p.TokenHash,
                Culture = p.Culture,
                JoinedAt = p.JoinedAt,
                CardNumber = p.CardNumber,
                OnPhone = p.OnPhone,
                Community = p.Community,
                Banned = p.Banned,
                Number = p.Number,
            });
            received++;
        }

        var heldTranslations = await db.StatementTranslations.Where(t => statementIds.Contains(t.StatementId)).ToListAsync(cancellationToken);
        foreach (var s in statements)
        {
            if (heldStatements.TryGetValue(s.Id, out var held))
            {
                held.Status = (StatementStatus)s.Status;
                had++;
            }
            else
            {
                db.Statements.Add(new Statement
                {
                    Id = s.Id,
                    ScreeningId = screeningId,
                    ParticipantId = s.ParticipantId,
                    Text = s.Text,
                    Culture = s.Culture,
                    Status = (StatementStatus)s.Status,
                    IsMeta = s.IsMeta,
                    Number = s.Number,
                    CreatedAt = s.CreatedAt,
                });
                received++;
            }

            foreach (var t in s.Translations.DistinctBy(t => t.Culture))
            {
                if (heldTranslations.FirstOrDefault(x => x.StatementId == s.Id && x.Culture == t.Culture) is { } translation)
                {
                    translation.Text = t.Text;
                }
                else
                {
                    db.StatementTranslations.Add(new StatementTranslation { StatementId = s.Id, Culture = t.Culture, Text = t.Text });
                }
            }
        }

        // Statements and participants first: the rows below refer to them.
        await db.SaveChangesAsync(cancellationToken);

        var responseIds = responses.Select(r => r.Id).ToList();
        var heldResponses = await db.SurveyResponses.Where(r => responseIds.Contains(r.Id)).Select(r => r.Id).ToHashSetAsync(cancellationToken);
        foreach (var r in responses)
        {
            if (heldResponses.Contains(r.Id))
            {
                had++;
                continue;
            }

            db.SurveyResponses.Add(new SurveyResponse
            {
                Id = r.Id,
                ScreeningId = screeningId,
                ParticipantId = r.ParticipantId,
                QuestionnaireVersionId = r.QuestionnaireVersionId,
                Phase = r.Phase,
                Source = (ResponseSource)r.Source,
                ReceivedAt = r.ReceivedAt,
                Answers = r.Answers,
            });
            received++;
        }

        var voteIds = votes.Select(v => v.Id).ToList();
        var heldVotes = await db.Votes.Where(v => voteIds.Contains(v.Id)).Select(v => v.Id).ToHashSetAsync(cancellationToken);
        foreach (var v in votes)
        {
            if (heldVotes.Contains(v.Id))
            {
                had++;
                continue;
            }

            db.Votes.Add(new Vote { Id = v.Id, ScreeningId = screeningId, ParticipantId = v.ParticipantId, StatementId = v.StatementId, Value = v.Value, CreatedAt = v.CreatedAt });
            received++;
        }

        var flagStatements = flags.Select(f => f.StatementId).Distinct().ToList();
        var heldFlags = (await db.StatementFlags.Where(f => flagStatements.Contains(f.StatementId)).Select(f => new { f.StatementId, f.ParticipantId }).ToListAsync(cancellationToken))
            .Select(f => (f.StatementId, f.ParticipantId)).ToHashSet();
        foreach (var f in flags)
        {
            if (heldFlags.Contains((f.StatementId, f.ParticipantId)))
            {
                had++;
                continue;
            }

            db.StatementFlags.Add(new StatementFlag { StatementId = f.StatementId, ParticipantId = f.ParticipantId, CreatedAt = f.CreatedAt });
            received++;
        }

        var moderationIds = moderation.Select(m => m.Id).ToList();
        var heldModeration = await db.ModerationActions.Where(m => moderationIds.Contains(m.Id)).Select(m => m.Id).ToHashSetAsync(cancellationToken);
        foreach (var m in moderation)
        {
            if (heldModeration.Contains(m.Id))
            {
                had++;
                continue;
            }

            db.ModerationActions.Add(new ModerationAction
            {
                Id = m.Id,
                ScreeningId = screeningId,
                StaffUserId = m.StaffUserId,
                Action = m.Action,
                StatementId = m.StatementId,
                ParticipantId = m.ParticipantId,
                CreatedAt = m.CreatedAt,
            });
            received++;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.FieldSyncReceipts.Add(new FieldSyncReceipt { DeviceId = deviceId, ScreeningId = screeningId, Via = via, Received = received, AlreadyHad = had, At = now });
        await db.SaveChangesAsync(cancellationToken);
        await db.Screenings.Where(s => s.Id == screeningId).ExecuteUpdateAsync(s => s.SetProperty(x => x.FieldSyncedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (new ResultsReceipt(received, had), null);
    }
}

/// <summary>
/// The last call of a laptop for a screening: applies the screening's own fields from the day, and releases
/// the check-out only when the central side holds as many records as the laptop says it has.
/// </summary>
public sealed class CheckInScreening(KinodialogDbContext db, ScreeningEvents events, DialogueRecompute recompute, IStringLocalizer<FieldResource> l, TimeProvider clock)
{
    public async Task<(CheckInReceipt? Receipt, FieldRefusal? Refusal)> HandleAsync(Guid deviceId, Guid screeningId, ScreeningOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.FormatVersion != FieldLimits.FormatVersion)
        {
            return (null, new FieldRefusal(StatusCodes.Status400BadRequest, l["The results are of format version {0}; this server reads version {1}. Update the program on the laptop or here.", outcome.FormatVersion, FieldLimits.FormatVersion]));
        }

        using var allowed = CheckedOutScreeningGuard.AllowFieldSync();
        var screening = await db.Screenings.Include(s => s.Checklist).FirstOrDefaultAsync(s => s.Id == screeningId, cancellationToken);
        if (screening is not null && screening.CheckedOutToDeviceId is null
            && await FieldCheckIns.CheckedInByAsync(db, deviceId, screeningId, cancellationToken))
        {
            // The same check-in again (the answer to the first was lost): answered as then, nothing changes.
            var already = await HeldAsync(screeningId, cancellationToken);
            return (new CheckInReceipt(already == outcome.Totals, already), null);
        }

        if (screening is null || screening.CheckedOutToDeviceId != deviceId)
        {
            return (null, new FieldRefusal(StatusCodes.Status404NotFound, l["This screening is not checked out to this laptop."]));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        screening.Status = outcome.Status;
        screening.OpenedAt = outcome.OpenedAt;
        screening.ClosedAt = outcome.ClosedAt;
        screening.Stage = outcome.Stage;
        screening.FurthestStage = outcome.FurthestStage;
        screening.CurrentFilm = outcome.CurrentFilm;
        screening.CardsPrinted = Math.Max(screening.CardsPrinted, outcome.CardsPrinted);
        screening.AttendanceTotal = outcome.AttendanceTotal;
        screening.AttendanceArmenian = outcome.AttendanceArmenian;
        screening.AttendanceAzerbaijani = outcome.AttendanceAzerbaijani;
        screening.AttendanceOther = outcome.AttendanceOther;
        screening.Notes = outcome.Notes;
        screening.Incidents = outcome.Incidents;
        if (outcome.ClosedAt is not null)
        {
            // As a close on the central side: the join code is released and self-codes can no longer be matched.
            screening.JoinCode = null;
            screening.SelfCodeKey = null;
        }

        foreach (var item in outcome.Checklist)
        {
            if (screening.Checklist.FirstOrDefault(c => c.Id == item.Id || c.Key == item.Key) is { } heldItem)
            {
                heldItem.Done = item.Done;
                heldItem.DoneAt = item.DoneAt;
            }
        }

        if (outcome.DialogueStateJson is not null || outcome.DialogueResultJson is not null)
        {
            var state = await db.DialogueStates.FirstOrDefaultAsync(d => d.ScreeningId == screeningId, cancellationToken);
            if (state is null)
            {
                state = new DialogueState { ScreeningId = screeningId };
                db.DialogueStates.Add(state);
            }

            state.StateJson = outcome.DialogueStateJson ?? state.StateJson;
            state.ResultJson = outcome.DialogueResultJson ?? state.ResultJson;
            state.UpdatedAt = now;
            // Recomputed from the votes now held (the laptop's map is the starting point).
            state.VotesSeen = -1;
        }

        var held = await HeldAsync(screeningId, cancellationToken);
        var checkedIn = held == outcome.Totals;
        if (checkedIn)
        {
            screening.CheckedOutToDeviceId = null;
            screening.CheckedOutAt = null;
            db.FieldSyncReceipts.Add(new FieldSyncReceipt { DeviceId = deviceId, ScreeningId = screeningId, Via = FieldCheckIns.Via, At = now });
        }

        screening.FieldSyncedAt = now;
        screening.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        recompute.Notify(screeningId);
        await events.PublishAsync(screeningId, cancellationToken);
        return (new CheckInReceipt(checkedIn, held), null);
    }

    public async Task<ResultTotals> HeldAsync(Guid screeningId, CancellationToken cancellationToken) => new(
        await db.Participants.CountAsync(p => p.ScreeningId == screeningId, cancellationToken),
        await db.Statements.CountAsync(s => s.ScreeningId == screeningId, cancellationToken),
        await db.SurveyResponses.CountAsync(r => r.ScreeningId == screeningId, cancellationToken),
        await db.Votes.CountAsync(v => v.ScreeningId == screeningId, cancellationToken),
        await db.StatementFlags.CountAsync(f => db.Statements.Any(s => s.Id == f.StatementId && s.ScreeningId == screeningId), cancellationToken),
        await db.ModerationActions.CountAsync(m => m.ScreeningId == screeningId, cancellationToken));
}

/// <summary>Which laptop last brought a screening back: the receipt written when a check-in released it.</summary>
public static class FieldCheckIns
{
    public const string Via = "check-in";

    /// <summary>True when this laptop's check-in released the screening and nobody has checked it out since.</summary>
    public static async Task<bool> CheckedInByAsync(KinodialogDbContext db, Guid deviceId, Guid screeningId, CancellationToken cancellationToken) =>
        await db.Screenings.AnyAsync(s => s.Id == screeningId && s.CheckedOutToDeviceId == null, cancellationToken)
        && await db.FieldSyncReceipts.AnyAsync(r => r.ScreeningId == screeningId && r.DeviceId == deviceId && r.Via == Via, cancellationToken);
}
