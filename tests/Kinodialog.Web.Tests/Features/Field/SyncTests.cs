using Kinodialog.Core.Surveys;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Field;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Field.LaptopTestKit;

namespace Kinodialog.Web.Tests.Features.Field;

/// <summary>Results go back in bounded batches with cursors; the results file holds everything.</summary>
public sealed class SyncTests(FieldLaptopFactory factory) : IClassFixture<FieldLaptopFactory>
{
    private const int Participants = 90;
    private const int StatementsCount = 50;

    private async Task<FieldFacilitator> MeAsync() =>
        factory.Central.Facilitators.FirstOrDefault() ?? await EnrolAsync(factory);

    /// <summary>A downloaded screening that ran: 90 participants, 50 statements (one seeded), 4,500 votes, answers, a flag and moderation.</summary>
    private async Task<ScreeningPackage> HeldScreeningAsync()
    {
        var me = await MeAsync();
        var package = await PackageAsync(factory, me.Id, withFilm: false);
        Assert.True((await DownloadAsync(factory, package.Screening.Id)).Succeeded);
        var id = package.Screening.Id;
        await factory.WithDbAsync(async db =>
        {
            var now = factory.Clock.GetUtcNow().UtcDateTime;
            var participants = Enumerable.Range(0, Participants).Select(i => new Participant
            {
                ScreeningId = id,
                TokenHash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
                Culture = "hy",
                JoinedAt = now,
            }).ToList();
            db.Participants.AddRange(participants);
            var statements = Enumerable.Range(2, StatementsCount - 1).Select(n => new Statement
            {
                ScreeningId = id,
                ParticipantId = participants[n].Id,
                Text = $"Proposal {n}",
                Culture = "hy",
                Number = n,
                CreatedAt = now,
                Status = n % 2 == 0 ? StatementStatus.Accepted : StatementStatus.Pending,
            }).ToList();
            db.Statements.AddRange(statements);
            var all = statements.Select(s => s.Id).Append(package.Statements[0].Id).ToList();
            db.Votes.AddRange(participants.SelectMany(p => all.Select(s => new Vote
            {
                Id = Guid.CreateVersion7(),
                ScreeningId = id,
                ParticipantId = p.Id,
                StatementId = s,
                Value = 1,
                CreatedAt = now,
            })));
            db.SurveyResponses.AddRange(participants.Take(10).Select(p => new SurveyResponse
            {
                Id = Guid.CreateVersion7(),
                ScreeningId = id,
                ParticipantId = p.Id,
                QuestionnaireVersionId = package.Screening.QuestionnaireVersionId!.Value,
                Phase = SurveyPhase.Pre,
                Source = ResponseSource.Phone,
                ReceivedAt = now,
                Answers = "{}",
            }));
            db.StatementFlags.Add(new StatementFlag { StatementId = statements[0].Id, ParticipantId = participants[1].Id, CreatedAt = now });
            db.ModerationActions.Add(new ModerationAction { ScreeningId = id, StaffUserId = me.Id, Action = "accept", StatementId = statements[0].Id, CreatedAt = now });
            await db.SaveChangesAsync();
            return 0;
        });
        return package;
    }

    private Task<SyncReport> SyncAsync(Guid id) =>
        factory.WithServicesAsync(sp => sp.GetRequiredService<SyncScreening>().HandleAsync(id, CancellationToken.None));

    private Task<IReadOnlyDictionary<string, int>> WaitingAsync(Guid id) =>
        factory.WithServicesAsync(sp => sp.GetRequiredService<CollectResults>().WaitingAsync(id, CancellationToken.None));

    [Fact]
    public async Task Results_go_in_bounded_batches_and_a_cursor_moves_only_after_the_acknowledgment()
    {
        var package = await HeldScreeningAsync();
        var id = package.Screening.Id;
        var sent = factory.Central.Batches.Count;
        factory.Central.FailResultsCall.Add(sent + 2); // the second batch arrives, but its acknowledgment is lost

        var failed = await SyncAsync(id);

        Assert.Equal(CentralFailure.ServerError, failed.Error?.Failure);
        Assert.Equal(1, failed.Batches);
        var waiting = await WaitingAsync(id);
        var firstVotes = FieldLimits.MaxBatchItems - Participants - StatementsCount - 10; // the answers go before the votes
        Assert.Equal(Participants * StatementsCount - firstVotes, waiting[ResultKinds.Votes]);
        Assert.Equal(0, waiting[ResultKinds.Participants]);
        var cursor = await factory.WithDbAsync(db => db.FieldSyncCursors.SingleAsync(c => c.ScreeningId == id && c.Kind == ResultKinds.Votes));
        Assert.Equal(firstVotes, cursor.Sent);
        var log = await factory.WithDbAsync(db => db.FieldSyncLog.Where(e => e.ScreeningId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync());
        Assert.Equal([false, true], log.Select(e => e.IsError));

        var resumed = await SyncAsync(id);

        Assert.Null(resumed.Error);
        Assert.Equal(2, resumed.Batches);
        var batches = factory.Central.Batches.Skip(sent).ToList();
        Assert.Equal(4, batches.Count);
        Assert.All(batches, b => Assert.InRange(b.Count, 1, FieldLimits.MaxBatchItems));
        Assert.Equal(batches[1].Votes.Select(v => v.Id), batches[2].Votes.Select(v => v.Id));
        var delivered = new[] { batches[0], batches[2], batches[3] };
        Assert.Equal(3, delivered.Count(b => b.Votes.Count > 0));
        var votes = delivered.SelectMany(b => b.Votes).Select(v => v.Id).ToList();
        Assert.Equal(Participants * StatementsCount, votes.Count);
        Assert.Equal(votes.Count, votes.Distinct().Count());
        var all = await factory.WithDbAsync(db => db.Votes.Where(v => v.ScreeningId == id).Select(v => v.Id).ToListAsync());
        Assert.Equal(all.Order(), votes.Order());
        Assert.Equal(Participants, delivered.Sum(b => b.Participants.Count));
        Assert.Equal(StatementsCount, delivered.Sum(b => b.Statements.Count));
        Assert.Equal(10, delivered.Sum(b => b.Responses.Count));
        Assert.Equal(1, delivered.Sum(b => b.Flags.Count));
        Assert.Equal(1, delivered.Sum(b => b.Moderation.Count));
        Assert.True(batches[0].Participants.Count == Participants && batches[0].Statements.Count == StatementsCount, "participants and statements travel before the votes");
        Assert.Contains(batches[0].Statements, s => s.Id == package.Statements[0].Id && s.Translations.Single().Text == "Нам надо встретиться снова");
        Assert.All((await WaitingAsync(id)).Values, v => Assert.Equal(0, v));
        Assert.Null(await factory.WithDbAsync(db => db.FieldCheckouts.Where(c => c.ScreeningId == id).Select(c => c.CheckedInAt).SingleAsync()));
    }

    [Fact]
    public async Task A_closed_screening_checks_in_with_its_totals_and_then_its_raw_audience_data_is_deleted()
    {
        var package = await HeldScreeningAsync();
        var id = package.Screening.Id;
        await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ClosedAt, factory.Clock.GetUtcNow().UtcDateTime).SetProperty(s => s.AttendanceTotal, 92)));

        var report = await SyncAsync(id);

        Assert.True(report.CheckedIn, report.Error?.ToString());
        var outcome = factory.Central.CheckIns.Last();
        Assert.Equal(new ResultTotals(Participants, StatementsCount, 10, Participants * StatementsCount, 1, 1), outcome.Totals);
        Assert.Equal(92, outcome.AttendanceTotal);
        var checkout = await factory.WithDbAsync(db => db.FieldCheckouts.SingleAsync(c => c.ScreeningId == id));
        Assert.NotNull(checkout.CheckedInAt);
        Assert.NotNull(checkout.RawDataDeletedAt);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Votes.CountAsync(v => v.ScreeningId == id)));
        Assert.Equal(10, await factory.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.ScreeningId == id)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Statements.CountAsync(s => s.ScreeningId == id && s.ParticipantId != null)));

        var checkIns = factory.Central.CheckIns.Count;
        var again = await SyncAsync(id);
        Assert.Equal(0, again.Records);
        Assert.Equal(checkIns, factory.Central.CheckIns.Count);
    }

    [Fact]
    public async Task Before_the_check_in_the_people_and_statements_sent_again_resume_where_a_failure_stopped_them()
    {
        // Over a bad link every third request fails. The records were all sent; the screening is closed;
        // before the check-in the 90 participants and 50 statements go again in batches of 20 (5 + 3 requests).
        // Before, each attempt started that round again from the first batch and failed at its third
        // request, so the check-in never came however long the laptop tried.
        var package = await HeldScreeningAsync();
        var id = package.Screening.Id;
        var sent = await factory.WithServicesAsync(sp => sp.GetRequiredService<SyncScreening>().HandleAsync(id, CancellationToken.None, 100));
        Assert.Null(sent.Error);
        await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ClosedAt, factory.Clock.GetUtcNow().UtcDateTime)));
        var before = factory.Central.Batches.Count;
        var checkIns = factory.Central.CheckIns.Count;
        var failing = Enumerable.Range(1, 30).Select(k => before + (3 * k)).ToList();
        factory.Central.FailResultsCall.UnionWith(failing);
        try
        {
            await AttemptUntilCheckedInAsync(id, before, checkIns);
        }
        finally
        {
            // The fake central instance is shared by this class's tests.
            factory.Central.FailResultsCall.ExceptWith(failing);
        }
    }

    private async Task AttemptUntilCheckedInAsync(Guid id, int before, int checkIns)
    {

        Task<SyncReport> AttemptAsync() =>
            factory.WithServicesAsync(sp => sp.GetRequiredService<SyncScreening>().HandleAsync(id, CancellationToken.None, 20));

        var first = await AttemptAsync();
        Assert.Equal(CentralFailure.ServerError, first.Error?.Failure);

        // A late change (a phone banned after the close) between two attempts: the round starts again
        // from the first batch, so the central instance gets everyone as they are now.
        var banned = await factory.WithDbAsync(async db =>
        {
            var p = await db.Participants.Where(x => x.ScreeningId == id).OrderBy(x => x.Id).FirstAsync();
            p.Banned = true;
            await db.SaveChangesAsync();
            return p.Id;
        });

        var attempts = 1;
        SyncReport last;
        do
        {
            last = await AttemptAsync();
            attempts++;
        }
        while (!last.CheckedIn && attempts < 12);

        Assert.True(last.CheckedIn, $"not checked in after {attempts} attempts: {last.Error}");
        Assert.Equal(checkIns + 1, factory.Central.CheckIns.Count);
        var again = factory.Central.Batches.Skip(before).ToList();
        Assert.All(again, b => Assert.True(b.Responses.Count + b.Votes.Count + b.Flags.Count + b.Moderation.Count == 0, "only people and statements go again"));

        // Hand-counted: attempt 1 sends batches 1, 2 and fails on 3 (3 requests). The ban changes the
        // records, so the round starts again: 1, 2 (requests 4, 5), fails on 3 (6); then 3, 4, fails on
        // 5 (7-9); 5, 6, fails on 7 (10-12); 7, 8 (13, 14) and the check-in. 14 requests, 5 attempts.
        Assert.Equal(14, again.Count);
        Assert.Equal(5, attempts);
        var lastCopy = again.SelectMany(b => b.Participants).Last(p => p.Id == banned);
        Assert.True(lastCopy.Banned);
        Assert.Equal(Participants, again.Skip(3).SelectMany(b => b.Participants).Select(p => p.Id).Distinct().Count());
        Assert.Equal(StatementsCount, again.Skip(3).SelectMany(b => b.Statements).Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public async Task The_results_file_opens_with_the_passphrase_and_holds_what_the_database_holds()
    {
        var package = await HeldScreeningAsync();
        var id = package.Screening.Id;
        const string passphrase = "seven blue horses at dawn";

        var file = await factory.WithServicesAsync(sp => sp.GetRequiredService<ExportResults>().HandleAsync(id, passphrase, CancellationToken.None, iterations: 1000));

        Assert.NotNull(file);
        Assert.Equal("Screening-in-Goris-" + factory.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + ".kdresults", file.FileName);
        var opened = ResultsBundle.Open(file.Content, passphrase);
        Assert.Equal(BundleRefusal.None, opened.Refusal);
        var content = opened.Content!;
        Assert.Equal(id, content.ScreeningId);
        Assert.Equal(factory.Central.DeviceId, content.DeviceId);
        var totals = await factory.WithServicesAsync(sp => sp.GetRequiredService<CollectResults>().TotalsAsync(id, CancellationToken.None));
        Assert.Equal(totals, new ResultTotals(content.Results.Participants.Count, content.Results.Statements.Count, content.Results.Responses.Count,
            content.Results.Votes.Count, content.Results.Flags.Count, content.Results.Moderation.Count));
        Assert.Equal(totals, content.Outcome.Totals);
        Assert.Equal(Participants * StatementsCount, content.Results.Votes.Count);
        Assert.Equal(BundleRefusal.WrongPassphraseOrDamaged, ResultsBundle.Open(file.Content, "not the passphrase at all").Refusal);
    }

    [Fact]
    public async Task The_sync_page_shows_what_waits_and_refuses_a_short_passphrase_in_words()
    {
        var package = await HeldScreeningAsync();
        var me = await MeAsync();
        using var client = TestClient.Create(factory);
        await client.SignInAsync(me.Email, Password);
        var page = await client.GetOkPageAsync("/en/field/sync");
        var section = page.QuerySelectorAll("[data-testid=sync-screening]").Single(s => s.QuerySelector($"input[name=screeningId][value='{package.Screening.Id}']") is not null);
        Assert.Contains("4500 votes", section.QuerySelector("[data-testid=waiting]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("90 participants", section.QuerySelector("[data-testid=waiting]")!.TextContent, StringComparison.Ordinal);

        var response = await client.PostFormAsync("/en/field/sync", new Dictionary<string, string>
        {
            ["screeningId"] = package.Screening.Id.ToString(),
            ["passphrase"] = "short",
            ["confirmPassphrase"] = "short",
        }, handler: "Export");
        var answer = TestClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("at least 10 characters", answer.QuerySelector("[data-testid=sync-message]")!.TextContent, StringComparison.Ordinal);

        factory.Central.Revoked = true;
        try
        {
            var send = await client.PostFormAsync("/en/field/sync", new Dictionary<string, string> { ["screeningId"] = package.Screening.Id.ToString() }, handler: "Send");
            var said = TestClient.Parse(await send.Content.ReadAsStringAsync());
            Assert.Contains("revoked", said.QuerySelector("[data-testid=sync-message]")!.TextContent, StringComparison.Ordinal);
        }
        finally
        {
            factory.Central.Revoked = false;
        }
    }
}
