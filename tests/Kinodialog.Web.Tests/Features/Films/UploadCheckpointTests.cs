using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Films.FilmTestKit;

namespace Kinodialog.Web.Tests.Features.Films;

/// <summary>
/// A long PATCH records its progress every <see cref="FilmsOptions.UploadCheckpointBytes"/> (after an fsync),
/// so a server killed half-way through a piece resumes from the last checkpoint instead of the piece's start.
/// </summary>
public sealed class UploadCheckpointTests
{
    private const int Checkpoint = 8192;

    private const string Password = "a long enough upload passphrase";

    private static Dictionary<string, string?> CheckpointSettings() => new() { ["Films:UploadCheckpointBytes"] = Checkpoint.ToString(CultureInfo.InvariantCulture) };

    [Fact]
    public async Task An_upload_killed_with_kill_9_in_the_middle_of_a_piece_resumes_from_its_last_checkpoint()
    {
        var factory = new SqliteFactory { Settings = CheckpointSettings() };
        await factory.InitializeAsync();
        try
        {
            var email = $"programme-{Guid.NewGuid():N}@example.org";
            await TestClient.CreateAccountAsync(factory, email, Password, Roles.Programme);
            var filmId = await CreateFilmAsync(factory, NewSlug());
            var video = await MakeVideoAsync(3);
            var sent = (3 * Checkpoint) + 1000;
            Assert.True(video.Length > sent + Checkpoint, $"the test video has only {video.Length} bytes");

            // The server as its own process, on the same database and media folder.
            await using var server = new ChildApp(factory.DataDirectory,
                new Dictionary<string, string> { ["Films:UploadCheckpointBytes"] = Checkpoint.ToString(CultureInfo.InvariantCulture) }, databaseFile: "test.db");
            await server.StartAsync();
            var cookies = new CookieContainer();
            using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = server.Address };
            Assert.Equal(HttpStatusCode.Redirect, (await new TestClient(http, factory).SignInAsync(email, Password)).StatusCode);
            var url = await CreateUploadAsync(http, filmId, video.Length);

            // One PATCH announcing the whole file; three checkpoints' worth and a bit arrive, then the client stalls.
            using var socket = new TcpClient();
            await socket.ConnectAsync(server.Address.Host, server.Address.Port);
            var stream = socket.GetStream();
            var head = $"PATCH {url} HTTP/1.1\r\nHost: {server.Address.Authority}\r\nCookie: {cookies.GetCookieHeader(server.Address)}\r\n" +
                $"Tus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: {video.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(video.AsMemory(0, sent));
            await stream.FlushAsync();

            // While the piece is still open, HEAD already answers the checkpointed bytes.
            long during = 0;
            for (var i = 0; i < 100 && during < 3 * Checkpoint; i++)
            {
                await Task.Delay(100);
                during = await OffsetAsync(http, url);
            }

            Assert.InRange(during, 3 * Checkpoint, sent);

            // kill -9 with the PATCH still open: no finally block, no flush, no last save.
            server.Kill();

            using var staff = TestClient.Create(factory);
            Assert.Equal(HttpStatusCode.Redirect, (await staff.SignInAsync(email, Password)).StatusCode);
            var offset = await OffsetAsync(staff.Http, url);
            Assert.InRange(offset, 3 * Checkpoint, sent);
            var uploadId = Guid.Parse(url[(url.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
            var part = factory.Services.GetRequiredService<MediaStorage>().UploadPath(uploadId);
            Assert.True(new FileInfo(part).Length >= offset, "the database claims more bytes than the file holds");

            // A piece sent from a wrong offset is still refused and names the right one.
            using (var wrong = await PatchAsync(staff.Http, url, 0, video.AsMemory(0, 10)))
            {
                Assert.Equal(HttpStatusCode.Conflict, wrong.StatusCode);
                Assert.Equal(offset.ToString(CultureInfo.InvariantCulture), wrong.Headers.GetValues("Upload-Offset").Single());
            }

            using var rest = await PatchAsync(staff.Http, url, offset, video.AsMemory((int)offset));
            Assert.Equal(HttpStatusCode.NoContent, rest.StatusCode);
            var upload = await factory.WithDbAsync(db => db.MediaUploads.AsNoTracking().SingleAsync(u => u.Id == uploadId));
            Assert.Equal(UploadStatus.Accepted, upload.Status);
            Assert.Equal(video.Length, upload.Offset);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(video)), Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(part))));
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }
}

/// <summary>The checkpoints of a piece still arriving, on both database providers.</summary>
public abstract class UploadCheckpointProgressTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    /// <summary>Request content that sends some bytes, then waits until it is released (a stalled client).</summary>
    private sealed class StallingContent(byte[] first, Task release) : HttpContent
    {
        public TaskCompletionSource FirstSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(first);
            await stream.FlushAsync();
            FirstSent.TrySetResult();
            await release;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task A_stalled_piece_shows_its_checkpointed_bytes_to_HEAD_before_it_ends()
    {
        using var staff = await TestClient.SignedInAsync(factory, Roles.Programme);
        var filmId = await CreateFilmAsync(factory, NewSlug());
        var checkpoint = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FilmsOptions>>().Value.UploadCheckpointBytes;
        var bytes = RandomNumberGenerator.GetBytes((3 * checkpoint) + 100);
        var url = await CreateUploadAsync(staff.Http, filmId, (10L * checkpoint) + 1);

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var content = new StallingContent(bytes, release.Task);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        using var patch = Tus(HttpMethod.Patch, url);
        patch.Headers.Add("Upload-Offset", "0");
        patch.Content = content;
        var sending = staff.Http.SendAsync(patch);
        await content.FirstSent.Task.WaitAsync(TimeSpan.FromSeconds(10));

        long during = 0;
        for (var i = 0; i < 100 && during < 3 * checkpoint; i++)
        {
            await Task.Delay(50);
            during = await OffsetAsync(staff.Http, url);
        }

        Assert.InRange(during, 3 * checkpoint, bytes.Length);
        release.SetResult();
        using var answer = await sending;
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal(bytes.Length, await OffsetAsync(staff.Http, url));
    }
}

public sealed class CheckpointSqliteFactory : SqliteFactory
{
    public CheckpointSqliteFactory() => Settings["Films:UploadCheckpointBytes"] = "8192";
}

public sealed class CheckpointPostgresFactory : PostgresFactory
{
    public CheckpointPostgresFactory() => Settings["Films:UploadCheckpointBytes"] = "8192";
}

public sealed class UploadCheckpointProgressTestsOnSqlite(CheckpointSqliteFactory factory) : UploadCheckpointProgressTests<CheckpointSqliteFactory>(factory);

public sealed class UploadCheckpointProgressTestsOnPostgres(CheckpointPostgresFactory factory) : UploadCheckpointProgressTests<CheckpointPostgresFactory>(factory);
