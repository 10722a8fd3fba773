using Kinodialog.Core.Screenings;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Field;

/// <summary>What one sync did.</summary>
public sealed record SyncReport(int Batches, int Records, bool CheckedIn, CentralError? Error);

/// <summary>Codes of the sync log's lines (the page says them in the reader's language).</summary>
public static class SyncLogCodes
{
    public const string Sent = "Sent";
    public const string CheckedIn = "CheckedIn";
    public const string NotCheckedIn = "NotCheckedIn";
    public const string RawDeleted = "RawDeleted";
}

/// <summary>
/// Sends a screening's results to the central instance: batch after batch (at most
/// <see cref="FieldLimits.MaxBatchItems"/> records), each cursor moved only after the central instance
/// acknowledged the batch (at-least-once: a batch whose answer was lost is sent again, and the central
/// side ignores what it already holds). Once nothing waits and the screening is over, checks in with
/// the outcome and its totals; after a confirmed check-in, deletes the raw audience data when
/// <see cref="FieldModeOptions.DeleteRawDataAfterSync"/>.
/// </summary>
public sealed partial class SyncScreening(
    KinodialogDbContext db,
    CollectResults collect,
    CentralClient central,
    RemoveRawAudienceData removeRaw,
    IOptions<FieldModeOptions> options,
    TimeProvider clock,
    ILogger<SyncScreening> logger)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Screenings downloaded here whose results have not all been confirmed yet.</summary>
    public async Task<IReadOnlyList<Guid>> OpenAsync(CancellationToken cancellationToken) =>
        await db.FieldCheckouts.AsNoTracking().Where(c => c.CheckedInAt == null).OrderBy(c => c.DownloadedAt).Select(c => c.ScreeningId).ToListAsync(cancellationToken);

    public async Task<SyncReport> HandleAsync(Guid screeningId, CancellationToken cancellationToken, int maxItems = FieldLimits.MaxBatchItems)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            return await SyncAsync(screeningId, maxItems, cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<SyncReport> SyncAsync(Guid screeningId, int maxItems, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var checkout = await db.FieldCheckouts.FirstOrDefaultAsync(c => c.ScreeningId == screeningId, cancellationToken);
        if (checkout is null || checkout.CheckedInAt is not null)
        {
            return new SyncReport(0, 0, checkout is not null, null);
        }

        var link = await FieldLinks.LoadAsync(db, cancellationToken);
        if (link is null)
        {
            return new SyncReport(0, 0, false, new CentralError(CentralFailure.Revoked));
        }

        checkout.LastSyncAttemptAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        var batches = 0;
        var records = 0;
        while (true)
        {
            var pending = await collect.NextBatchAsync(screeningId, maxItems, cancellationToken);
            if (pending.Batch.Count == 0)
            {
                break;
            }

            var receipt = await central.SendResultsAsync(link, screeningId, pending.Batch, cancellationToken);
            if (!receipt.Succeeded)
            {
                return await FailAsync(checkout, receipt.Error!, batches, records, cancellationToken);
            }

            await collect.AdvanceAsync(screeningId, pending.Advances, cancellationToken);
            Log(screeningId, false, pending.Batch.Count, $"{SyncLogCodes.Sent}|{receipt.Value!.Received}|{receipt.Value.AlreadyHad}");
            checkout.LastSyncedAt = clock.GetUtcNow().UtcDateTime;
            checkout.LastError = null;
            await db.SaveChangesAsync(cancellationToken);
            batches++;
            records += pending.Batch.Count;
            LogSent(logger, screeningId, pending.Batch.Count);
        }

        var screening = await db.Screenings.AsNoTracking().Where(s => s.Id == screeningId)
            .Select(s => new { s.ClosedAt, s.Status }).FirstOrDefaultAsync(cancellationToken);
        var over = screening is not null && (screening.ClosedAt is not null || screening.Status != ScreeningStatus.Planned);
        if (!over)
        {
            await db.SaveChangesAsync(cancellationToken);
            return new SyncReport(batches, records, false, null);
        }

        // A participant or statement may have changed after it was first sent (a proposal accepted or a
        // phone banned late, a translation added): before the check-in every one is sent again as it is
        // now. The central instance updates what it holds, so this changes nothing when nothing changed.
        // The round resumes after a failure (the "again" cursors count what went), and starts over when
        // any of these records changed since it began (the digest differs).
        var asNow = await collect.PeopleAndStatementsAsync(screeningId, cancellationToken);
        var digest = CollectResults.Digest(asNow.Participants, asNow.Statements);
        if (!string.Equals(checkout.ResentDigest, digest, StringComparison.Ordinal))
        {
            db.FieldSyncCursors.RemoveRange(await db.FieldSyncCursors
                .Where(c => c.ScreeningId == screeningId && (c.Kind == ResultKinds.ParticipantsAgain || c.Kind == ResultKinds.StatementsAgain))
                .ToListAsync(cancellationToken));
            checkout.ResentDigest = digest;
            await db.SaveChangesAsync(cancellationToken);
        }

        var done = await db.FieldSyncCursors.AsNoTracking()
            .Where(c => c.ScreeningId == screeningId && (c.Kind == ResultKinds.ParticipantsAgain || c.Kind == ResultKinds.StatementsAgain))
            .ToDictionaryAsync(c => c.Kind, c => c.Sent, StringComparer.Ordinal, cancellationToken);
        var rounds = asNow.Participants.Skip(done.GetValueOrDefault(ResultKinds.ParticipantsAgain)).Chunk(maxItems)
                .Select(c => (Kind: ResultKinds.ParticipantsAgain, Batch: new ResultsBatch(FieldLimits.FormatVersion, c, [], [], [], [], [])))
            .Concat(asNow.Statements.Skip(done.GetValueOrDefault(ResultKinds.StatementsAgain)).Chunk(maxItems)
                .Select(c => (Kind: ResultKinds.StatementsAgain, Batch: new ResultsBatch(FieldLimits.FormatVersion, [], c, [], [], [], []))));
        foreach (var (kind, again) in rounds)
        {
            var resent = await central.SendResultsAsync(link, screeningId, again, cancellationToken);
            if (!resent.Succeeded)
            {
                return await FailAsync(checkout, resent.Error!, batches, records, cancellationToken);
            }

            await collect.AdvanceAsync(screeningId, [new CursorAdvance(kind, null, again.Count)], cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            batches++;
        }

        var outcome = (await collect.OutcomeAsync(screeningId, cancellationToken))!;
        var checkIn = await central.CheckInAsync(link, screeningId, outcome, cancellationToken);
        if (!checkIn.Succeeded)
        {
            return await FailAsync(checkout, checkIn.Error!, batches, records, cancellationToken);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (!checkIn.Value!.CheckedIn)
        {
            var held = checkIn.Value.Held;
            var message = $"{SyncLogCodes.NotCheckedIn}|{held.Participants}/{outcome.Totals.Participants} {held.Statements}/{outcome.Totals.Statements} " +
                $"{held.Responses}/{outcome.Totals.Responses} {held.Votes}/{outcome.Totals.Votes} {held.Flags}/{outcome.Totals.Flags} {held.Moderation}/{outcome.Totals.Moderation}";
            checkout.LastError = message;
            Log(screeningId, true, 0, message);
            await db.SaveChangesAsync(cancellationToken);
            return new SyncReport(batches, records, false, new CentralError(CentralFailure.Refused));
        }

        checkout.CheckedInAt = now;
        checkout.LastSyncedAt = now;
        checkout.LastError = null;
        Log(screeningId, false, outcome.Totals.Participants + outcome.Totals.Statements + outcome.Totals.Responses + outcome.Totals.Votes + outcome.Totals.Flags + outcome.Totals.Moderation, SyncLogCodes.CheckedIn);
        await db.SaveChangesAsync(cancellationToken);
        LogCheckedIn(logger, screeningId);

        if (options.Value.DeleteRawDataAfterSync)
        {
            var removed = await removeRaw.RemoveScreeningAsync(screeningId, cancellationToken);
            db.ChangeTracker.Clear();
            await db.FieldCheckouts.Where(c => c.ScreeningId == screeningId)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.RawDataDeletedAt, clock.GetUtcNow().UtcDateTime), cancellationToken);
            Log(screeningId, false, removed.Votes, SyncLogCodes.RawDeleted);
            await db.SaveChangesAsync(cancellationToken);
        }

        return new SyncReport(batches, records, true, null);
    }

    private async Task<SyncReport> FailAsync(FieldCheckout checkout, CentralError error, int batches, int records, CancellationToken cancellationToken)
    {
        var message = error.ToLog();
        if (message.Length > 1000)
        {
            message = message[..1000];
        }

        checkout.LastError = message;
        Log(checkout.ScreeningId, true, 0, message);
        await db.SaveChangesAsync(cancellationToken);
        LogFailed(logger, checkout.ScreeningId, error.Failure, error.Status);
        return new SyncReport(batches, records, false, error);
    }

    private void Log(Guid screeningId, bool isError, int count, string message) =>
        db.FieldSyncLog.Add(new FieldSyncLogEntry { ScreeningId = screeningId, At = clock.GetUtcNow().UtcDateTime, IsError = isError, Count = count, Message = message });

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} result record(s) of screening {ScreeningId}")]
    private static partial void LogSent(ILogger logger, Guid screeningId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Screening {ScreeningId} checked in at the central instance")]
    private static partial void LogCheckedIn(ILogger logger, Guid screeningId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of screening {ScreeningId} failed: {Failure} (HTTP {Status})")]
    private static partial void LogFailed(ILogger logger, Guid screeningId, CentralFailure failure, int? status);
}

/// <summary>Sends what is waiting every <see cref="FieldModeOptions.RetryInterval"/> in the background (field mode only).</summary>
public sealed partial class FieldSyncWorker(IServiceScopeFactory scopes, FieldDownloads downloads, IOptions<FieldModeOptions> options, TimeProvider clock, ILogger<FieldSyncWorker> logger) : BackgroundService
{
    /// <summary>Resumes downloads cut by a lost connection or a restart, and sends what waits.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sync = scope.ServiceProvider.GetRequiredService<SyncScreening>();
        if (await scope.ServiceProvider.GetRequiredService<KinodialogDbContext>().FieldConnections.AnyAsync(cancellationToken))
        {
            downloads.ResumePending();
            foreach (var id in await sync.OpenAsync(cancellationToken))
            {
                await sync.HandleAsync(id, cancellationToken);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        try
        {
            while (true)
            {
                await Task.Delay(options.Value.RetryInterval, clock, stoppingToken);
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background sync of the field laptop failed (trying again later)")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>The results file for a USB stick: everything of one screening, sealed with a passphrase.</summary>
public sealed class ExportResults(KinodialogDbContext db, CollectResults collect, TimeProvider clock)
{
    public sealed record File(string FileName, byte[] Content);

    public async Task<File?> HandleAsync(Guid screeningId, string passphrase, CancellationToken cancellationToken, int? iterations = null)
    {
        var screening = await db.Screenings.AsNoTracking().Where(s => s.Id == screeningId).Select(s => new { s.Title }).FirstOrDefaultAsync(cancellationToken);
        var outcome = await collect.OutcomeAsync(screeningId, cancellationToken);
        if (screening is null || outcome is null)
        {
            return null;
        }

        var device = await db.FieldConnections.AsNoTracking().Select(c => (Guid?)c.DeviceId).FirstOrDefaultAsync(cancellationToken) ?? Guid.Empty;
        var now = clock.GetUtcNow().UtcDateTime;
        var content = new ResultsBundleContent(FieldLimits.FormatVersion, device, screeningId, now, await collect.AllAsync(screeningId, cancellationToken), outcome);
        var bytes = iterations is { } n ? ResultsBundle.Seal(content, passphrase, n) : ResultsBundle.Seal(content, passphrase);
        return new File($"{SafeName(screening.Title)}-{now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}{ResultsBundle.FileExtension}", bytes);
    }

    /// <summary>Letters and digits of any script, others as hyphens; never empty, at most 60 characters.</summary>
    public static string SafeName(string title)
    {
        var chars = title.Normalize(System.Text.NormalizationForm.FormC).Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray();
        var name = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (name.Length > 60)
        {
            name = name[..60].TrimEnd('-');
        }

        return name.Length == 0 ? "screening" : name;
    }

    /// <summary>A passphrase to write down: six groups of four easy-to-read characters (about 140 bits).</summary>
    public static string GeneratePassphrase() => Kinodialog.Core.Accounts.PasswordGenerator.Generate(6);
}
