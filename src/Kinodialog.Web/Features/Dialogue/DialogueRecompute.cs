using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Kinodialog.Core.Opinions;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Infrastructure.Cluster;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>
/// Recomputes opinion maps in the background, debounced: after a wake-up it waits
/// <see cref="Debounce"/>, then computes every screening that asked in the meantime, once. The
/// <see cref="DialogueState"/> row is the truth (the previous engine state, the votes seen); the
/// channel only wakes the worker, and on start it catches up with screenings that have unseen votes.
/// Every wait goes through the injected <see cref="TimeProvider"/>, so tests drive the debounce with
/// a fake clock (<see cref="WaitingUntil"/>, <see cref="NextRound"/>) instead of waiting for it.
/// With several nodes, each node recomputes the screenings it stored votes for, one node at a time
/// per screening (the lock <c>recompute:{id}</c>, a PostgreSQL advisory lock; a round finding it held
/// does not wait but leaves the screening to its next round), each reading the previous state the last
/// one stored; the votes in memory are checked against a full count of the
/// database at every refresh (votes from other nodes are not stamped in this node's commit order),
/// and every <see cref="CatchUpEvery"/> a node recomputes the running screenings that have votes no
/// recompute has seen, so a node that dies leaves nothing uncounted for more than a few seconds.
/// </summary>
public sealed partial class DialogueRecompute(
    IServiceScopeFactory scopes, ScreeningEvents events, IClusterBus bus, IClusterLocks locks, TimeProvider clock, ILogger<DialogueRecompute> logger) : BackgroundService
{
    /// <summary>
    /// Several nodes: how often a node looks for running screenings whose votes no node has counted
    /// yet (their node died between storing votes and recomputing), and recomputes them.
    /// </summary>
    public static readonly TimeSpan CatchUpEvery = TimeSpan.FromSeconds(3);

    /// <summary>Screenings closed this recently are still looked at by the catch-up of several nodes.</summary>
    private static readonly TimeSpan RecentlyClosed = TimeSpan.FromMinutes(10);

    /// <summary>
    /// At most one recompute per screening in this time: 1 s, so that the projector shows a vote within
    /// about a second and a half in a room (the recompute of a room takes milliseconds).
    /// </summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromSeconds(1);

    /// <summary>Votes kept in memory this long after a screening's last recompute.</summary>
    public static readonly TimeSpan KeepVotes = TimeSpan.FromMinutes(30);

    private readonly Channel<Guid> _wake = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, VoteLog> _logs = new();

    /// <summary>
    /// How long the last round of recomputes worked (the next waits at least four times as long). A round
    /// never waits for another node's recompute of the same screening: it leaves that screening to the
    /// next round (<see cref="TryComputeAsync"/>).
    /// </summary>
    private TimeSpan _lastRound;

    /// <summary>Completed (and replaced) at the end of every round of recomputes.</summary>
    private TaskCompletionSource _round = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Ticks of the clock's time the worker is waiting for (debounce or retry), 0 when it is not waiting on the clock.</summary>
    private long _waitingUntil;

    /// <summary>The time on the injected clock the worker is waiting for (the debounce, or a retry of the catch-up), or null.</summary>
    public DateTimeOffset? WaitingUntil => Interlocked.Read(ref _waitingUntil) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Completes when the round of recomputes now waited for (or running) has finished.</summary>
    public Task NextRound => Volatile.Read(ref _round).Task;

    /// <summary>The votes in memory for a screening (for tests and diagnostics).</summary>
    public VoteLog? Log(Guid screeningId) => _logs.GetValueOrDefault(screeningId);

    /// <summary>Votes just committed by <see cref="VoteIngest"/>: into the screening's votes in memory, if it has them.</summary>
    public void Observe(Guid screeningId, IEnumerable<DialogueData.VoteRow> committed)
    {
        if (_logs.TryGetValue(screeningId, out var log))
        {
            log.Observe(committed);
        }
    }

    /// <summary>Asks for a recompute of this screening (new votes or a moderation change).</summary>
    public void Notify(Guid screeningId) => _wake.Writer.TryWrite(screeningId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The database may not be migrated yet when the process starts: retry the catch-up.
            var caughtUp = await CatchUpAsync(runningOnly: false, stoppingToken);
            Task<bool>? wake = null;
            while (true)
            {
                wake ??= _wake.Reader.WaitToReadAsync(stoppingToken).AsTask();
                if (!caughtUp)
                {
                    await Task.WhenAny(wake, DelayAsync(TimeSpan.FromSeconds(1), stoppingToken));
                    caughtUp = await CatchUpAsync(runningOnly: false, stoppingToken);
                    if (!wake.IsCompleted)
                    {
                        continue;
                    }
                }

                if (bus.Shared && !wake.IsCompleted && !await WokenBeforeCatchUpAsync(wake, stoppingToken))
                {
                    await CatchUpAsync(runningOnly: true, stoppingToken);
                    continue;
                }

                if (!await wake)
                {
                    return;
                }

                wake = null;

                // Under a heavy load of votes a recompute takes longer; waiting four times as long
                // keeps it to at most a fifth of the time, leaving the rest to storing votes.
                await DelayAsync(Debounce > _lastRound * 4 ? Debounce : _lastRound * 4, stoppingToken);
                var started = clock.GetTimestamp();
                var due = new HashSet<Guid>();
                while (_wake.Reader.TryRead(out var id))
                {
                    due.Add(id);
                }

                foreach (var id in due)
                {
                    await ComputeSafelyAsync(id, stoppingToken);
                }

                _lastRound = clock.GetElapsedTime(started);
                Forget(clock.GetUtcNow().UtcDateTime);
                Interlocked.Exchange(ref _round, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Several nodes: waits for a wake-up or <see cref="CatchUpEvery"/>, whichever comes first; true when woken.</summary>
    private async Task<bool> WokenBeforeCatchUpAsync(Task<bool> wake, CancellationToken stoppingToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var tick = DelayAsync(CatchUpEvery, idle.Token);
        if (await Task.WhenAny(wake, tick) == tick)
        {
            await tick;
            return false;
        }

        await idle.CancelAsync();
        try
        {
            await tick;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }

        return true;
    }

    /// <summary>Waits on the injected clock, saying until when (<see cref="WaitingUntil"/>).</summary>
    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + delay;
        var wait = Task.Delay(delay, clock, cancellationToken);
        Interlocked.Exchange(ref _waitingUntil, until.UtcTicks);
        try
        {
            await wait;
        }
        finally
        {
            Interlocked.Exchange(ref _waitingUntil, 0);
        }
    }

    private async Task<bool> CatchUpAsync(bool runningOnly, CancellationToken cancellationToken)
    {
        List<Guid> behind;
        try
        {
            behind = await BehindAsync(runningOnly, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCatchUpFailed(logger, exception);
            return false;
        }

        foreach (var id in behind)
        {
            await ComputeSafelyAsync(id, cancellationToken);
        }

        return true;
    }

    /// <summary>Screenings with votes no recompute has counted: all of them, or only those running or just closed.</summary>
    private async Task<List<Guid>> BehindAsync(bool runningOnly, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KinodialogDbContext>();
        var votes = db.Votes.AsQueryable();
        if (runningOnly)
        {
            var closedAfter = clock.GetUtcNow().UtcDateTime - RecentlyClosed;
            var running = await db.Screenings
                .Where(s => s.OpenedAt != null && (s.ClosedAt == null || s.ClosedAt > closedAfter) && s.RawDataRemovedAt == null)
                .Select(s => s.Id).ToListAsync(cancellationToken);
            if (running.Count == 0)
            {
                return [];
            }

            votes = votes.Where(v => running.Contains(v.ScreeningId));
        }

        var counts = await votes.GroupBy(v => v.ScreeningId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var seen = await db.DialogueStates.ToDictionaryAsync(d => d.ScreeningId, d => d.VotesSeen, cancellationToken);
        return counts.Where(c => !seen.TryGetValue(c.Key, out var n) || n < c.Count).Select(c => c.Key).ToList();
    }

    /// <summary>Computes one screening unless another node (or caller) is computing it, logging a failure.</summary>
    private async Task ComputeSafelyAsync(Guid screeningId, CancellationToken cancellationToken)
    {
        try
        {
            await TryComputeAsync(screeningId, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogComputeFailed(logger, screeningId, exception);
        }
    }

    /// <summary>
    /// Computes one screening's map now, unless its recompute is running elsewhere (another node, or a
    /// caller of <see cref="ComputeAsync"/>): then it is asked for again, for the next round, instead of
    /// waiting. Waiting would only count the other's work as this round's (and lengthen the pause before
    /// the next round fourfold); the next round reads the state the other stored, plus what came since.
    /// </summary>
    private async Task TryComputeAsync(Guid screeningId, CancellationToken cancellationToken)
    {
        await using var held = await locks.TryAcquireAsync(LockName(screeningId), cancellationToken);
        if (held is null)
        {
            Notify(screeningId);
            return;
        }

        await ComputeHeldAsync(screeningId, cancellationToken);
    }

    private static string LockName(Guid screeningId) => "recompute:" + screeningId.ToString("N");

    /// <summary>Computes one screening's map now and stores the new state and summary (waits while it is computed elsewhere).</summary>
    public async Task ComputeAsync(Guid screeningId, CancellationToken cancellationToken)
    {
        // One node at a time per screening; each reads the state the last one stored.
        await using var held = await locks.AcquireAsync(LockName(screeningId), cancellationToken);
        await ComputeHeldAsync(screeningId, cancellationToken);
    }

    /// <summary>The computation, with the screening's lock held.</summary>
    private async Task ComputeHeldAsync(Guid screeningId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KinodialogDbContext>();
        if (await db.Screenings.AnyAsync(s => s.Id == screeningId && s.RawDataRemovedAt != null, cancellationToken))
        {
            // The votes are gone (retention): the stored summary is all there is; never overwrite it.
            Forget(screeningId);
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var votes = await _logs.GetOrAdd(screeningId, _ => new VoteLog(bus.Shared ? TimeSpan.Zero : VoteLog.FullCheckEvery)).RefreshAsync(db, screeningId, now, cancellationToken);
        var voteCount = votes.Count;
        var data = await DialogueData.LoadAsync(db, screeningId, acceptedOnly: true, cancellationToken, votes.Latest);
        var input = data.Input(DialogueData.EngineId);
        var row = await db.DialogueStates.FirstOrDefaultAsync(d => d.ScreeningId == screeningId, cancellationToken);
        var previous = string.IsNullOrEmpty(row?.StateJson) ? null : JsonSerializer.Deserialize<OpinionState>(row.StateJson);
        var result = OpinionEngine.Compute(input, previous, OpinionOptions.Default);
        var banned = data.Participants.Where(p => p.Banned).Select(p => p.Id).ToHashSet();
        var counted = data.Latest().Where(v => !banned.Contains(v.ParticipantId)).ToList();
        var summary = DialogueSummary.From(input, result, counted.Select(v => v.ParticipantId).Distinct().Count(), counted.Count);

        if (row is null)
        {
            row = new DialogueState { ScreeningId = screeningId };
            db.DialogueStates.Add(row);
        }

        row.StateJson = JsonSerializer.Serialize(result.State);
        row.ResultJson = JsonSerializer.Serialize(summary);
        row.VotesSeen = voteCount;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        LogComputed(logger, screeningId, result.InMapCount, result.K);
        await events.PublishAsync(screeningId, cancellationToken);
    }

    /// <summary>Drops the votes in memory of one screening (its raw data was removed).</summary>
    public void Forget(Guid screeningId)
    {
        if (_logs.TryRemove(screeningId, out var log))
        {
            log.Dispose();
        }
    }

    /// <summary>Drops the votes in memory of screenings not recomputed for a while.</summary>
    private void Forget(DateTime now)
    {
        foreach (var (id, log) in _logs)
        {
            if (now - log.LastUsed > KeepVotes && _logs.TryRemove(id, out _))
            {
                log.Dispose();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opinion map of screening {ScreeningId} recomputed: {InMap} in the map, {Groups} group(s)")]
    private static partial void LogComputed(ILogger logger, Guid screeningId, int inMap, int groups);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for opinion maps to catch up with (retrying)")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not recompute the opinion map of screening {ScreeningId}")]
    private static partial void LogComputeFailed(ILogger logger, Guid screeningId, Exception exception);
}
