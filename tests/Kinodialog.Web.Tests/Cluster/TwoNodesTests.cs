using System.Net;
using System.Net.Http.Json;
using Kinodialog.Core.Screenings;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Audience;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Features.Field;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Features.Questionnaires;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Infrastructure.Cluster;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Screenings.ScreeningTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Cluster;

/// <summary>What two nodes share (issue 17): change notifications, caches, limits, keys, locks and the votes' view.</summary>
public sealed class TwoNodesTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    /// <summary>
    /// How long these tests wait for a change to reach the other node. They check that it arrives, not how
    /// fast: the fan-out's promise (2 s) is measured in bench/cluster and bench/projector, and a suite that
    /// runs three test assemblies side by side on two cores missed 2 s once.
    /// </summary>
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private T A<T>()
        where T : notnull => nodes.A.Services.GetRequiredService<T>();

    private T B<T>()
        where T : notnull => nodes.B.Services.GetRequiredService<T>();

    [Fact]
    public async Task A_change_published_on_one_node_wakes_the_listeners_and_expires_the_caches_of_the_other_within_two_seconds()
    {
        var screening = Guid.NewGuid();
        using var listener = A<ScreeningEvents>().Subscribe(screening);
        var cached = A<ScreeningEvents>().ChangeToken(screening);
        var elsewhere = A<ScreeningEvents>().ChangeToken(Guid.NewGuid());

        await B<ScreeningEvents>().PublishAsync(screening, CancellationToken.None);

        using var timeout = new CancellationTokenSource(Within);
        Assert.True(await listener.Changes.WaitToReadAsync(timeout.Token));
        await WaitUntilAsync(() => cached.HasChanged);
        Assert.False(elsewhere.HasChanged);

        // Counts only (answers arrived): the listeners are woken, the caches stay.
        Assert.True(listener.Changes.TryRead(out _));
        var still = A<ScreeningEvents>().ChangeToken(screening);
        await B<ScreeningEvents>().PublishAsync(screening, CancellationToken.None, stateChanged: false);
        using var again = new CancellationTokenSource(Within);
        Assert.True(await listener.Changes.WaitToReadAsync(again.Token));
        Assert.False(still.HasChanged);
    }

    [Fact]
    public async Task A_node_cut_from_Redis_wakes_its_listeners_and_drops_its_shared_caches_when_it_reconnects()
    {
        // Messages published while a node is cut off are lost to it: when it is back, it re-reads.
        var screening = Guid.NewGuid();
        using var listener = A<ScreeningEvents>().Subscribe(screening);
        var cached = A<ScreeningEvents>().ChangeToken(screening);
        var key = SharedCacheEntries.Key(QuestionnaireCatalog.DefaultEntry);
        A<IMemoryCache>().Set(key, Guid.NewGuid());
        Assert.False(listener.Changes.TryPeek(out _));

        await using (var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(nodes.Redis.Configuration + ",allowAdmin=true"))
        {
            var server = admin.GetServer(admin.GetEndPoints()[0]);
            await server.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub", "SKIPME", "yes");
            await server.ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.True(await listener.Changes.WaitToReadAsync(timeout.Token));
        Assert.True(cached.HasChanged);
        Assert.False(A<IMemoryCache>().TryGetValue(key, out _));

        // Both nodes are connected again before the next test: a message from B reaches A.
        Assert.True(listener.Changes.TryRead(out _));
        var reached = false;
        for (var attempt = 0; attempt < 100 && !reached; attempt++)
        {
            await B<ScreeningEvents>().PublishAsync(screening, CancellationToken.None);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                reached = await listener.Changes.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.True(reached, "node A did not hear node B again after the reconnection");
    }

    [Fact]
    public async Task A_screening_closed_on_one_node_is_closed_at_once_for_phones_of_the_other()
    {
        using var organiser = await TestClient.SignedInAsync(nodes.A, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(nodes.A, organiser);

        // Node B reads the open screening once (a phone's request) and caches it (AudienceCache; its
        // second of life is on the fake clock, which stands still: only the change can expire it).
        await nodes.B.WithServicesAsync(sp => sp.GetRequiredService<AudienceSessions>().ScreeningAsync(code, CancellationToken.None));
        Assert.True(B<AudienceCache>().TryGetScreening(code, out var cached));
        Assert.True(cached!.Open);

        var close = await organiser.PostFormAsync($"/en/screenings/{id}", new Dictionary<string, string> { ["confirm"] = "true" }, handler: "Close");
        Assert.True(close.IsSuccessStatusCode || close.StatusCode == System.Net.HttpStatusCode.Redirect, close.StatusCode.ToString());
        Assert.NotNull(await nodes.A.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.ClosedAt).SingleAsync()));

        await WaitUntilAsync(() => !B<AudienceCache>().TryGetScreening(code, out _));
    }

    [Fact]
    public async Task A_shared_cache_entry_removed_on_one_node_is_gone_on_the_other()
    {
        var key = SharedCacheEntries.Key(QuestionnaireCatalog.DefaultEntry);
        A<IMemoryCache>().Set(key, Guid.NewGuid());
        B<IMemoryCache>().Set(key, Guid.NewGuid());

        await B<SharedCacheEntries>().RemoveAsync(QuestionnaireCatalog.DefaultEntry);

        Assert.False(B<IMemoryCache>().TryGetValue(key, out _));
        await WaitUntilAsync(() => !A<IMemoryCache>().TryGetValue(key, out _));
    }

    [Fact]
    public async Task Wrong_join_codes_are_counted_once_across_nodes_so_switching_node_gains_a_guesser_nothing()
    {
        var address = System.Net.IPAddress.Parse("203.0.113.77");
        var onA = await A<JoinAttemptLimiter>().ClientKeyAsync(address);
        var onB = await B<JoinAttemptLimiter>().ClientKeyAsync(address);
        Assert.Equal(onA, onB);

        // Alternate nodes: 8 attempts in all are answered, the 9th is refused on both.
        var answered = 0;
        for (var i = 0; i < JoinAttemptLimiter.MaxFailures; i++)
        {
            var limiter = i % 2 == 0 ? A<JoinAttemptLimiter>() : B<JoinAttemptLimiter>();
            answered += await limiter.AttemptAsync(onA) is not null ? 1 : 0;
        }

        Assert.Equal(JoinAttemptLimiter.MaxFailures, answered);
        Assert.Null(await A<JoinAttemptLimiter>().AttemptAsync(onA));
        Assert.Null(await B<JoinAttemptLimiter>().AttemptAsync(onA));

        // The sixth attempt waited a second (after 5 free ones): the count is the shared one.
        var fresh = await A<JoinAttemptLimiter>().ClientKeyAsync(System.Net.IPAddress.Parse("203.0.113.78"));
        for (var i = 0; i < JoinAttemptLimiter.FreeFailures; i++)
        {
            Assert.Equal(TimeSpan.Zero, await (i % 2 == 0 ? A<JoinAttemptLimiter>() : B<JoinAttemptLimiter>()).AttemptAsync(fresh));
        }

        Assert.Equal(TimeSpan.FromSeconds(1), await B<JoinAttemptLimiter>().AttemptAsync(fresh));
    }

    [Fact]
    public async Task Wrong_enrolment_codes_are_counted_once_across_nodes()
    {
        // Alternate nodes: the limit is one count for the address, not one per node.
        using var onA = TestClient.Create(nodes.A);
        using var onB = TestClient.Create(nodes.B);
        for (var i = 0; i < FieldApi.EnrolAttemptsPerWindow; i++)
        {
            var wrong = await (i % 2 == 0 ? onA : onB).Http.PostAsJsonAsync("/api/field/enrol", new EnrolRequest($"WRONGCODE{i:D3}", "laptop"));
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await onA.Http.PostAsJsonAsync("/api/field/enrol", new EnrolRequest("WRONGCODE998", "laptop"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await onB.Http.PostAsJsonAsync("/api/field/enrol", new EnrolRequest("WRONGCODE999", "laptop"))).StatusCode);
    }

    [Fact]
    public async Task A_phones_vote_budget_is_one_budget_across_nodes()
    {
        var phone = "phone-" + Guid.NewGuid().ToString("N");
        var burst = new AudienceLimitsOptions().PhoneVoteBurst;
        using (var first = await A<PhoneVoteBudget>().TakeAsync(phone, burst, CancellationToken.None))
        {
            Assert.True(first.IsAcquired);
        }

        using var second = await B<PhoneVoteBudget>().TakeAsync(phone, burst, CancellationToken.None);
        Assert.False(second.IsAcquired);
        using var other = await B<PhoneVoteBudget>().TakeAsync(phone + "x", 1, CancellationToken.None);
        Assert.True(other.IsAcquired);
    }

    [Fact]
    public async Task A_cookie_or_token_protected_by_one_node_is_read_by_the_other()
    {
        var protectedText = A<IDataProtectionProvider>().CreateProtector("cluster-test").Protect("signed in");
        Assert.Equal("signed in", B<IDataProtectionProvider>().CreateProtector("cluster-test").Unprotect(protectedText));
        Assert.True(await nodes.A.WithDbAsync(db => db.DataProtectionKeys.AnyAsync()));
    }

    [Fact]
    public async Task A_job_lock_is_held_by_one_node_at_a_time_and_passes_to_the_other_when_released()
    {
        var name = "test:" + Guid.NewGuid().ToString("N");
        var held = await A<IClusterLocks>().AcquireAsync(name, CancellationToken.None);
        Assert.Null(await B<IClusterLocks>().TryAcquireAsync(name, CancellationToken.None));

        var waiting = B<IClusterLocks>().AcquireAsync(name, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        await held.DisposeAsync();
        await using var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(await A<IClusterLocks>().TryAcquireAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task An_encoding_job_marked_running_is_recovered_only_when_no_node_holds_its_lock()
    {
        var film = (await FilmsAsync(nodes.A, 1))[0];
        var job = new EncodingJob { FilmId = film, UploadId = Guid.NewGuid(), Status = EncodingStatus.Running, CreatedAt = nodes.A.Clock.GetUtcNow().UtcDateTime };
        await nodes.A.WithDbAsync(async db =>
        {
            db.EncodingJobs.Add(job);
            return await db.SaveChangesAsync();
        });

        // Node B runs it (holds its lock): node A's recovery leaves it running.
        await using (await B<IClusterLocks>().AcquireAsync("encode:" + job.Id.ToString("N"), CancellationToken.None))
        {
            await A<EncodingWorker>().RecoverAsync(CancellationToken.None);
            Assert.Equal(EncodingStatus.Running, await StatusAsync(job.Id));
        }

        // Node B is gone (its lock with it): node A puts the job back in the queue.
        await A<EncodingWorker>().RecoverAsync(CancellationToken.None);
        Assert.Equal(EncodingStatus.Pending, await StatusAsync(job.Id));
    }

    [Fact]
    public async Task Votes_stored_by_both_nodes_are_all_counted_by_the_recompute_of_either()
    {
        using var organiser = await TestClient.SignedInAsync(nodes.A, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(nodes.A, organiser);
        var statements = new List<Guid>();
        foreach (var text in new[] { "First statement.", "Second statement.", "Third statement." })
        {
            statements.Add(await SeedAsync(nodes.A, organiser, id, text));
        }

        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var onA = await PhoneAsync(nodes.A, code);
        using var onB = await PhoneAsync(nodes.B, code);

        async Task<int> SeenAfterComputeOnAsync(PostgresFactory node)
        {
            await node.Services.GetRequiredService<DialogueRecompute>().ComputeAsync(id, CancellationToken.None);
            return await node.WithDbAsync(db => db.DialogueStates.Where(d => d.ScreeningId == id).Select(d => d.VotesSeen).SingleAsync());
        }

        async Task<int> StoredAsync() => await nodes.A.WithDbAsync(db => db.Votes.CountAsync(v => v.ScreeningId == id));

        await VoteAsync(onA, code, statements[0], 1);
        Assert.Equal(1, await SeenAfterComputeOnAsync(nodes.A));

        // Votes node A never saw committed: B's, then A's again, in turn, recomputed on each node.
        await VoteAsync(onB, code, statements[0], -1);
        await VoteAsync(onB, code, statements[1], 1);
        Assert.Equal(3, await SeenAfterComputeOnAsync(nodes.A));
        await VoteAsync(onA, code, statements[1], 0);
        await VoteAsync(onB, code, statements[2], 1);
        Assert.Equal(5, await SeenAfterComputeOnAsync(nodes.B));
        await VoteAsync(onB, code, statements[2], -1);
        Assert.Equal(6, await SeenAfterComputeOnAsync(nodes.A));
        Assert.Equal(6, await StoredAsync());

        // Both phones' latest votes are in the summary node A computed.
        var summary = await nodes.A.WithDbAsync(db => db.DialogueStates.Where(d => d.ScreeningId == id).Select(d => d.ResultJson).SingleAsync());
        Assert.Contains("\"participants\":2", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Votes_a_node_stored_but_never_recomputed_are_counted_by_another_node_within_seconds()
    {
        using var organiser = await TestClient.SignedInAsync(nodes.A, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(nodes.A, organiser);
        var statement = await SeedAsync(nodes.A, organiser, id, "A statement for the hand-over.");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);

        // Node B stores two votes; its recompute waits for the debounce on its own clock, which never
        // moves: as far as the screening is concerned, B died before recomputing.
        using var onB = await PhoneAsync(nodes.B, code);
        using var another = await PhoneAsync(nodes.B, code);
        await VoteAsync(onB, code, statement, 1);
        await VoteAsync(another, code, statement, -1);
        Assert.False(await nodes.A.WithDbAsync(db => db.DialogueStates.AnyAsync(d => d.ScreeningId == id && d.VotesSeen == 2)));

        // Node A's catch-up comes round (every 3 s of its clock) and counts them.
        var recompute = A<DialogueRecompute>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await nodes.A.WithDbAsync(db => db.DialogueStates.AnyAsync(d => d.ScreeningId == id && d.VotesSeen == 2)))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "Node A never caught up with node B's votes.");
            if (recompute.WaitingUntil is { } until)
            {
                nodes.A.Clock.SetUtcNow(until);
            }

            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Each_node_says_its_name_in_a_response_header()
    {
        using var a = nodes.A.CreateClient();
        using var b = nodes.B.CreateClient();
        Assert.Equal("a", (await a.GetAsync(new Uri("/health", UriKind.Relative))).Headers.GetValues("X-Kinodialog-Node").Single());
        Assert.Equal("b", (await b.GetAsync(new Uri("/health", UriKind.Relative))).Headers.GetValues("X-Kinodialog-Node").Single());
    }

    private Task<EncodingStatus> StatusAsync(Guid job) =>
        nodes.A.WithDbAsync(db => db.EncodingJobs.Where(j => j.Id == job).Select(j => j.Status).SingleAsync());

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Within, $"Not within {Within.TotalSeconds} seconds.");
            await Task.Delay(20);
        }
    }
}
