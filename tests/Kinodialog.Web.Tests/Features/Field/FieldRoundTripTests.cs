using System.Globalization;
using System.Net;
using Kinodialog.Core.Screenings;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Field;
using Kinodialog.Web.Tests.Cli;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Field;

/// <summary>A field laptop whose central instance is real, on a real port (through the fault proxy).</summary>
public sealed class RealCentralLaptopFactory : SqliteFactory
{
    public RealCentralLaptopFactory(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        Settings = new Dictionary<string, string?> { ["Field:Enabled"] = "true", ["Field:DeleteRawDataAfterSync"] = "false" };
    }
}

/// <summary>
/// Issue 16, tested under faults: a central instance (a separate process, on a real port) and a field
/// laptop (its own data directory) with a fault-injecting proxy between them. The laptop enrols,
/// downloads the screening through faults, holds it offline (40 phones in two languages: surveys,
/// proposals, moderation, votes, a report, the close), then sends everything back ten records per
/// request while the proxy drops, delays, duplicates, reorders, truncates and resets, the laptop's
/// sync is killed with <c>kill -9</c> again and again and the central instance is killed and restarted
/// twice. Afterwards both sides hold exactly the same screening data, nothing duplicated or lost.
/// <see cref="RoundTripKnobs"/> turns it up outside the suite (bench/field/faults.sh: 1,000 faults and more).
/// </summary>
public sealed class FieldRoundTripTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const string Password = "a long enough field passphrase";

    private static readonly RoundTripKnobs Knobs = RoundTripKnobs.FromEnvironment();

    private static int Phones => Knobs.Phones;

    private readonly SqliteFactory _central = new() { DataDirectory = Path.Combine(Path.GetTempPath(), "kinodialog-tests", "field-central-" + Guid.NewGuid().ToString("N")) };

    private readonly RealCentralLaptopFactory _laptop = new(Path.Combine(Path.GetTempPath(), "kinodialog-tests", "field-laptop-" + Guid.NewGuid().ToString("N")));

    public async Task InitializeAsync()
    {
        await _central.InitializeAsync();
        await _laptop.InitializeAsync();
    }

    public void Dispose()
    {
        _laptop.Dispose();
        _central.Dispose();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_laptop).DisposeAsync();
        await ((IAsyncLifetime)_central).DisposeAsync();
    }

    [Fact]
    public async Task A_screening_held_offline_comes_back_whole_through_faults_and_kill_9_on_both_sides()
    {
        // Where the time goes (the test's output): each phase's end, in seconds from here.
        var phases = System.Diagnostics.Stopwatch.StartNew();
        void Phase(string name) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phases.Elapsed.TotalSeconds:0.0} s: {name}"));

        // The central instance: a planned screening with a film on disk, and a laptop's enrolment code.
        using var setup = await FieldTestKit.SetUpAsync(_central, checkOut: false);
        var organiserEmail = await _central.WithDbAsync(db => db.Users.Where(u => u.Id == setup.OrganiserId).Select(u => u.Email!).SingleAsync());
        var code = await _central.WithServicesAsync(async sp => (await sp.GetRequiredService<StartFieldEnrolment>().HandleAsync(
            "Goris school laptop", [setup.OrganiserId], FieldTestKit.Staff(setup.OrganiserId, Roles.Programme), CancellationToken.None)).Code!);

        // It serves from its own process, on the same database and media; the proxy stands in front.
        await using var centralProcess = new ChildApp(_central.DataDirectory, databaseFile: "test.db") { StartTimeout = TimeSpan.FromSeconds(Knobs.CentralStartSeconds) };
        await centralProcess.StartAsync();
        Phase("set up, central process started");
        await using var proxy = new FaultInjectingProxy(() => centralProcess.Port, seed: 16, faultRate: 0);
        proxy.Start();

        // Enrolment (no faults: a lost answer would spend the one-time code) and check-out.
        var enrolled = await _laptop.WithServicesAsync(sp => sp.GetRequiredService<EnrolLaptop>().HandleAsync(
            new EnrolLaptop.Command(proxy.Address.ToString(), code, null, "Goris school laptop", organiserEmail, Password, Password), CancellationToken.None));
        Assert.Equal(SetupProblem.None, enrolled.Problem);
        var deviceId = await _laptop.WithDbAsync(db => db.FieldConnections.Select(c => c.DeviceId).SingleAsync());
        var refused = await _central.WithServicesAsync(sp => sp.GetRequiredService<CheckOutScreening>().CheckOutAsync(
            setup.ScreeningId, deviceId, FieldTestKit.Staff(setup.OrganiserId, Roles.Organiser), CancellationToken.None));
        Assert.Null(refused);

        // The download, through faults: every attempt resumes where the last one stopped.
        proxy.FaultRate = 0.5;
        DownloadProgress? progress = null;
        for (var attempt = 0; attempt < 200 && progress?.Succeeded != true; attempt++)
        {
            progress = await _laptop.WithServicesAsync(sp => sp.GetRequiredService<DownloadScreening>().HandleAsync(
                setup.ScreeningId, ["240p"], null, CancellationToken.None));
        }

        Phase("downloaded");
        Assert.True(progress?.Succeeded, $"The download never succeeded: {progress?.Failure} {progress?.Error}; {proxy.Requests} requests ({string.Join(", ", proxy.Counts)}); central instance: {centralProcess.Diagnosis}");
        var file = await _laptop.WithDbAsync(db => db.MediaFiles.Where(f => f.FilmId == setup.FilmId).Select(f => f.RelativePath).SingleAsync());
        Assert.Equal(setup.Video, await File.ReadAllBytesAsync(Path.Combine(_laptop.DataDirectory, "media", file)));

        // The screening, offline on the laptop.
        await HoldTheScreeningAsync(setup.ScreeningId, organiserEmail);
        Phase("screening held");
        var laptopTotals = await _laptop.WithServicesAsync(sp => sp.GetRequiredService<CollectResults>().TotalsAsync(setup.ScreeningId, CancellationToken.None));
        Assert.Equal(Phones, laptopTotals.Participants);
        Assert.True(laptopTotals.Votes >= Phones * 8, $"only {laptopTotals.Votes} votes");

        // Sending back: ten records a request, half of the requests faulted, the laptop's sync killed (kill -9)
        // again and again, the central instance killed and restarted twice.
        proxy.FaultRate = Knobs.FaultRate;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var laptopEnvironment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Database__Provider"] = "Sqlite",
            ["Database__ConnectionString"] = $"Data Source={Path.Combine(_laptop.DataDirectory, "test.db")}",
            ["Storage__DataPath"] = _laptop.DataDirectory,
            ["Storage__MediaPath"] = Path.Combine(_laptop.DataDirectory, "media"),
            ["Field__Enabled"] = "true",
            ["Field__DeleteRawDataAfterSync"] = "false",
            ["Field__SyncMaxPause"] = Knobs.SyncMaxPause.ToString("c", CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var random = new Random(16);
        var laptopKills = 0;
        var centralKills = 0;
        for (var round = 0; round < Knobs.KillRounds; round++)
        {
            var batch = random.Next(Knobs.BatchMin, Knobs.BatchMax + 1);
            var killAfter = TimeSpan.FromMilliseconds(random.Next(Knobs.KillAfterMinMs, Knobs.KillAfterMaxMs + 1));
            // Also killed once it has sent a few requests through the proxy: a time alone lets a fast machine finish
            // the whole sync in the first rounds, and the later rounds then kill nothing.
            var killAtRequests = Knobs.KillAfterRequestsMax > 0 ? proxy.Requests + random.Next(Knobs.KillAfterRequestsMin, Knobs.KillAfterRequestsMax + 1) : int.MaxValue;
            using var kill = new CancellationTokenSource();
            var watching = WatchRequestsAsync(proxy, killAtRequests, kill);
            var run = await CliProcess.RunAsync(_laptop.DataDirectory, laptopEnvironment, killAfter, kill.Token,
                "field", "sync", "--batch", batch.ToString(CultureInfo.InvariantCulture), "--retry-for", "600");
            await kill.CancelAsync();
            await watching;
            laptopKills += run.TimedOut ? 1 : 0;
            output.WriteLine($"round {round}: batch {batch}, exit {(run.TimedOut ? "killed" : run.ExitCode.ToString(CultureInfo.InvariantCulture))}, central running {centralProcess.IsRunning}, {proxy.Requests} requests, {proxy.FaultCount} faults");
            if (!centralProcess.IsRunning)
            {
                output.WriteLine($"central instance: {centralProcess.Diagnosis}");
            }

            if (round % 3 == 2)
            {
                centralProcess.Kill();
                centralKills++;
                await centralProcess.StartAsync();
            }

            Phase($"round {round}");
        }

        var lastBatch = random.Next(Knobs.BatchMin, Knobs.BatchMax + 1);
        var last = await CliProcess.RunAsync(_laptop.DataDirectory, laptopEnvironment, TimeSpan.FromSeconds(Knobs.LastSyncSeconds + 20),
            "field", "sync", "--batch", lastBatch.ToString(CultureInfo.InvariantCulture), "--retry-for", Knobs.LastSyncSeconds.ToString(CultureInfo.InvariantCulture));
        Phase("last sync");
        output.WriteLine($"last: batch {lastBatch}, exit {last.ExitCode}, central running {centralProcess.IsRunning}, {proxy.Requests} requests, {string.Join(", ", proxy.Counts)}");
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"field round trip: {Phones} phones, sync fault rate {Knobs.FaultRate:0.##}, batch {Knobs.BatchMin}-{Knobs.BatchMax}: {proxy.Requests} requests through the proxy, {proxy.FaultCount} faults ({string.Join(", ", proxy.Counts.Where(c => c.Key != Fault.None).OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}); laptop sync killed {laptopKills} times, central killed {centralKills} times; sync {clock.Elapsed.TotalSeconds:0} s; last sync exit {last.ExitCode}");
        output.WriteLine(summary);
        Knobs.Report(summary);
        Assert.True(last.ExitCode == 0, $"field sync ended with {last.ExitCode} ({proxy.Requests} requests): {last.All[..Math.Min(3000, last.All.Length)]}{Environment.NewLine}central instance: {centralProcess.Diagnosis}");
        Assert.All(Enum.GetValues<Fault>(), f => Assert.True(proxy.Counts.GetValueOrDefault(f) > 0, $"{f} never happened: {string.Join(", ", proxy.Counts)}"));
        Assert.True(laptopKills >= Knobs.KillRounds / 2, $"the laptop's sync was killed only {laptopKills} times in {Knobs.KillRounds} rounds");
        Assert.Equal(Knobs.KillRounds / 3, centralKills);
        Assert.True(proxy.FaultCount >= Knobs.MinimumFaults, $"only {proxy.FaultCount} faults, at least {Knobs.MinimumFaults} asked for");
        centralProcess.Kill();

        await AssertBothSidesHoldTheSameAsync(setup.ScreeningId);
        var checkout = await _laptop.WithDbAsync(db => db.FieldCheckouts.SingleAsync(c => c.ScreeningId == setup.ScreeningId));
        Assert.NotNull(checkout.CheckedInAt);
        var central = await _central.WithDbAsync(db => db.Screenings.SingleAsync(s => s.Id == setup.ScreeningId));
        Assert.Null(central.CheckedOutToDeviceId);
        Assert.NotNull(central.FieldSyncedAt);
        Knobs.Report("result: both sides hold the same screening data (participants, statements, translations, answer sets, votes, flags, moderation, screening); checked in");
    }

    /// <summary>Cancels <paramref name="kill"/> when the proxy has seen <paramref name="requests"/> requests; ends when it is cancelled.</summary>
    private static async Task WatchRequestsAsync(FaultInjectingProxy proxy, int requests, CancellationTokenSource kill)
    {
        try
        {
            while (proxy.Requests < requests)
            {
                await Task.Delay(10, kill.Token);
            }

            await kill.CancelAsync();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HoldTheScreeningAsync(Guid id, string email)
    {
        using var organiser = TestClient.Create(_laptop);
        var signedIn = await organiser.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var open = await organiser.PostFormAsync($"/en/screenings/{id}/run", new Dictionary<string, string>(), handler: "Open");
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        var code = (await _laptop.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.JoinCode).SingleAsync()))!;
        var version = await VersionAsync(_laptop);

        await SetStageAsync(organiser, id, AudienceStage.PreSurvey);
        var phones = new List<(TestClient Phone, string Culture)>();
        for (var i = 0; i < Phones; i++)
        {
            var (culture, community) = i % 2 == 0 ? ("hy", "armenian") : ("az", "azerbaijani");
            var phone = await PhoneAsync(_laptop, code, culture, community);
            phones.Add((phone, culture));
            var pre = new Dictionary<string, string> { ["trust"] = (1 + (i % 4)).ToString(CultureInfo.InvariantCulture), ["warmth"] = (30 + (i % 40)).ToString(CultureInfo.InvariantCulture) };
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(phone, code, Guid.CreateVersion7(), "pre", version, pre)).StatusCode);
        }

        await SetStageAsync(organiser, id, AudienceStage.PostSurvey);
        foreach (var (phone, i) in phones.Select((p, i) => (p.Phone, i)))
        {
            var post = new Dictionary<string, string> { ["trust"] = (2 + (i % 4)).ToString(CultureInfo.InvariantCulture), ["warmth"] = (45 + (i % 40)).ToString(CultureInfo.InvariantCulture), ["safe"] = "4" };
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(phone, code, Guid.CreateVersion7(), "post", version, post)).StatusCode);
        }

        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        foreach (var text in new[] { "Our grandparents were neighbours.", "Films like this should be shown in schools.", "The war took something from all of us.", "I would visit the other side.", "Prisoners should be exchanged all for all." })
        {
            await SeedAsync(_laptop, organiser, id, text);
        }

        string[] proposals = ["Մենք պետք է նորից հանդիպենք։", "Biz yenidən görüşməliyik.", "Հիշողությունը պետք է կիսել։", "Bu film hamı üçündür."];
        foreach (var (text, i) in proposals.Select((t, i) => (t, i)))
        {
            var (phone, culture) = phones[i];
            Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(phone, code, text, culture)).StatusCode);
        }

        var pending = await _laptop.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == id && s.Status == StatementStatus.Pending).OrderBy(s => s.Number).Select(s => s.Id).ToListAsync());
        Assert.Equal(proposals.Length, pending.Count);
        foreach (var (statement, i) in pending.Select((s, i) => (s, i)))
        {
            var status = i == pending.Count - 1 ? StatementStatus.Rejected : StatementStatus.Accepted;
            await ModerateAsync(organiser, id, "Status", new() { ["statement"] = statement.ToString(), ["status"] = status.ToString() });
        }

        await ModerateAsync(organiser, id, "Translate", new() { ["statement"] = pending[0].ToString(), ["culture"] = "az", ["text"] = "Biz yenidən görüşməliyik (tərcümə)." });
        var accepted = await _laptop.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == id && s.Status == StatementStatus.Accepted).Select(s => s.Id).ToListAsync());
        var shown = await _laptop.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == id && s.Status == StatementStatus.Accepted).OrderBy(s => s.Number).Select(s => s.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await phones[1].Phone.PostFormAsync($"/az/s/{code}", new Dictionary<string, string> { ["statement"] = shown.ToString() }, handler: "Flag")).StatusCode);
        var random = new Random(40);
        foreach (var (phone, _) in phones)
        {
            foreach (var statement in accepted)
            {
                await VoteAsync(phone, code, statement, random.Next(-1, 2));
            }
        }

        var close = await organiser.PostFormAsync($"/en/screenings/{id}", new Dictionary<string, string> { ["confirm"] = "true" }, handler: "Close");
        Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        foreach (var (phone, _) in phones)
        {
            phone.Dispose();
        }
    }

    private async Task AssertBothSidesHoldTheSameAsync(Guid id)
    {
        var laptop = await _laptop.WithDbAsync(db => SnapshotAsync(db, id));
        var central = await _central.WithDbAsync(db => SnapshotAsync(db, id));
        Assert.Equal(laptop.Participants, central.Participants);
        Assert.Equal(laptop.Statements, central.Statements);
        Assert.Equal(laptop.Translations, central.Translations);
        Assert.Equal(laptop.Responses, central.Responses);
        Assert.Equal(laptop.Votes, central.Votes);
        Assert.Equal(laptop.Flags, central.Flags);
        Assert.Equal(laptop.Moderation, central.Moderation);
        Assert.Equal(laptop.Screening, central.Screening);
        Assert.Equal(Phones, central.Participants.Count);
        Assert.NotEmpty(central.Flags);
        Assert.Contains(central.Statements, s => s.Contains("Rejected", StringComparison.Ordinal));
    }

    internal sealed record Snapshot(
        List<string> Participants, List<string> Statements, List<string> Translations, List<string> Responses, List<string> Votes,
        List<string> Flags, List<string> Moderation, string Screening);

    internal static async Task<Snapshot> SnapshotAsync(KinodialogDbContext db, Guid id)
    {
        var statementIds = db.Statements.Where(s => s.ScreeningId == id).Select(s => s.Id);
        var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == id);
        return new Snapshot(
            (await db.Participants.Where(p => p.ScreeningId == id).ToListAsync()).Select(p => $"{p.Id} {p.Culture} {p.Community} {p.Banned} {p.Number} {p.CardNumber} {p.OnPhone}").Order(StringComparer.Ordinal).ToList(),
            (await db.Statements.Where(s => s.ScreeningId == id).ToListAsync()).Select(s => $"{s.Id} {s.Number} {s.Status} {s.IsMeta} {s.Culture} {s.ParticipantId} {s.Text}").Order(StringComparer.Ordinal).ToList(),
            (await db.StatementTranslations.Where(t => statementIds.Contains(t.StatementId)).ToListAsync()).Select(t => $"{t.StatementId} {t.Culture} {t.Text}").Order(StringComparer.Ordinal).ToList(),
            (await db.SurveyResponses.Where(r => r.ScreeningId == id).ToListAsync()).Select(r => $"{r.Id} {r.ParticipantId} {r.Phase} {r.QuestionnaireVersionId} {r.Answers}").Order(StringComparer.Ordinal).ToList(),
            (await db.Votes.Where(v => v.ScreeningId == id).ToListAsync()).Select(v => $"{v.Id} {v.ParticipantId} {v.StatementId} {v.Value}").Order(StringComparer.Ordinal).ToList(),
            (await db.StatementFlags.Where(f => statementIds.Contains(f.StatementId)).ToListAsync()).Select(f => $"{f.StatementId} {f.ParticipantId}").Order(StringComparer.Ordinal).ToList(),
            (await db.ModerationActions.Where(m => m.ScreeningId == id).ToListAsync()).Select(m => $"{m.Id} {m.Action} {m.StatementId} {m.ParticipantId} {m.StaffUserId}").Order(StringComparer.Ordinal).ToList(),
            $"{screening.Status} {screening.OpenedAt:O} {screening.ClosedAt:O} {screening.FurthestStage} {screening.AttendanceTotal} {screening.Notes}");
    }
}

/// <summary>
/// The round trip's size, read from the environment so that bench/field/faults.sh can run it far harder
/// than the suite does; unset, the suite's values. <c>KINODIALOG_FIELD_FAULT_RATE</c> (share of the sync's
/// requests faulted, 0.5), <c>KINODIALOG_FIELD_BATCH</c> (records a request: <c>10</c>, or a range
/// <c>1-5</c> chosen at random for every run of <c>field sync</c>), <c>KINODIALOG_FIELD_KILL_ROUNDS</c>
/// (runs of <c>field sync</c> killed after <c>KINODIALOG_FIELD_KILL_AFTER_MS</c>, 2500-6000 ms, or once they have
/// sent <c>KINODIALOG_FIELD_KILL_AFTER_REQUESTS</c> requests through the proxy, 3-8, whichever comes first
/// (<c>0</c>: by time only); the central instance killed after every third: 8),
/// <c>KINODIALOG_FIELD_MIN_FAULTS</c> (0), <c>KINODIALOG_FIELD_PHONES</c> (40),
/// <c>KINODIALOG_FIELD_LAST_SYNC_SECONDS</c> (how long the last, unkilled sync may retry: 280),
/// <c>KINODIALOG_FIELD_CENTRAL_START_SECONDS</c> (how long a (re)start of the central instance may take: 60),
/// <c>KINODIALOG_FIELD_SYNC_MAX_PAUSE_MS</c> (the longest wait of <c>field sync</c> after an attempt that sent nothing,
/// Field:SyncMaxPause: 1000 here, where half of all requests fail, against 5 s in an installation; the last sync
/// otherwise spends most of its minute and a half asleep) and
/// <c>KINODIALOG_FIELD_REPORT</c> (a file the figures are appended to).
/// </summary>
public sealed record RoundTripKnobs(
    double FaultRate, int BatchMin, int BatchMax, int KillRounds, int KillAfterMinMs, int KillAfterMaxMs, int KillAfterRequestsMin, int KillAfterRequestsMax,
    int MinimumFaults, int Phones, int LastSyncSeconds, int CentralStartSeconds, TimeSpan SyncMaxPause, string? ReportFile)
{
    public static RoundTripKnobs FromEnvironment()
    {
        static string? Read(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;
        static int Whole(string name, int fallback, int min) =>
            Read(name) is { } value ? Math.Max(min, int.Parse(value, CultureInfo.InvariantCulture)) : fallback;

        static (int Min, int Max) Bounds(string name, string fallback)
        {
            var parts = (Read(name) ?? fallback).Split('-', 2);
            var min = int.Parse(parts[0], CultureInfo.InvariantCulture);
            var max = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : min;
            Assert.True(min >= 1 && max >= min, $"{name}: {min}-{max}");
            return (min, max);
        }

        var (batchMin, batchMax) = Bounds("KINODIALOG_FIELD_BATCH", "10");
        Assert.True(batchMax <= FieldLimits.MaxBatchItems, $"KINODIALOG_FIELD_BATCH: at most {FieldLimits.MaxBatchItems}");
        var (killAfterMin, killAfterMax) = Bounds("KINODIALOG_FIELD_KILL_AFTER_MS", "2500-6000");
        var (killAfterRequestsMin, killAfterRequestsMax) = Read("KINODIALOG_FIELD_KILL_AFTER_REQUESTS") == "0" ? (0, 0) : Bounds("KINODIALOG_FIELD_KILL_AFTER_REQUESTS", "3-8");
        var rate = Read("KINODIALOG_FIELD_FAULT_RATE") is { } r ? double.Parse(r, CultureInfo.InvariantCulture) : 0.5;
        Assert.InRange(rate, 0, 1);
        return new RoundTripKnobs(
            rate, batchMin, batchMax,
            Whole("KINODIALOG_FIELD_KILL_ROUNDS", 8, 6),
            killAfterMin,
            killAfterMax,
            killAfterRequestsMin,
            killAfterRequestsMax,
            Whole("KINODIALOG_FIELD_MIN_FAULTS", 0, 0),
            Whole("KINODIALOG_FIELD_PHONES", 40, 8),
            Whole("KINODIALOG_FIELD_LAST_SYNC_SECONDS", 280, 30),
            Whole("KINODIALOG_FIELD_CENTRAL_START_SECONDS", 60, 10),
            TimeSpan.FromMilliseconds(Whole("KINODIALOG_FIELD_SYNC_MAX_PAUSE_MS", 1000, 200)),
            Read("KINODIALOG_FIELD_REPORT"));
    }

    /// <summary>Appends a line to <see cref="ReportFile"/> (when set): the figures the bench script prints.</summary>
    public void Report(string line)
    {
        if (ReportFile is { } file)
        {
            File.AppendAllText(file, line + Environment.NewLine);
        }
    }
}
