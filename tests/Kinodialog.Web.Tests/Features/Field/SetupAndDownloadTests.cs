using System.Net;
using Kinodialog.Core.Accounts;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Field;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Field.LaptopTestKit;

namespace Kinodialog.Web.Tests.Features.Field;

/// <summary>Set-up of a new laptop through its page (each test its own laptop: set-up happens once).</summary>
public sealed class SetupTests
{
    [Fact]
    public async Task Set_up_creates_the_facilitators_with_the_same_ids_and_is_gone_afterwards()
    {
        await using var factory = new FieldLaptopFactory();
        await factory.InitializeAsync();
        var me = new FieldFacilitator(Guid.CreateVersion7(), "anahit@example.org", "Anahit");
        var other = new FieldFacilitator(Guid.CreateVersion7(), "leyla@example.org", "Leyla");
        factory.Central.Facilitators.AddRange([me, other]);
        using var client = TestClient.Create(factory);

        var form = await client.GetOkPageAsync("/en/field/setup");
        Assert.NotNull(form.QuerySelector("input[name=Pasted]"));
        var wrong = await client.PostFormAsync("/en/field/setup", new Dictionary<string, string>
        {
            ["Pasted"] = "http://central.test|WRONG-CODE",
            ["Email"] = me.Email,
            ["Password"] = Password,
            ["ConfirmPassword"] = Password,
        });
        var refused = TestClient.Parse(await wrong.Content.ReadAsStringAsync());
        Assert.Contains("This enrolment code is unknown or has expired.", refused.QuerySelector("[data-testid=setup-error]")!.TextContent, StringComparison.Ordinal);

        var response = await client.PostFormAsync("/en/field/setup", new Dictionary<string, string>
        {
            ["Pasted"] = $"http://central.test|{FakeCentral.Code}",
            ["LaptopName"] = "Goris laptop",
            ["Email"] = me.Email,
            ["Password"] = Password,
            ["ConfirmPassword"] = Password,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var done = TestClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotNull(done.QuerySelector("[data-testid=setup-done]"));
        var oneTime = done.QuerySelector("[data-testid=one-time-passwords] code")!.TextContent;

        var (connection, users) = await factory.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<Kinodialog.Data.KinodialogDbContext>();
            var manager = sp.GetRequiredService<UserManager<StaffUser>>();
            var list = new List<(StaffUser User, bool Organiser, bool Mine, bool Theirs)>();
            foreach (var f in new[] { me, other })
            {
                var user = await manager.FindByIdAsync(f.Id.ToString());
                Assert.NotNull(user);
                list.Add((user, await manager.IsInRoleAsync(user, StaffRoles.Organiser), await manager.CheckPasswordAsync(user, Password), await manager.CheckPasswordAsync(user, oneTime)));
            }

            return (await db.FieldConnections.SingleAsync(), list);
        });
        Assert.Equal(factory.Central.DeviceId, connection.DeviceId);
        Assert.Equal("http://central.test/", connection.CentralBaseUrl);
        Assert.Equal(FakeCentral.Token, connection.DeviceToken);
        Assert.Equal([me.Email, other.Email], users.Select(u => u.User.Email));
        Assert.Equal(["Anahit", "Leyla"], users.Select(u => u.User.DisplayName));
        Assert.All(users, u => Assert.True(u.Organiser));
        Assert.True(users[0].Mine);
        Assert.Null(users[0].User.OneTimePasswordExpiresAt);
        Assert.True(users[1].Theirs);
        Assert.NotNull(users[1].User.OneTimePasswordExpiresAt);

        Assert.Equal(HttpStatusCode.NotFound, (await TestClient.Create(factory).Http.GetAsync("/en/field/setup")).StatusCode);
        var field = await client.GetOkPageAsync("/en/field");
        Assert.Contains("Goris laptop", field.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }
}

/// <summary>Downloads: resumable, verified, and an import that can run again.</summary>
public sealed class DownloadTests(FieldLaptopFactory factory) : IClassFixture<FieldLaptopFactory>
{
    private async Task<FieldFacilitator> MeAsync() =>
        factory.Central.Facilitators.FirstOrDefault() ?? await EnrolAsync(factory);

    [Fact]
    public async Task Importing_a_package_twice_gives_the_same_rows()
    {
        var me = await MeAsync();
        var package = await PackageAsync(factory, me.Id);
        var first = await DownloadAsync(factory, package.Screening.Id);
        Assert.True(first.Succeeded, first.Failure + " " + first.Error);
        var counts = await CountsAsync(package);
        var second = await DownloadAsync(factory, package.Screening.Id);
        Assert.True(second.Succeeded);
        Assert.Equal(counts, await CountsAsync(package));

        var film = package.Films[0];
        Assert.Equal((1, 1, 2, 2, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1), counts);
        var stored = await factory.WithDbAsync(db => db.MediaFiles.Where(f => f.FilmId == film.Id).OrderBy(f => f.Rendition).ToListAsync());
        Assert.Equal(["360p", "poster"], stored.Select(f => f.Rendition));
        var storage = factory.Services.GetRequiredService<MediaStorage>();
        Assert.All(stored, f => Assert.Equal(factory.Central.Files[f.Sha256], File.ReadAllBytes(storage.FullPath(f.RelativePath))));
        var screening = await factory.WithDbAsync(db => db.Screenings.Include(s => s.Films).SingleAsync(s => s.Id == package.Screening.Id));
        Assert.Equal(me.Id, screening.OwnerId);
        Assert.Equal(package.Screening.QuestionnaireVersionId, screening.QuestionnaireVersionId);
        Assert.Equal([film.Id], screening.Films.Select(f => f.FilmId));
        Assert.Null(factory.Central.FileRequests.FirstOrDefault(r => r.Sha == film.Renditions.Single(x => x.Rendition == "720p").Sha256).Sha);
    }

    private Task<(int, int, int, int, int, int, int, int, int, int, int, int, int, int, int)> CountsAsync(ScreeningPackage package) =>
        factory.WithDbAsync(async db =>
        {
            var id = package.Screening.Id;
            var films = package.Films.Select(f => f.Id).ToList();
            return (
                await db.Screenings.CountAsync(s => s.Id == id),
                await db.Films.CountAsync(f => films.Contains(f.Id)),
                await db.FilmTranslations.CountAsync(t => films.Contains(t.FilmId)),
                await db.FilmCredits.CountAsync(c => films.Contains(c.FilmId)),
                await db.FilmTags.CountAsync(t => films.Contains(t.FilmId)),
                await db.EncodingJobs.CountAsync(j => films.Contains(j.FilmId)),
                await db.MediaFiles.CountAsync(f => films.Contains(f.FilmId)),
                await db.SubtitleTracks.CountAsync(t => films.Contains(t.FilmId)),
                await db.QuestionnaireVersions.CountAsync(v => v.Id == package.Screening.QuestionnaireVersionId),
                await db.HandbookChapters.CountAsync(c => c.Slug == package.Handbook[0].Slug),
                await db.Statements.CountAsync(s => s.ScreeningId == id),
                await db.StatementTranslations.CountAsync(t => t.StatementId == package.Statements[0].Id),
                await db.BlocklistEntries.CountAsync(b => b.ScreeningId == id),
                await db.ScreeningChecklistItems.CountAsync(c => c.ScreeningId == id),
                await db.FieldCheckouts.CountAsync(c => c.ScreeningId == id));
        });

    [Fact]
    public async Task A_download_cut_half_way_resumes_with_a_range_request_and_the_file_is_complete_and_verified()
    {
        var me = await MeAsync();
        var package = await PackageAsync(factory, me.Id);
        var video = package.Films[0].Renditions.Single(r => r.Rendition == "360p");
        factory.Central.CutOnce.Add(video.Sha256);

        var progress = await DownloadAsync(factory, package.Screening.Id);

        Assert.True(progress.Succeeded, progress.Failure + " " + progress.Error);
        var requests = factory.Central.FileRequests.Where(r => r.Sha == video.Sha256).ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal(0, requests[0].From);
        Assert.Equal(video.Size / 2, requests[1].From);
        var storage = factory.Services.GetRequiredService<MediaStorage>();
        var path = storage.FullPath(FileDownloader.RelativePath(package.Films[0].Id, video.Sha256, "mp4"));
        Assert.Equal(factory.Central.Files[video.Sha256], await File.ReadAllBytesAsync(path));
        Assert.False(File.Exists(factory.Services.GetRequiredService<FileDownloader>().PartPath(video.Sha256)));
    }

    [Fact]
    public async Task A_file_that_does_not_match_its_hash_is_refused_and_nothing_is_moved_or_imported()
    {
        var me = await MeAsync();
        var package = await PackageAsync(factory, me.Id);
        var video = package.Films[0].Renditions.Single(r => r.Rendition == "360p");
        factory.Central.Corrupt.Add(video.Sha256);

        var progress = await DownloadAsync(factory, package.Screening.Id);

        Assert.False(progress.Succeeded);
        Assert.Equal(DownloadFailure.HashMismatch, progress.Failure);
        var storage = factory.Services.GetRequiredService<MediaStorage>();
        Assert.False(File.Exists(storage.FullPath(FileDownloader.RelativePath(package.Films[0].Id, video.Sha256, "mp4"))));
        using (var scope = factory.Services.CreateScope())
        {
            Assert.False(File.Exists(scope.ServiceProvider.GetRequiredService<FileDownloader>().PartPath(video.Sha256)));
        }

        Assert.False(await factory.WithDbAsync(db => db.Screenings.AnyAsync(s => s.Id == package.Screening.Id)));
        Assert.False(await factory.WithDbAsync(db => db.FieldCheckouts.AnyAsync(c => c.ScreeningId == package.Screening.Id)));
    }

    [Fact]
    public async Task The_field_page_lists_the_checked_out_screenings_and_the_size_of_each_rendition()
    {
        var me = await MeAsync();
        var package = await PackageAsync(factory, me.Id);
        using var client = TestClient.Create(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(me.Email, Password)).StatusCode);
        var page = await client.GetOkPageAsync($"/en/field?choose={package.Screening.Id}");
        Assert.Contains(package.Screening.Title, page.QuerySelector("[data-testid=checked-out]")!.TextContent, StringComparison.Ordinal);
        var boxes = page.QuerySelectorAll("input[name=renditions]").Select(i => (i.GetAttribute("value"), i.HasAttribute("checked"))).ToList();
        Assert.Equal([("240p", false), ("360p", true), ("720p", false), ("poster", true)], boxes);
        Assert.Contains("293 KB", page.QuerySelector("section[aria-labelledby=choose-heading]")!.TextContent, StringComparison.Ordinal);
    }
}

/// <summary>A download cut by a restart of the laptop goes on by itself afterwards, from the bytes on disk.</summary>
public sealed class DownloadAcrossRestartTests
{
    [Fact]
    public async Task A_download_cut_by_a_restart_resumes_by_itself_from_the_bytes_already_on_disk()
    {
        var data = Path.Combine(Path.GetTempPath(), "kinodialog-tests", Guid.NewGuid().ToString("N"));
        var before = new FieldLaptopFactory { DataDirectory = data, KeepData = true };
        await before.InitializeAsync();
        var me = await EnrolAsync(before);
        var package = await PackageAsync(before, me.Id);
        var id = package.Screening.Id;
        var video = package.Films[0].Renditions.Single(r => r.Rendition == "360p");

        // The link stalls half-way through the film; the laptop is switched off meanwhile.
        before.Central.StallOnce.Add(video.Sha256);
        var downloadsBefore = before.Services.GetRequiredService<FieldDownloads>();
        Assert.True(downloadsBefore.Start(id, FieldRenditions.Default));
        await WaitAsync(() => downloadsBefore.Progress(id) is { DoneBytes: var done } && done >= video.Size / 2);
        Assert.Equal(id, Assert.Single(downloadsBefore.PendingDownloads()).ScreeningId);
        await ((IAsyncLifetime)before).DisposeAsync();
        await WaitAsync(() => downloadsBefore.Progress(id) is { Running: false });
        var part = new FileInfo(Path.Combine(data, "media", "field", video.Sha256 + ".part"));
        Assert.True(part.Exists && part.Length > 0, "no bytes of the film were kept on disk");

        // Switched on again: the same data, the central instance answering normally.
        var after = new FieldLaptopFactory { DataDirectory = data };
        foreach (var (sha, bytes) in before.Central.Files)
        {
            after.Central.Files[sha] = bytes;
        }

        after.Central.Packages[id] = package;
        after.Central.Facilitators.Add(me);
        await using (after)
        {
            await after.InitializeAsync();
            var downloads = after.Services.GetRequiredService<FieldDownloads>();
            var pending = Assert.Single(downloads.PendingDownloads());
            Assert.Equal(FieldRenditions.Default, pending.Renditions);

            // The background sync (also the field page) starts what is wanted and not running.
            await after.Services.GetRequiredService<FieldSyncWorker>().RunOnceAsync(CancellationToken.None);
            await WaitAsync(() => downloads.Progress(id) is { Running: false });
            var progress = downloads.Progress(id)!;
            Assert.True(progress.Succeeded, progress.Failure + " " + progress.Error);
            Assert.Contains(after.Central.FileRequests, r => r.Sha == video.Sha256 && r.From == part.Length);
            Assert.DoesNotContain(after.Central.FileRequests, r => r.Sha == video.Sha256 && r.From == 0);
            Assert.Empty(downloads.PendingDownloads());
            Assert.Equal(0, downloads.ResumePending());
            Assert.NotNull(await after.WithDbAsync(db => db.FieldCheckouts.Where(c => c.ScreeningId == id).Select(c => (DateTime?)c.DownloadedAt).SingleOrDefaultAsync()));
        }
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "not within 30 s");
            await Task.Delay(20);
        }
    }
}
