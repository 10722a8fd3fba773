using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Films.FilmTestKit;

namespace Kinodialog.Web.Tests.Features.Films;

/// <summary>Uploads over a real socket, cut half-way, and an encode that survives a restart of the app.</summary>
public sealed class UploadResumeTests
{
    private sealed class KestrelSqliteFactory : SqliteFactory
    {
        public KestrelSqliteFactory() => UseKestrel(0);
    }

    [Fact]
    public async Task An_upload_cut_off_half_way_resumes_and_the_file_is_complete_and_identical()
    {
        await using var factory = new KestrelSqliteFactory();
        factory.StartServer();
        await factory.InitializeAsync();
        try
        {
            var address = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var cookies = new CookieContainer();
            using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = address };
            var client = new TestClient(http, factory);
            var email = $"programme-{Guid.NewGuid():N}@example.org";
            await TestClient.CreateAccountAsync(factory, email, "a long enough passphrase", Roles.Programme);
            Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, "a long enough passphrase")).StatusCode);

            var filmId = await CreateFilmAsync(factory, NewSlug());
            var video = await MakeVideoAsync(3);
            var url = await CreateUploadAsync(http, filmId, video.Length);

            // Send the headers for the whole file, half of the bytes, then drop the connection.
            var half = video.Length / 2;
            using (var socket = new TcpClient())
            {
                await socket.ConnectAsync(address.Host, address.Port);
                var stream = socket.GetStream();
                var head = $"PATCH {url} HTTP/1.1\r\nHost: {address.Authority}\r\nCookie: {cookies.GetCookieHeader(address)}\r\n" +
                    $"Tus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: {video.Length}\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                await stream.WriteAsync(video.AsMemory(0, half));
                await stream.FlushAsync();
                await Task.Delay(300);
                socket.Client.LingerState = new LingerOption(true, 0);
            }

            long offset = 0;
            for (var i = 0; i < 50 && offset == 0; i++)
            {
                await Task.Delay(100);
                offset = await OffsetAsync(http, url);
            }

            Assert.InRange(offset, 1, half);
            using var rest = await PatchAsync(http, url, offset, video.AsMemory((int)offset));
            Assert.Equal(HttpStatusCode.NoContent, rest.StatusCode);
            Assert.Equal(video.Length.ToString(CultureInfo.InvariantCulture), rest.Headers.GetValues("Upload-Offset").Single());

            var upload = await factory.WithDbAsync(db => db.MediaUploads.SingleAsync(u => u.FilmId == filmId));
            Assert.Equal(UploadStatus.Accepted, upload.Status);
            var stored = await File.ReadAllBytesAsync(factory.Services.GetRequiredService<MediaStorage>().UploadPath(upload.Id));
            Assert.Equal(Convert.ToHexString(SHA256.HashData(video)), Convert.ToHexString(SHA256.HashData(stored)));
            Assert.True(await factory.WithDbAsync(db => db.EncodingJobs.AnyAsync(j => j.UploadId == upload.Id && j.Status == EncodingStatus.Pending)));
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    [Fact]
    public async Task An_encode_interrupted_by_a_restart_is_finished_by_the_next_start()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kinodialog-tests", Guid.NewGuid().ToString("N"));
        Guid filmId;
        await using (var first = new SqliteFactory { DataDirectory = directory, KeepData = true })
        {
            await first.InitializeAsync();
            using var staff = await TestClient.SignedInAsync(first, Roles.Programme);
            filmId = await CreateFilmAsync(first, NewSlug());
            using var last = await UploadAsync(staff.Http, filmId, await MakeVideoAsync(2));
            Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
            // The process dies while encoding: the row says Running, nothing was produced.
            await first.WithDbAsync(db => db.EncodingJobs.Where(j => j.FilmId == filmId)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, EncodingStatus.Running).SetProperty(j => j.Attempts, 1)));
            await ((IAsyncLifetime)first).DisposeAsync();
        }

        var second = new SqliteFactory { DataDirectory = directory, RunEncoder = true };
        try
        {
            await second.InitializeAsync();
            EncodingJob? job = null;
            for (var i = 0; i < 600 && job?.Status is not (EncodingStatus.Succeeded or EncodingStatus.Failed); i++)
            {
                await Task.Delay(100);
                second.Clock.Advance(TimeSpan.FromMilliseconds(100)); // the worker's waits are on the application's clock
                job = await second.WithDbAsync(db => db.EncodingJobs.AsNoTracking().SingleAsync(j => j.FilmId == filmId));
            }

            Assert.Equal(EncodingStatus.Succeeded, job!.Status);
            Assert.Equal(2, job.Attempts);
            var film = await second.WithDbAsync(db => db.Films.SingleAsync(f => f.Id == filmId));
            Assert.Equal(job.Id, film.CurrentEncodingId);
            var files = await second.WithDbAsync(db => db.MediaFiles.Where(m => m.EncodingJobId == job.Id).ToListAsync());
            Assert.Contains(files, f => f.Rendition == "240p");
            Assert.Contains(files, f => f.Rendition == "poster");
            var storage = second.Services.GetRequiredService<MediaStorage>();
            Assert.All(files, f => Assert.True(File.Exists(storage.FullPath(f.RelativePath)), f.RelativePath));
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
        }
    }
}
