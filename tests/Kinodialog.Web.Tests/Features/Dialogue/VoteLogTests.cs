using System.Net.Http.Json;
using Kinodialog.Core.Screenings;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

public abstract class VoteLogTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task The_votes_in_memory_read_only_new_votes_keep_the_latest_vote_and_a_vote_committed_late_forces_a_full_read()
    {
        var (id, code, statements) = await OpenDialogueAsync("First statement.", "Second statement.");
        var (first, second) = (statements[0], statements[1]);
        using var phone = await PhoneAsync(factory, code);
        await VoteAsync(phone, code, first, 1);

        using var log = new VoteLog();
        var now = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        async Task<VoteLog.Snapshot> RefreshAsync() =>
            await factory.WithDbAsync(db => log.RefreshAsync(db, id, now, CancellationToken.None));
        async Task AssertMatchesDatabaseAsync(VoteLog.Snapshot snapshot)
        {
            var stored = await factory.WithDbAsync(db => DialogueData.LoadAsync(db, id, acceptedOnly: false, CancellationToken.None));
            Assert.Equal(stored.Votes.Count, snapshot.Count);
            Assert.Equal(stored.Latest().OrderBy(v => v.Id), snapshot.Latest.OrderBy(v => v.Id));
        }

        var votes = await RefreshAsync();
        Assert.Equal((1, 1), (votes.Latest.Count, votes.Count));
        Assert.Equal((1, 0), (log.FullReads, log.WindowReads));

        // A vote memory was not told of: the count differs, the window read finds it.
        await VoteAsync(phone, code, second, -1);
        votes = await RefreshAsync();
        Assert.Equal((2, 2), (votes.Latest.Count, votes.Count));
        Assert.Equal((1, 1), (log.FullReads, log.WindowReads));

        // The phone changes its vote on the first statement, and the writer hands the vote over
        // (twice, say): the count settles it without reading votes, and it is counted once.
        await VoteAsync(phone, code, first, 0);
        var changed = await factory.WithDbAsync(db => db.Votes.Where(v => v.ScreeningId == id).OrderByDescending(v => v.CreatedAt)
            .Select(v => new DialogueData.VoteRow(v.Id, v.ParticipantId, v.StatementId, v.Value, v.CreatedAt)).FirstAsync());
        log.Observe([changed]);
        log.Observe([changed]);
        votes = await RefreshAsync();
        Assert.Equal((2, 3), (votes.Latest.Count, votes.Count));
        Assert.Equal(0, votes.Latest.Single(v => v.StatementId == first).Value);
        Assert.Equal((1, 1), (log.FullReads, log.WindowReads));
        await AssertMatchesDatabaseAsync(votes);

        // A vote stamped long before the newest one seen (as if it came from elsewhere, late): the
        // refreshes soon after count only the votes since the last check, so they do not see it;
        // the next full count does, the window re-read does not hold it, so everything is read
        // again. Being older, it does not replace the participant's vote on that statement.
        var participant = await factory.WithDbAsync(db => db.Participants.Where(p => p.ScreeningId == id).Select(p => p.Id).FirstAsync());
        var newest = votes.Latest.Max(v => v.CreatedAt);
        await factory.WithDbAsync(async db =>
        {
            db.Votes.Add(new Vote { Id = Guid.CreateVersion7(), ScreeningId = id, ParticipantId = participant, StatementId = second, Value = 1, CreatedAt = newest - TimeSpan.FromHours(1) });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(1, log.FullChecks);
        votes = await RefreshAsync();
        Assert.Equal(3, votes.Count);
        Assert.Equal((1, 1, 1), (log.FullReads, log.WindowReads, log.FullChecks));
        now += VoteLog.FullCheckEvery;
        votes = await RefreshAsync();
        Assert.Equal((2, 4), (votes.Latest.Count, votes.Count));
        Assert.Equal(-1, votes.Latest.Single(v => v.StatementId == second).Value);
        Assert.Equal((2, 2), (log.FullReads, log.WindowReads));
        await AssertMatchesDatabaseAsync(votes);
        votes = await RefreshAsync();
        Assert.Equal(4, votes.Count);
        Assert.Equal((2, 2), (log.FullReads, log.WindowReads));
        await AssertMatchesDatabaseAsync(votes);
    }

    [Fact]
    public async Task A_dialogue_read_before_its_first_vote_takes_in_the_votes_that_follow()
    {
        var (id, code, statements) = await OpenDialogueAsync("A statement.");
        var statement = statements[0];

        using var log = new VoteLog();
        var now = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        async Task<VoteLog.Snapshot> RefreshAsync() =>
            await factory.WithDbAsync(db => log.RefreshAsync(db, id, now, CancellationToken.None));

        // A recompute before anyone voted (say a moderator accepted a statement).
        Assert.Equal(0, (await RefreshAsync()).Count);
        Assert.Equal(0, (await RefreshAsync()).Count);
        using var phone = await PhoneAsync(factory, code);
        await VoteAsync(phone, code, statement, 1);
        var votes = await RefreshAsync();
        Assert.Equal(1, votes.Count);
        Assert.Equal(statement, Assert.Single(votes.Latest).StatementId);
        now += VoteLog.FullCheckEvery;
        Assert.Equal(1, (await RefreshAsync()).Count);
    }

    [Fact]
    public async Task The_writer_stamps_votes_in_the_order_it_stores_them()
    {
        var (id, code, statements) = await OpenDialogueAsync("First statement.", "Second statement.");
        var (first, second) = (statements[0], statements[1]);
        using var phone = await PhoneAsync(factory, code);

        // One request of three votes (the last on a statement counts), then one more.
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        using (var response = await phone.Http.PostAsJsonAsync($"/api/audience/{code}/votes", new[]
        {
            new { id = ids[0], statement = first, vote = 1 },
            new { id = ids[1], statement = second, vote = 1 },
            new { id = ids[2], statement = first, vote = -1 },
        }))
        {
            response.EnsureSuccessStatusCode();
        }

        using (var response = await phone.Http.PostAsJsonAsync($"/api/audience/{code}/votes", new { id = ids[3], statement = second, vote = 0 }))
        {
            response.EnsureSuccessStatusCode();
        }

        var times = await factory.WithDbAsync(db => db.Votes.Where(v => v.ScreeningId == id).ToDictionaryAsync(v => v.Id, v => v.CreatedAt));
        Assert.True(times[ids[0]] < times[ids[1]] && times[ids[1]] < times[ids[2]] && times[ids[2]] < times[ids[3]], string.Join(", ", ids.Select(i => times[i].ToString("O"))));
        var stored = await factory.WithDbAsync(db => DialogueData.LoadAsync(db, id, acceptedOnly: true, CancellationToken.None));
        Assert.Equal(-1, stored.Latest().Single(v => v.StatementId == first).Value);
        Assert.Equal(0, stored.Latest().Single(v => v.StatementId == second).Value);
    }

    /// <summary>A screening open in run mode with these statements seeded and the dialogue stage open.</summary>
    private async Task<(Guid Id, string Code, Guid[] Statements)> OpenDialogueAsync(params string[] texts)
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var statements = new Guid[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            statements[i] = await SeedAsync(factory, organiser, id, texts[i]);
        }

        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        return (id, code, statements);
    }
}

public sealed class VoteLogTestsOnSqlite(SqliteFactory factory) : VoteLogTests<SqliteFactory>(factory);

public sealed class VoteLogTestsOnPostgres(PostgresFactory factory) : VoteLogTests<PostgresFactory>(factory);
