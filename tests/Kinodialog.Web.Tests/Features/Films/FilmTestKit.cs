using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Kinodialog.Core.Localization;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Tests.Infrastructure;
using Kinodialog.Web.Tests.Infrastructure.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kinodialog.Web.Tests.Features.Films;

/// <summary>Films, uploads and encodes made the way staff make them, for tests.</summary>
public static class FilmTestKit
{
    public static string NewSlug() => "film-" + Guid.NewGuid().ToString("N")[..10];

    public static async Task<Guid> CreateFilmAsync(KinodialogFactory factory, string slug, bool published = true, IReadOnlyList<FilmText>? texts = null)
    {
        texts ??= SupportedCultures.All.Select(c => new FilmText(c.Name, $"Title {slug} {c.Name}", $"Synopsis {c.Name}", "Question one?\nQuestion two?")).ToList();
        var result = await factory.WithServicesAsync(sp => sp.GetRequiredService<SaveFilm>().HandleAsync(
            new SaveFilm.Command(null, new FilmMetadata(slug, 2024, published, texts, ["refugees"], ["displacement"],
                [new FilmCreditInput("director", "Real Name", null, true), new FilmCreditInput("protagonist", "Secret Name", "Nar", false)])),
            CancellationToken.None));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return result.FilmId!.Value;
    }

    /// <summary>A small real video made by ffmpeg directly (not by the code under test).</summary>
    public static async Task<byte[]> MakeVideoAsync(int seconds = 2)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kd-source-{Guid.NewGuid():N}.mkv");
        await MediaToolsFixture.MakeSourceAsync(path, 320, 240, seconds, withAudio: true);
        var bytes = await File.ReadAllBytesAsync(path);
        File.Delete(path);
        return bytes;
    }

    public static HttpRequestMessage Tus(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        return request;
    }

    public static async Task<string> CreateUploadAsync(HttpClient http, Guid filmId, long length, string fileName = "film.mkv")
    {
        using var create = Tus(HttpMethod.Post, $"/api/films/{filmId}/uploads");
        create.Headers.Add("Upload-Length", length.ToString(CultureInfo.InvariantCulture));
        create.Headers.Add("Upload-Metadata", "filename " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(fileName)));
        using var response = await http.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    public static async Task<HttpResponseMessage> PatchAsync(HttpClient http, string url, long offset, ReadOnlyMemory<byte> bytes)
    {
        using var patch = Tus(HttpMethod.Patch, url);
        patch.Content = new ByteArrayContent(bytes.ToArray());
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        patch.Headers.Add("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
        return await http.SendAsync(patch);
    }

    public static async Task<long> OffsetAsync(HttpClient http, string url)
    {
        using var head = Tus(HttpMethod.Head, url);
        using var response = await http.SendAsync(head);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return long.Parse(response.Headers.GetValues("Upload-Offset").Single(), CultureInfo.InvariantCulture);
    }

    /// <summary>Uploads the whole file in chunks; returns the last response.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient http, Guid filmId, byte[] bytes, int chunk = 64 * 1024, string fileName = "film.mkv")
    {
        var url = await CreateUploadAsync(http, filmId, bytes.Length, fileName);
        HttpResponseMessage? last = null;
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            last?.Dispose();
            last = await PatchAsync(http, url, offset, bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)));
            if (last.StatusCode != HttpStatusCode.NoContent)
            {
                return last;
            }
        }

        return last!;
    }

    /// <summary>Runs every pending encoding job now, as the background worker would.</summary>
    public static async Task EncodePendingAsync(KinodialogFactory factory)
    {
        var jobs = await factory.WithDbAsync(db => db.EncodingJobs.Where(j => j.Status == EncodingStatus.Pending).Select(j => j.Id).ToListAsync());
        foreach (var job in jobs)
        {
            await factory.Services.GetRequiredService<EncodingWorker>().RunNowAsync(job, CancellationToken.None);
        }
    }
}
