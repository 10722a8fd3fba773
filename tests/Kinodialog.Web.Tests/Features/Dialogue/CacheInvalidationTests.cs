using Kinodialog.Core.Screenings;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

/// <summary>
/// The caches in front of the database (<see cref="DialogueCache"/>, <see cref="AudienceCache"/>):
/// a value is served from memory until the screening's change is published or its time is up on
/// the application's clock, and never kept when the change came while it was being read.
/// </summary>
public abstract class CacheInvalidationTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private ScreeningEvents Events => factory.Services.GetRequiredService<ScreeningEvents>();

    [Fact]
    public async Task The_dialogue_rules_are_read_again_after_a_published_change_or_their_maximum_age_and_not_before()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, _) = await OpenScreeningAsync(factory, organiser);
        var statement = await SeedAsync(factory, organiser, id, "A statement the cache remembers.");
        // The recompute the seed asked for publishes a change too: let it run first.
        await RecomputeAsync(factory);
        var cache = factory.Services.GetRequiredService<DialogueCache>();
        async Task<IReadOnlySet<Guid>> AcceptedAsync() => (await factory.WithDbAsync(db => cache.RulesAsync(db, id, CancellationToken.None))).Accepted;
        Task<int> SetStatusAsync(StatementStatus status) =>
            factory.WithDbAsync(db => db.Statements.Where(s => s.Id == statement).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, status)));

        Assert.Contains(statement, await AcceptedAsync());

        // Changed behind the cache's back (another node): still served from memory…
        await SetStatusAsync(StatementStatus.Rejected);
        Assert.Contains(statement, await AcceptedAsync());

        // …until the change is published, or a count-only event is not enough.
        await Events.PublishAsync(id, CancellationToken.None, stateChanged: false);
        Assert.Contains(statement, await AcceptedAsync());
        await Events.PublishAsync(id, CancellationToken.None);
        Assert.DoesNotContain(statement, await AcceptedAsync());

        // Unpublished changes are seen once the rules are older than their maximum age.
        await SetStatusAsync(StatementStatus.Accepted);
        factory.Clock.Advance(DialogueCache.MaxAge - TimeSpan.FromMilliseconds(1));
        Assert.DoesNotContain(statement, await AcceptedAsync());
        factory.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Contains(statement, await AcceptedAsync());
    }

    [Fact]
    public async Task A_change_token_taken_before_reading_fires_at_the_screenings_next_change_and_only_then()
    {
        // What keeps a value read while a change was published out of the caches: they take the
        // token before reading the database, and an entry whose token has fired is not kept.
        var id = Guid.NewGuid();
        var before = Events.ChangeToken(id);
        var elsewhere = Events.ChangeToken(Guid.NewGuid());
        await Events.PublishAsync(id, CancellationToken.None, stateChanged: false);
        Assert.False(before.HasChanged);
        await Events.PublishAsync(id, CancellationToken.None);
        Assert.True(before.HasChanged);
        Assert.False(elsewhere.HasChanged);
        Assert.False(Events.ChangeToken(id).HasChanged);
    }

    [Fact]
    public async Task A_phones_screening_is_read_again_after_a_published_change_or_a_second_and_not_before()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        Task<AudienceScreening?> ScreeningAsync() => factory.WithServicesAsync(sp => sp.GetRequiredService<AudienceSessions>().ScreeningAsync(code, CancellationToken.None));
        Task<int> RenameAsync(string title) =>
            factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Title, title)));

        var first = (await ScreeningAsync())!.Title;
        await RenameAsync("Renamed behind the cache");
        Assert.Equal(first, (await ScreeningAsync())!.Title);
        await Events.PublishAsync(id, CancellationToken.None, stateChanged: false);
        Assert.Equal(first, (await ScreeningAsync())!.Title);
        await Events.PublishAsync(id, CancellationToken.None);
        Assert.Equal("Renamed behind the cache", (await ScreeningAsync())!.Title);

        await RenameAsync("Renamed again");
        factory.Clock.Advance(AudienceSessions.ScreeningCacheTime - TimeSpan.FromMilliseconds(1));
        Assert.Equal("Renamed behind the cache", (await ScreeningAsync())!.Title);
        factory.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("Renamed again", (await ScreeningAsync())!.Title);
    }

    [Fact]
    public async Task An_unknown_code_is_remembered_for_a_second_only()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, _) = await OpenScreeningAsync(factory, organiser);
        var sessions = () => factory.WithServicesAsync(sp => sp.GetRequiredService<AudienceSessions>().ScreeningAsync("QQ7QQ7", CancellationToken.None));
        Assert.Null(await sessions());

        // The code is given to the screening: a phone finds it once the "not found" is a second old.
        var normalized = JoinCode.Normalize("QQ7QQ7")!;
        await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.JoinCode, normalized)));
        Assert.Null(await sessions());
        factory.Clock.Advance(AudienceSessions.ScreeningCacheTime);
        Assert.Equal(id, (await sessions())?.Id);
    }
}

public sealed class CacheInvalidationTestsOnSqlite(SqliteFactory factory) : CacheInvalidationTests<SqliteFactory>(factory);

public sealed class CacheInvalidationTestsOnPostgres(PostgresFactory factory) : CacheInvalidationTests<PostgresFactory>(factory);
