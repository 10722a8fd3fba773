using System.Net;
using Kinodialog.Web.Features.Field;
using Kinodialog.Web.Infrastructure;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Kinodialog.Web.Tests.Features.Field.LaptopTestKit;

namespace Kinodialog.Web.Tests.Features.Field;

public sealed class BackgroundSyncTests
{
    [Fact]
    public async Task What_waits_is_sent_in_the_background_every_few_minutes_on_the_clock()
    {
        await using var factory = new FieldLaptopFactory();
        await factory.InitializeAsync();
        var me = await EnrolAsync(factory);
        var package = await PackageAsync(factory, me.Id, withFilm: false);
        Assert.True((await DownloadAsync(factory, package.Screening.Id)).Succeeded);
        factory.Central.Revoked = true;
        var interval = factory.Services.GetRequiredService<IOptions<FieldModeOptions>>().Value.RetryInterval;

        var log = await WhenAsync(factory, interval, db => db.FieldSyncLog.Where(e => e.ScreeningId == package.Screening.Id).ToListAsync(), l => l.Count > 0);
        Assert.All(log, e => Assert.True(e.IsError));
        Assert.All(log, e => Assert.Equal(CentralFailure.Revoked.ToString(), e.Message));
        Assert.Empty(factory.Central.Batches);

        factory.Central.Revoked = false;
        await WhenAsync(factory, interval, db => db.FieldSyncLog.Where(e => e.ScreeningId == package.Screening.Id && !e.IsError).ToListAsync(), l => l.Count > 0);
        Assert.Contains(factory.Central.Batches, b => b.Statements.Any(s => s.Id == package.Statements[0].Id));
    }

    [Fact]
    public async Task Without_field_mode_the_field_pages_do_not_exist()
    {
        await using var factory = new SqliteFactory();
        await factory.InitializeAsync();
        using var client = TestClient.Create(factory);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/en/field/setup")).StatusCode);
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        Assert.Equal(HttpStatusCode.NotFound, (await organiser.Http.GetAsync("/en/field")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await organiser.Http.GetAsync("/en/field/sync")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await organiser.Http.GetAsync("/en/")).StatusCode);
    }

    /// <summary>Moves the clock on by the interval until the background work did what is expected (a tick before the worker waits is missed).</summary>
    private static async Task<T> WhenAsync<T>(KinodialogFactory factory, TimeSpan interval, Func<Kinodialog.Data.KinodialogDbContext, Task<T>> read, Func<T, bool> done)
    {
        for (var i = 0; i < 100; i++)
        {
            factory.Clock.Advance(interval);
            await Task.Delay(50);
            var value = await factory.WithDbAsync(read);
            if (done(value))
            {
                return value;
            }
        }

        throw new TimeoutException("The background sync did not run.");
    }
}
