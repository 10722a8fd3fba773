using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Infrastructure.Cluster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>How long raw audience data is kept after a screening closes. Section "Retention".</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Days after the close before the raw audience data is removed; 0 keeps it forever.</summary>
    [Range(0, 36500)]
    public int RawAudienceDataDays { get; set; } = 90;
}

/// <summary>
/// Removes the raw audience data of screenings closed more than <see cref="RetentionOptions.RawAudienceDataDays"/>
/// days ago. First the stored dialogue summary is brought up to date with the votes (it is what the
/// results page, the projector and the pack show afterwards); then, in short transactions:
/// every vote and flag is deleted; proposals by participants that were never accepted are deleted
/// (with their translations); accepted proposals lose their author (they stay as statements of the
/// summary); each participant's phone token hash is replaced by a random value and its self-code
/// hash cleared (so no phone or card can be matched to it again); the moderation log loses its
/// participant links; the screening's card and self-code keys are cleared. Survey answers are kept,
/// attached to participants that no longer lead to a phone: the results page computes from them.
/// Finally <see cref="Screening.RawDataRemovedAt"/> records when.
/// </summary>
public sealed partial class RemoveRawAudienceData(
    KinodialogDbContext db, DialogueRecompute recompute, TimeProvider clock, IOptions<RetentionOptions> options, ILogger<RemoveRawAudienceData> logger)
{
    /// <summary>Rows per delete or update: each batch is its own short transaction.</summary>
    public const int BatchSize = 500;

    /// <summary>The prefix of a removed phone token hash (a real one is hexadecimal).</summary>
    public const string RemovedTokenPrefix = "removed:";

    public sealed record Result(int Screenings, int Votes, int Proposals, int Participants);

    public async Task<Result> HandleAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.RawAudienceDataDays;
        if (days == 0)
        {
            return new Result(0, 0, 0, 0);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now.AddDays(-days);
        var due = await db.Screenings.AsNoTracking()
            .Where(s => s.ClosedAt != null && s.ClosedAt < cutoff && s.RawDataRemovedAt == null)
            .OrderBy(s => s.ClosedAt).Select(s => s.Id).ToListAsync(cancellationToken);
        var total = new Result(0, 0, 0, 0);
        foreach (var id in due)
        {
            var one = await RemoveAsync(id, cancellationToken);
            LogRemoved(logger, id, one.Votes, one.Proposals, one.Participants);
            total = new Result(total.Screenings + 1, total.Votes + one.Votes, total.Proposals + one.Proposals, total.Participants + one.Participants);
        }

        return total;
    }

    /// <summary>
    /// Removes the raw audience data of one screening now, whatever its age (a field laptop does this
    /// once the central instance confirmed it holds the results).
    /// </summary>
    public async Task<Result> RemoveScreeningAsync(Guid id, CancellationToken cancellationToken)
    {
        var one = await RemoveAsync(id, cancellationToken);
        LogRemoved(logger, id, one.Votes, one.Proposals, one.Participants);
        return one;
    }

    private async Task<Result> RemoveAsync(Guid id, CancellationToken cancellationToken)
    {
        // What is kept must be complete first: the summary of every vote stored.
        var votes = await db.Votes.CountAsync(v => v.ScreeningId == id, cancellationToken);
        var seen = await db.DialogueStates.Where(d => d.ScreeningId == id).Select(d => (int?)d.VotesSeen).FirstOrDefaultAsync(cancellationToken);
        if (votes > 0 && (seen is null || seen < votes))
        {
            await recompute.ComputeAsync(id, cancellationToken);
        }

        var deletedVotes = 0;
        while (true)
        {
            var batch = await db.Votes.Where(v => v.ScreeningId == id).OrderBy(v => v.Id).Select(v => v.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            deletedVotes += await db.Votes.Where(v => batch.Contains(v.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        await db.StatementFlags.Where(f => db.Statements.Any(s => s.Id == f.StatementId && s.ScreeningId == id)).ExecuteDeleteAsync(cancellationToken);
        var proposals = await db.Statements
            .Where(s => s.ScreeningId == id && s.ParticipantId != null && s.Status != StatementStatus.Accepted)
            .ExecuteDeleteAsync(cancellationToken);
        await db.Statements.Where(s => s.ScreeningId == id && s.ParticipantId != null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ParticipantId, (Guid?)null), cancellationToken);
        await db.ModerationActions.Where(a => a.ScreeningId == id && a.ParticipantId != null)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.ParticipantId, (Guid?)null), cancellationToken);

        var participants = 0;
        while (true)
        {
            var batch = await db.Participants
                .Where(p => p.ScreeningId == id && !p.TokenHash.StartsWith(RemovedTokenPrefix))
                .OrderBy(p => p.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var participant in batch)
            {
                participant.TokenHash = RemovedTokenPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                participant.SelfCodeHash = null;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            participants += batch.Count;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await db.Screenings.Where(s => s.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.CardKey, (byte[]?)null)
            .SetProperty(s => s.SelfCodeKey, (byte[]?)null)
            .SetProperty(s => s.RawDataRemovedAt, now), cancellationToken);
        recompute.Forget(id);
        return new Result(1, deletedVotes, proposals, participants);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Raw audience data of screening {ScreeningId} removed: {Votes} vote(s), {Proposals} unaccepted proposal(s), {Participants} phone token(s)")]
    private static partial void LogRemoved(ILogger logger, Guid screeningId, int votes, int proposals, int participants);
}

/// <summary>
/// Runs <see cref="RemoveRawAudienceData"/> a minute after the start, then once a day, on the injected
/// clock; one run at a time across all nodes (the lock <c>retention</c>).
/// </summary>
public sealed partial class RetentionWorker(IServiceScopeFactory scopes, IClusterLocks locks, TimeProvider clock, ILogger<RetentionWorker> logger) : BackgroundService
{
    public static readonly TimeSpan FirstRun = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>Runs the removal once now (one run at a time on all nodes).</summary>
    public async Task<RemoveRawAudienceData.Result> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var held = await locks.AcquireAsync("retention", cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RemoveRawAudienceData>().HandleAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstRun, clock, stoppingToken);
            while (true)
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogFailed(logger, exception);
                }

                await Task.Delay(Interval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove raw audience data (trying again tomorrow)")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
