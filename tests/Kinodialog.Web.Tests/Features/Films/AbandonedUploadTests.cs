using System.Net;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Films.FilmTestKit;

namespace Kinodialog.Web.Tests.Features.Films;

/// <summary>Uploads never completed are deleted, record and bytes, once nothing arrived for them for a while.</summary>
public abstract class AbandonedUploadTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private MediaStorage Storage => factory.Services.GetRequiredService<MediaStorage>();

    private static Guid IdOf(string url) => Guid.Parse(url[(url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    private Task<bool> RecordExistsAsync(Guid id) => factory.WithDbAsync(db => db.MediaUploads.AnyAsync(u => u.Id == id));

    /// <summary>A sweep now, after the one the clock may have started in the background.</summary>
    private Task<UploadSweepWorker.Result> SweepAsync() =>
        factory.Services.GetRequiredService<UploadSweepWorker>().RunOnceAsync(CancellationToken.None);

    /// <summary>A .part file with no record, last written <paramref name="age"/> ago on the application's clock.</summary>
    private string OrphanFile(TimeSpan age)
    {
        var path = Storage.UploadPath(Guid.NewGuid());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [1, 2, 3]);
        File.SetLastWriteTimeUtc(path, factory.Clock.GetUtcNow().UtcDateTime - age);
        return path;
    }

    [Fact]
    public async Task An_upload_untouched_for_longer_than_the_limit_is_deleted_with_its_bytes_and_a_younger_one_is_kept()
    {
        using var staff = await TestClient.SignedInAsync(factory, Roles.Programme);
        var filmId = await CreateFilmAsync(factory, NewSlug());
        var limit = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FilmsOptions>>().Value.AbandonUploadsAfter;
        var old = await CreateUploadAsync(staff.Http, filmId, 1000);
        using (var piece = await PatchAsync(staff.Http, old, 0, new byte[100]))
        {
            Assert.Equal(HttpStatusCode.NoContent, piece.StatusCode);
        }

        factory.Clock.Advance(limit - TimeSpan.FromHours(1));
        using var later = await TestClient.SignedInAsync(factory, Roles.Programme); // the first sign-in has expired by now
        var young = await CreateUploadAsync(later.Http, filmId, 1000);
        await SweepAsync();
        Assert.True(await RecordExistsAsync(IdOf(old)), "an upload younger than the limit was deleted");
        Assert.True(File.Exists(Storage.UploadPath(IdOf(old))));

        factory.Clock.Advance(TimeSpan.FromHours(2));
        await SweepAsync();

        Assert.False(await RecordExistsAsync(IdOf(old)));
        Assert.False(File.Exists(Storage.UploadPath(IdOf(old))));
        Assert.True(await RecordExistsAsync(IdOf(young)));
        Assert.True(File.Exists(Storage.UploadPath(IdOf(young))));
        using var last = await TestClient.SignedInAsync(factory, Roles.Programme);
        using var head = Tus(HttpMethod.Head, old);
        using var gone = await last.Http.SendAsync(head);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_part_file_without_a_record_is_deleted_once_old_and_a_fresh_one_is_kept()
    {
        var limit = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FilmsOptions>>().Value.AbandonUploadsAfter;
        var stale = OrphanFile(limit + TimeSpan.FromHours(1));
        var fresh = OrphanFile(TimeSpan.FromMinutes(5));

        await SweepAsync();

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh), "a file whose record may be on its way was deleted");
    }

    [Fact]
    public async Task A_completed_upload_keeps_its_file_for_the_encoder()
    {
        using var staff = await TestClient.SignedInAsync(factory, Roles.Programme);
        var filmId = await CreateFilmAsync(factory, NewSlug());
        using var last = await UploadAsync(staff.Http, filmId, await MakeVideoAsync(1));
        Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        var upload = await factory.WithDbAsync(db => db.MediaUploads.AsNoTracking().SingleAsync(u => u.FilmId == filmId));
        Assert.Equal(UploadStatus.Accepted, upload.Status);
        var limit = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FilmsOptions>>().Value.AbandonUploadsAfter;
        factory.Clock.Advance(limit + TimeSpan.FromHours(1));
        File.SetLastWriteTimeUtc(Storage.UploadPath(upload.Id), factory.Clock.GetUtcNow().UtcDateTime - limit - TimeSpan.FromHours(1));

        await SweepAsync();

        Assert.True(await RecordExistsAsync(upload.Id));
        Assert.True(File.Exists(Storage.UploadPath(upload.Id)));
    }

    [Fact]
    public async Task The_sweep_runs_by_itself_on_the_application_clock()
    {
        var limit = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FilmsOptions>>().Value.AbandonUploadsAfter;
        var stale = OrphanFile(limit + TimeSpan.FromHours(1));
        var interval = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FilmsOptions>>().Value.UploadSweepInterval;

        // No call from the test: only the clock moves, past the first run and a whole interval.
        for (var i = 0; i < 100 && File.Exists(stale); i++)
        {
            factory.Clock.Advance(UploadSweepWorker.FirstRun + interval);
            await Task.Delay(100);
        }

        Assert.False(File.Exists(stale), "the sweep did not run");
    }
}

public sealed class AbandonedUploadTestsOnSqlite(SqliteFactory factory) : AbandonedUploadTests<SqliteFactory>(factory);

public sealed class AbandonedUploadTestsOnPostgres(PostgresFactory factory) : AbandonedUploadTests<PostgresFactory>(factory);
