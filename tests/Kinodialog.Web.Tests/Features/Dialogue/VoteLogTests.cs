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
    public async Task The_votes_in_memory_read_only_new_votes_and_a_vote_committed_late_forces_a_full_read()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var first = await SeedAsync(factory, organiser, id, "First statement.");
        var second = await SeedAsync(factory, organiser, id, "Second statement.");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var phone = await PhoneAsync(factory, code);
        await VoteAsync(phone, code, first, 1);

        using var log = new VoteLog();
        async Task<IReadOnlyList<DialogueData.VoteRow>> RefreshAsync() =>
            await factory.WithDbAsync(db => log.RefreshAsync(db, id, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), CancellationToken.None));

        Assert.Single(await RefreshAsync());
        Assert.Equal(1, log.FullReads);
        await VoteAsync(phone, code, second, -1);
        var votes = await RefreshAsync();
        Assert.Equal(2, votes.Count);
        Assert.Equal(1, log.FullReads);

        // A vote stamped long before the newest one seen (as if its commit had been delayed) is not in
        // the window re-read, so the count check notices it and everything is read again.
        var participant = await factory.WithDbAsync(db => db.Participants.Where(p => p.ScreeningId == id).Select(p => p.Id).FirstAsync());
        var newest = votes.Max(v => v.CreatedAt);
        await factory.WithDbAsync(async db =>
        {
            db.Votes.Add(new Vote { Id = Guid.CreateVersion7(), ScreeningId = id, ParticipantId = participant, StatementId = first, Value = 0, CreatedAt = newest - TimeSpan.FromHours(1) });
            return await db.SaveChangesAsync();
        });
        votes = await RefreshAsync();
        Assert.Equal(3, votes.Count);
        Assert.Equal(2, log.FullReads);
        Assert.Equal(await factory.WithDbAsync(db => db.Votes.Where(v => v.ScreeningId == id).Select(v => v.Id).OrderBy(v => v).ToListAsync()), votes.Select(v => v.Id).Order());
        Assert.Equal(3, (await RefreshAsync()).Count);
        Assert.Equal(2, log.FullReads);
    }
}

public sealed class VoteLogTestsOnSqlite(SqliteFactory factory) : VoteLogTests<SqliteFactory>(factory);

public sealed class VoteLogTestsOnPostgres(PostgresFactory factory) : VoteLogTests<PostgresFactory>(factory);
