using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Kinodialog.Core.Screenings;
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

/// <summary>
/// Issue 16's benchmark (run by bench/field/sync.sh; <c>Category=Benchmark</c>, which ./test.sh leaves out): a 300-person screening (600 answer sets, 15,000 votes, 40 proposals) held on a
/// field laptop (and a profile from every phone, which the phone page asks for first) and sent with <c>field sync</c> to a central instance that runs in a network namespace
/// whose veth link bench/field/sync.sh has shaped to 256 kbit/s each way (<c>tc … tbf</c>), through the
/// fault-injecting proxy (5 % of the requests faulted, 5 % of the segments lost and sent again one
/// retransmission timeout late, a delay on every request: the kernel has no netem). The screening
/// is made through the laptop's own pages and audience API (phones joining, answering, proposing,
/// voting; in-process HTTP), the sync is the real binary. Reports the sync's seconds and the bytes that
/// crossed the shaped link, and checks that both sides then hold the same screening data.
/// </summary>
public sealed class FieldSyncBenchmarkTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    public const string NamespaceVariable = "KINODIALOG_FIELD_BENCH_NETNS";

    private const string Password = "a long enough field passphrase";

    private static readonly string? Namespace = Environment.GetEnvironmentVariable(NamespaceVariable);

    private readonly SqliteFactory _central = new() { DataDirectory = Path.Combine(Path.GetTempPath(), "kinodialog-tests", "bench-central-" + Guid.NewGuid().ToString("N")) };

    private readonly RealCentralLaptopFactory _laptop = new(Path.Combine(Path.GetTempPath(), "kinodialog-tests", "bench-laptop-" + Guid.NewGuid().ToString("N")))
    {
        Settings = new Dictionary<string, string?>
        {
            ["Field:Enabled"] = "true",
            ["Field:DeleteRawDataAfterSync"] = "false",
            ["AudienceLimits:JoinsPerAddressPerMinute"] = "100000",
            ["AudienceLimits:AddressRequestsPerMinute"] = "1000000",
            ["AudienceLimits:AddressBurst"] = "100000",
            ["AudienceLimits:PhoneProposalBurst"] = "1000",
            ["AudienceLimits:PhoneAnswerSetBurst"] = "1000",
        },
    };

    private static int Setting(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

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
    [Trait("Category", "Benchmark")]
    public async Task A_300_person_screening_syncs_over_a_256_kbit_link_with_faults_and_both_sides_agree()
    {
        // A benchmark, not part of the suite (./test.sh leaves out Category=Benchmark): it needs the shaped
        // namespace that bench/field/sync.sh makes as root.
        Assert.True(Namespace is { Length: > 0 }, $"Run it with bench/field/sync.sh, which sets {NamespaceVariable}.");
        var phones = Setting("KINODIALOG_FIELD_BENCH_PHONES", 300);
        const int Proposals = 40;
        const int Statements = 50;
        var faultRate = Setting("KINODIALOG_FIELD_BENCH_FAULT_PERCENT", 5) / 100.0;
        var loss = Setting("KINODIALOG_FIELD_BENCH_LOSS_PERCENT", 5) / 100.0;
        var latency = TimeSpan.FromMilliseconds(Setting("KINODIALOG_FIELD_BENCH_LATENCY_MS", 100));
        var link = Environment.GetEnvironmentVariable("KINODIALOG_FIELD_BENCH_LINK")!;
        var centralAddress = IPAddress.Parse(Environment.GetEnvironmentVariable("KINODIALOG_FIELD_BENCH_CENTRAL")!);
        var report = Environment.GetEnvironmentVariable("KINODIALOG_FIELD_BENCH_REPORT");
        void Report(string line)
        {
            output.WriteLine(line);
            if (report is { Length: > 0 })
            {
                File.AppendAllText(report, line + Environment.NewLine);
            }
        }

        // The central instance, inside the namespace: reachable only over the shaped link.
        using var setup = await FieldTestKit.SetUpAsync(_central, checkOut: false);
        var organiserEmail = await _central.WithDbAsync(db => db.Users.Where(u => u.Id == setup.OrganiserId).Select(u => u.Email!).SingleAsync());
        var code = await _central.WithServicesAsync(async sp => (await sp.GetRequiredService<StartFieldEnrolment>().HandleAsync(
            "Bench laptop", [setup.OrganiserId], FieldTestKit.Staff(setup.OrganiserId, Roles.Programme), CancellationToken.None)).Code!);
        await using var centralProcess = new ChildApp(_central.DataDirectory, databaseFile: "test.db", networkNamespace: Namespace, address: centralAddress)
        {
            StartTimeout = TimeSpan.FromMinutes(3),
        };
        await centralProcess.StartAsync();
        await using var proxy = new FaultInjectingProxy(() => centralProcess.Port, seed: 256, faultRate: 0)
        {
            UpstreamAddress = centralAddress,
            Latency = latency,
            MaxDelay = TimeSpan.FromSeconds(2),
            PacketLoss = loss,
            RetransmissionTimeout = TimeSpan.FromMilliseconds(Math.Max(200, 2 * latency.TotalMilliseconds)),
        };
        proxy.Start();

        var enrolled = await _laptop.WithServicesAsync(sp => sp.GetRequiredService<EnrolLaptop>().HandleAsync(
            new EnrolLaptop.Command(proxy.Address.ToString(), code, null, "Bench laptop", organiserEmail, Password, Password), CancellationToken.None));
        Assert.Equal(SetupProblem.None, enrolled.Problem);
        var deviceId = await _laptop.WithDbAsync(db => db.FieldConnections.Select(c => c.DeviceId).SingleAsync());
        Assert.Null(await _central.WithServicesAsync(sp => sp.GetRequiredService<CheckOutScreening>().CheckOutAsync(
            setup.ScreeningId, deviceId, FieldTestKit.Staff(setup.OrganiserId, Roles.Organiser), CancellationToken.None)));
        proxy.FaultRate = faultRate;
        DownloadProgress? progress = null;
        for (var attempt = 0; attempt < 50 && progress?.Succeeded != true; attempt++)
        {
            progress = await _laptop.WithServicesAsync(sp => sp.GetRequiredService<DownloadScreening>().HandleAsync(setup.ScreeningId, ["240p"], null, CancellationToken.None));
        }

        Assert.True(progress?.Succeeded, $"The download never succeeded: {progress?.Failure} {progress?.Error}");

        // The screening, on the laptop through its pages and audience API.
        var made = Stopwatch.StartNew();
        await HoldAsync(setup.ScreeningId, organiserEmail, phones, Proposals, Statements);
        var totals = await _laptop.WithServicesAsync(sp => sp.GetRequiredService<CollectResults>().TotalsAsync(setup.ScreeningId, CancellationToken.None));
        Assert.Equal(phones, totals.Participants);
        Assert.Equal(phones * 3, totals.Responses);
        Assert.Equal(phones * Statements, totals.Votes);
        Report(string.Create(CultureInfo.InvariantCulture,
            $"laptop: {totals.Participants} participants, {totals.Responses} answer sets ({phones * 2} before/after and {phones} profiles), {totals.Votes} votes, {totals.Statements} statements ({Proposals} proposals), {totals.Moderation} moderation actions; made through the laptop's audience API in {made.Elapsed.TotalSeconds:0} s"));

        // The sync: the real binary, until the check-in is confirmed.
        var laptopEnvironment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Database__Provider"] = "Sqlite",
            ["Database__ConnectionString"] = $"Data Source={Path.Combine(_laptop.DataDirectory, "test.db")}",
            ["Storage__DataPath"] = _laptop.DataDirectory,
            ["Storage__MediaPath"] = Path.Combine(_laptop.DataDirectory, "media"),
            ["Field__Enabled"] = "true",
            ["Field__DeleteRawDataAfterSync"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var (sentBefore, receivedBefore) = (LinkBytes(link, "tx"), LinkBytes(link, "rx"));
        var (requestsBefore, faultsBefore, segmentsBefore, lostBefore) = (proxy.Requests, proxy.FaultCount, proxy.Segments, proxy.LostSegments);
        var clock = Stopwatch.StartNew();
        var sync = await CliProcess.RunAsync(_laptop.DataDirectory, laptopEnvironment, TimeSpan.FromMinutes(30), "field", "sync", "--retry-for", "1700");
        var seconds = clock.Elapsed.TotalSeconds;
        var (sent, received) = (LinkBytes(link, "tx") - sentBefore, LinkBytes(link, "rx") - receivedBefore);
        Assert.True(sync.ExitCode == 0, $"field sync ended with {sync.ExitCode}: {sync.All[..Math.Min(3000, sync.All.Length)]}");
        Report(string.Create(CultureInfo.InvariantCulture,
            $"field sync: {seconds:0.0} s until the check-in was confirmed; over the shaped link {sent:N0} bytes sent to the central instance, {received:N0} bytes back ({sent * 8 / seconds / 1000:0} kbit/s sent on average); {proxy.Requests - requestsBefore} requests through the proxy, {proxy.FaultCount - faultsBefore} faulted ({string.Join(", ", proxy.Counts.Where(c => c.Key != Fault.None).OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))} since the start); {proxy.LostSegments - lostBefore} of {proxy.Segments - segmentsBefore} segments lost ({loss:P0}) and sent again {proxy.RetransmissionTimeout.TotalMilliseconds:0} ms late"));
        centralProcess.Kill();

        var laptop = await _laptop.WithDbAsync(db => FieldRoundTripTests.SnapshotAsync(db, setup.ScreeningId));
        var central = await _central.WithDbAsync(db => FieldRoundTripTests.SnapshotAsync(db, setup.ScreeningId));
        Assert.Equal(laptop.Participants, central.Participants);
        Assert.Equal(laptop.Statements, central.Statements);
        Assert.Equal(laptop.Responses, central.Responses);
        Assert.Equal(laptop.Votes, central.Votes);
        Assert.Equal(laptop.Moderation, central.Moderation);
        Assert.Equal(laptop.Screening, central.Screening);
        Assert.Equal(phones * Statements, central.Votes.Count);
        Report(string.Create(CultureInfo.InvariantCulture,
            $"central: {central.Participants.Count} participants, {central.Responses.Count} answer sets, {central.Votes.Count} votes, {central.Statements.Count} statements, {central.Moderation.Count} moderation actions = the laptop's, record for record"));
    }

    private static long LinkBytes(string link, string direction) =>
        long.Parse(File.ReadAllText($"/sys/class/net/{link}/statistics/{direction}_bytes").Trim(), CultureInfo.InvariantCulture);

    private async Task HoldAsync(Guid id, string email, int phones, int proposals, int statements)
    {
        using var organiser = TestClient.Create(_laptop);
        Assert.Equal(HttpStatusCode.Redirect, (await organiser.SignInAsync(email, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await organiser.PostFormAsync($"/en/screenings/{id}/run", new Dictionary<string, string>(), handler: "Open")).StatusCode);
        var code = (await _laptop.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.JoinCode).SingleAsync()))!;
        var version = await VersionAsync(_laptop);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 4 };

        await SetStageAsync(organiser, id, AudienceStage.PreSurvey);
        var joined = new TestClient[phones];
        await Parallel.ForEachAsync(Enumerable.Range(0, phones), parallel, async (i, _) =>
        {
            // A phone gives its profile (its community) before anything else: the phone page asks for it first.
            joined[i] = await PhoneAsync(_laptop, code, i % 2 == 0 ? "hy" : "az", i % 2 == 0 ? "armenian" : "azerbaijani");
            var pre = new Dictionary<string, string> { ["trust"] = (1 + (i % 4)).ToString(CultureInfo.InvariantCulture), ["warmth"] = (20 + (i % 60)).ToString(CultureInfo.InvariantCulture) };
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(joined[i], code, Guid.CreateVersion7(), "pre", version, pre)).StatusCode);
        });

        await SetStageAsync(organiser, id, AudienceStage.PostSurvey);
        await Parallel.ForEachAsync(Enumerable.Range(0, phones), parallel, async (i, _) =>
        {
            var post = new Dictionary<string, string> { ["trust"] = (2 + (i % 4)).ToString(CultureInfo.InvariantCulture), ["warmth"] = (30 + (i % 60)).ToString(CultureInfo.InvariantCulture), ["safe"] = "4" };
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(joined[i], code, Guid.CreateVersion7(), "post", version, post)).StatusCode);
        });

        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        var seeded = await _laptop.WithDbAsync(db => db.Statements.CountAsync(s => s.ScreeningId == id));
        for (var i = seeded; i < statements - proposals; i++)
        {
            await SeedAsync(_laptop, organiser, id, string.Create(CultureInfo.InvariantCulture, $"Seeded statement {i}: the film reminded me of home."));
        }

        for (var i = 0; i < proposals; i++)
        {
            var culture = i % 2 == 0 ? "hy" : "az";
            var number = i.ToString(CultureInfo.InvariantCulture);
            var text = i % 2 == 0 ? "Առաջարկ " + number + ". մենք պետք է նորից հանդիպենք։" : "Təklif " + number + ": biz yenidən görüşməliyik.";
            Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(joined[i], code, text, culture)).StatusCode);
        }

        var pending = await _laptop.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == id && s.Status == StatementStatus.Pending).Select(s => s.Id).ToListAsync());
        Assert.Equal(proposals, pending.Count);
        foreach (var statement in pending)
        {
            await ModerateAsync(organiser, id, "Status", new() { ["statement"] = statement.ToString(), ["status"] = nameof(StatementStatus.Accepted) });
        }

        var accepted = await _laptop.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == id && s.Status == StatementStatus.Accepted).Select(s => s.Id).ToListAsync());
        Assert.Equal(statements, accepted.Count);

        // Each phone sends its votes as its outbox does: all fifty in one request.
        await Parallel.ForEachAsync(Enumerable.Range(0, phones), parallel, async (i, ct) =>
        {
            var random = new Random(i);
            var votes = accepted.Select(s => new { id = Guid.CreateVersion7(), statement = s, vote = random.Next(-1, 2) }).ToArray();
            using var response = await joined[i].Http.PostAsJsonAsync($"/api/audience/{code}/votes", votes, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
        });

        Assert.Equal(HttpStatusCode.Redirect, (await organiser.PostFormAsync($"/en/screenings/{id}", new Dictionary<string, string> { ["confirm"] = "true" }, handler: "Close")).StatusCode);
        foreach (var phone in joined)
        {
            phone.Dispose();
        }
    }
}
