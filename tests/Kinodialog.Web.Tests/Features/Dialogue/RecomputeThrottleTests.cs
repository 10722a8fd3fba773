using Kinodialog.Core.Screenings;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Infrastructure.Cluster;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

/// <summary>
/// The recompute waits four times as long as its last round worked (so storing votes keeps most of the
/// time), and a round never waits for another node's recompute of the same screening: it leaves the
/// screening to its next round, which counts what the other node stored plus what came since.
/// </summary>
public abstract class RecomputeThrottleTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task A_round_does_not_wait_for_another_nodes_recompute_of_the_same_screening_and_counts_its_votes_at_the_next()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var first = await SeedAsync(factory, organiser, id, "Throttle statement one");
        var second = await SeedAsync(factory, organiser, id, "Throttle statement two");
        var third = await SeedAsync(factory, organiser, id, "Throttle statement three");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var phone = await PhoneAsync(factory, code);
        await VoteAsync(phone, code, first, 1);
        await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("votes").GetInt32() == 1);

        // Another node holds the screening's lock (it is recomputing it).
        var recompute = factory.Services.GetRequiredService<DialogueRecompute>();
        var held = await factory.Services.GetRequiredService<IClusterLocks>().AcquireAsync("recompute:" + id.ToString("N"), CancellationToken.None);
        await VoteAsync(phone, code, second, -1);
        var until = await WaitingAsync(recompute);
        var round = recompute.NextRound;
        factory.Clock.Advance(until - factory.Clock.GetUtcNow());

        // The round ends at once, without the screening, and asks for the next one a debounce later.
        await round.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await factory.WithDbAsync(db => db.DialogueStates.Where(d => d.ScreeningId == id).Select(d => d.VotesSeen).SingleAsync()));
        var next = await WaitingAsync(recompute);
        Assert.Equal(DialogueRecompute.Debounce, next - factory.Clock.GetUtcNow());

        // The other node is done: the next round counts the vote.
        await held.DisposeAsync();
        await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("votes").GetInt32() == 2);

        // And the round after waits the debounce, not four times anything the other node did.
        await VoteAsync(phone, code, third, 0);
        Assert.Equal(DialogueRecompute.Debounce, await WaitingAsync(recompute) - factory.Clock.GetUtcNow());
        await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("votes").GetInt32() == 3);
    }

    private static async Task<DateTimeOffset> WaitingAsync(DialogueRecompute recompute)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (recompute.WaitingUntil is { } until)
            {
                return until;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "No recompute was asked for.");
            await Task.Delay(10);
        }
    }
}

public sealed class RecomputeThrottleTestsOnSqlite(SqliteFactory factory) : RecomputeThrottleTests<SqliteFactory>(factory);

public sealed class RecomputeThrottleTestsOnPostgres(PostgresFactory factory) : RecomputeThrottleTests<PostgresFactory>(factory);
