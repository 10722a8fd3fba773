using Kinodialog.Core.Screenings;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Infrastructure.Cluster;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

/// <summary>
/// The recompute waits four times as long as its last round worked (so storing votes keeps most of the
/// time), but not for the time it stood waiting for another node's recompute of the same screening.
/// </summary>
public abstract class RecomputeThrottleTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task Time_spent_waiting_for_another_nodes_recompute_does_not_lengthen_the_wait_before_the_next_round()
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

        // Another node holds the screening's lock (it is recomputing it) for 10 s of the clock.
        var recompute = factory.Services.GetRequiredService<DialogueRecompute>();
        var held = await factory.Services.GetRequiredService<IClusterLocks>().AcquireAsync("recompute:" + id.ToString("N"), CancellationToken.None);
        await VoteAsync(phone, code, second, -1);
        var until = await WaitingAsync(recompute);
        var round = recompute.NextRound;
        factory.Clock.Advance(until - factory.Clock.GetUtcNow());
        await Task.Delay(200); // the round has begun and waits for the lock
        Assert.False(round.IsCompleted);
        factory.Clock.Advance(TimeSpan.FromSeconds(10));
        await held.DisposeAsync();
        await round.WaitAsync(TimeSpan.FromSeconds(30));

        // The next vote waits the debounce, not four times the 10 s the other node worked.
        await VoteAsync(phone, code, third, 0);
        var next = await WaitingAsync(recompute);
        Assert.Equal(DialogueRecompute.Debounce, next - factory.Clock.GetUtcNow());
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
