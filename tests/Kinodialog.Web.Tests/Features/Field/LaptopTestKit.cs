using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Features.Field;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kinodialog.Web.Tests.Features.Field;

/// <summary>
/// Stands in for the central instance behind the laptop's named HttpClient: enrolment, the list of
/// checked-out screenings, packages, files (with range requests, optionally cut half-way or corrupted),
/// results batches and the check-in. Records what it received.
/// </summary>
public sealed class FakeCentral : HttpMessageHandler
{
    public const string Code = "ABCD-EFGH";
    public const string Token = "device-token-for-tests";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Guid DeviceId { get; } = Guid.CreateVersion7();

    public List<FieldFacilitator> Facilitators { get; } = [];

    public Dictionary<Guid, ScreeningPackage> Packages { get; } = [];

    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Files whose first request ends half-way with a broken connection.</summary>
    public HashSet<string> CutOnce { get; } = new(StringComparer.Ordinal);

    /// <summary>Files whose first request gives half the bytes, then waits until the laptop gives up (a stalled link, a laptop switched off).</summary>
    public HashSet<string> StallOnce { get; } = new(StringComparer.Ordinal);

    /// <summary>Files served with one byte changed.</summary>
    public HashSet<string> Corrupt { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Sha, long From)> FileRequests { get; } = new();

    public List<ResultsBatch> Batches { get; } = [];

    /// <summary>Results calls (1-based) that are received but answered with a server error (the acknowledgment is lost).</summary>
    public HashSet<int> FailResultsCall { get; } = [];

    public List<ScreeningOutcome> CheckIns { get; } = [];

    public bool Revoked { get; set; }

    private int _resultsCalls;

    public static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (path == "/api/field/enrol" && request.Method == HttpMethod.Post)
        {
            var enrol = await request.Content!.ReadFromJsonAsync<EnrolRequest>(Json, cancellationToken);
            return enrol!.Code == Code
                ? JsonAnswer(new EnrolResponse(DeviceId, enrol.LaptopName, Token, Facilitators))
                : Problem(HttpStatusCode.BadRequest, "This enrolment code is unknown or has expired.");
        }

        if (Revoked || request.Headers.Authorization is not { Scheme: FieldLimits.AuthorizationScheme, Parameter: Token })
        {
            return new HttpResponseMessage(HttpStatusCode.Unauthorized);
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (parts)
        {
            case ["api", "field", "screenings"]:
                return JsonAnswer(new CheckoutList(Packages.Values.Select(p => new CheckoutSummary(
                    p.Screening.Id, p.Screening.Title, p.Screening.StartsAtUtc, p.Screening.TimeZoneId, p.Screening.StartsAtUtc,
                    p.Films.Sum(f => f.Renditions.Sum(r => r.Size) + f.Subtitles.Sum(s => s.Size)))).ToList()));
            case ["api", "field", "screenings", var id, "package"]:
                return Packages.TryGetValue(Guid.Parse(id), out var package) ? JsonAnswer(package) : Problem(HttpStatusCode.NotFound, "Not checked out.");
            case ["api", "field", "files", var sha]:
                return FileAnswer(request, sha);
            case ["api", "field", "screenings", _, "results"]:
                var batch = (await request.Content!.ReadFromJsonAsync<ResultsBatch>(Json, cancellationToken))!;
                lock (Batches)
                {
                    Batches.Add(batch);
                }

                var call = Interlocked.Increment(ref _resultsCalls);
                return FailResultsCall.Contains(call)
                    ? Problem(HttpStatusCode.ServiceUnavailable, "Try again later.")
                    : JsonAnswer(new ResultsReceipt(batch.Count, 0));
            case ["api", "field", "screenings", _, "check-in"]:
                var outcome = (await request.Content!.ReadFromJsonAsync<ScreeningOutcome>(Json, cancellationToken))!;
                CheckIns.Add(outcome);
                return JsonAnswer(new CheckInReceipt(true, outcome.Totals));
            default:
                return new HttpResponseMessage(HttpStatusCode.NotFound);
        }
    }

    private HttpResponseMessage FileAnswer(HttpRequestMessage request, string sha)
    {
        if (!Files.TryGetValue(sha, out var bytes))
        {
            return Problem(HttpStatusCode.NotFound, "No such file.");
        }

        if (Corrupt.Contains(sha))
        {
            bytes = [.. bytes];
            bytes[^1] ^= 0xFF;
        }

        var from = request.Headers.Range?.Ranges.FirstOrDefault()?.From ?? 0;
        FileRequests.Enqueue((sha, from));
        var cut = from == 0 && CutOnce.Remove(sha);
        var stall = from == 0 && StallOnce.Remove(sha);
        var slice = bytes.AsMemory((int)from);
        var content = new StreamContent(
            cut ? new CutStream(slice[..(slice.Length / 2)].ToArray())
            : stall ? new StallStream(slice[..(slice.Length / 2)].ToArray())
            : new MemoryStream(slice.ToArray()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = slice.Length;
        var response = new HttpResponseMessage(from > 0 ? HttpStatusCode.PartialContent : HttpStatusCode.OK) { Content = content };
        if (from > 0)
        {
            content.Headers.ContentRange = new ContentRangeHeaderValue(from, bytes.Length - 1, bytes.Length);
        }

        return response;
    }

    private static HttpResponseMessage JsonAnswer<T>(T value) => new(HttpStatusCode.OK) { Content = JsonContent.Create(value, options: Json) };

    private static HttpResponseMessage Problem(HttpStatusCode status, string detail) => new(status)
    {
        Content = new StringContent(JsonSerializer.Serialize(new { title = "Refused", status = (int)status, detail }), Encoding.UTF8, "application/problem+json"),
    };

    /// <summary>Gives its bytes, then waits for more until the reader gives up (every read path: none may end the body early).</summary>
    private sealed class StallStream(byte[] bytes) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = Take(buffer.Span);
            if (read > 0)
            {
                return read;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = Take(buffer);
            return read > 0 ? read : throw new IOException("The connection stalled.");
        }

        private int Take(Span<byte> buffer)
        {
            var count = Math.Min(buffer.Length, bytes.Length - _position);
            bytes.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Gives its bytes, then fails like a dropped connection.</summary>
    private sealed class CutStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            return read > 0 ? read : throw new IOException("The connection was reset.");
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            return read > 0 ? read : throw new IOException("The connection was reset.");
        }
    }
}

/// <summary>A field laptop (SQLite, Field:Enabled) whose central instance is a <see cref="FakeCentral"/>.</summary>
public class FieldLaptopFactory : SqliteFactory
{
    public FieldLaptopFactory()
    {
        Settings = new Dictionary<string, string?> { ["Field:Enabled"] = "true" };
        ServiceOverrides = services => services.AddHttpClient(CentralClient.ClientName).ConfigurePrimaryHttpMessageHandler(() => Central);
    }

    public FakeCentral Central { get; } = new();
}

public static class LaptopTestKit
{
    public const string Password = "a long enough field passphrase";

    /// <summary>Enrols the laptop directly (as the set-up page does) with one facilitator, who chooses <see cref="Password"/>.</summary>
    public static async Task<FieldFacilitator> EnrolAsync(FieldLaptopFactory factory)
    {
        var me = new FieldFacilitator(Guid.CreateVersion7(), $"facilitator-{Guid.NewGuid():N}@example.org", "Field Facilitator");
        factory.Central.Facilitators.Add(me);
        var result = await factory.WithServicesAsync(sp => sp.GetRequiredService<EnrolLaptop>().HandleAsync(
            new EnrolLaptop.Command("http://central.test/", FakeCentral.Code, null, "Laptop 1", me.Email, Password, Password), CancellationToken.None));
        Assert.Equal(SetupProblem.None, result.Problem);
        return me;
    }

    /// <summary>A package with one film (240p, 360p, 720p, poster, one subtitle file) and everything around it.</summary>
    public static async Task<ScreeningPackage> PackageAsync(FieldLaptopFactory factory, Guid ownerId, bool withFilm = true)
    {
        var definition = await factory.WithDbAsync(db => db.QuestionnaireVersions.OrderBy(v => v.Number).Select(v => v.Definition).FirstAsync());
        var screeningId = Guid.CreateVersion7();
        var films = new List<PackageFilm>();
        if (withFilm)
        {
            var filmId = Guid.CreateVersion7();
            PackageFile File(string rendition, int size, string type)
            {
                var bytes = RandomNumberGenerator.GetBytes(size);
                var sha = FakeCentral.Sha(bytes);
                factory.Central.Files[sha] = bytes;
                return new PackageFile(rendition, 640, 360, size, sha, type);
            }

            var vtt = Encoding.UTF8.GetBytes("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nBarev\n");
            factory.Central.Files[FakeCentral.Sha(vtt)] = vtt;
            films.Add(new PackageFilm(
                filmId, $"field-film-{filmId:N}", 2024, 60, false, true,
                [new PackageFilmTranslation("en", "Field film", "A synopsis", "Why?", "We should meet again"), new PackageFilmTranslation("ru", "Полевой фильм", "", "", "")],
                [new PackageFilmCredit(0, "director", "A. Director", null, true), new PackageFilmCredit(1, "subject", "", "Pseudonym", false)],
                [new PackageFilmTag(1, "memory")],
                [File("240p", 40_000, "video/mp4"), File("360p", 300_000, "video/mp4"), File("720p", 90_000, "video/mp4"), File("poster", 5_000, "image/jpeg")],
                [new PackageSubtitle("hy", FakeCentral.Sha(vtt), vtt.Length, 1)]));
        }

        var questionnaireVersion = Guid.CreateVersion7();
        var statementId = Guid.CreateVersion7();
        var package = new ScreeningPackage(
            FieldLimits.FormatVersion,
            new PackageScreening(
                screeningId, ownerId, "Screening in Goris", new DateTime(2027, 3, 1, 15, 0, 0, DateTimeKind.Utc), "Asia/Yerevan", "School hall", "Goris", "AM",
                ScreeningVisibility.InviteOnly, "hy", "ru", ["hy", "az-Latn"], 45, "A. and B.", "mixed", 40, ScreeningStatus.Planned, "FIELD" + Random.Shared.Next(100000, 999999),
                questionnaireVersion, 0, null, false, films.Select(f => f.Id).ToList(),
                [new PackageChecklistItem(Guid.CreateVersion7(), 0, "projector", false, null)]),
            films,
            [new PackageQuestionnaireVersion(Guid.CreateVersion7(), "default", questionnaireVersion, 1, definition, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc))],
            [new PackageHandbookChapter(Guid.CreateVersion7(), $"field-chapter-{screeningId:N}", "en", 5, [new PackageHandbookTranslation("en", "Before the screening", "Arrive early.", 2)])],
            [new PackageStatement(statementId, 1, "We should meet again", "en", 1, false, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), [new PackageTranslation("ru", "Нам надо встретиться снова")])],
            [new PackageBlocklistEntry(Guid.CreateVersion7(), screeningId, "en", "badword")]);
        factory.Central.Packages[screeningId] = package;
        return package;
    }

    public static Task<DownloadProgress> DownloadAsync(FieldLaptopFactory factory, Guid screeningId, params string[] renditions) =>
        factory.WithServicesAsync(sp => sp.GetRequiredService<DownloadScreening>().HandleAsync(
            screeningId, renditions.Length == 0 ? FieldRenditions.Default : renditions, null, CancellationToken.None));
}
