using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Field;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Screenings.ScreeningTestKit;

namespace Kinodialog.Web.Tests.Features.Field;

/// <summary>A screening planned by an organiser, with a film that has a rendition and a subtitle file, and an enrolled laptop.</summary>
public sealed record FieldSetup(TestClient Organiser, Guid OrganiserId, Guid ScreeningId, Guid FilmId, Guid DeviceId, string Token, byte[] Video, string VideoSha, string SubtitleSha) : IDisposable
{
    public void Dispose() => Organiser.Dispose();
}

public static class FieldTestKit
{
    public static ClaimsPrincipal Staff(Guid id, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id.ToString()), new Claim(ClaimTypes.Role, role)], "test"));

    public static async Task<(Guid DeviceId, string Token)> EnrolAsync(KinodialogFactory factory, Guid organiserId)
    {
        var code = await factory.WithServicesAsync(async sp =>
            (await sp.GetRequiredService<StartFieldEnrolment>().HandleAsync("Laptop " + Guid.NewGuid().ToString("N")[..4], [organiserId], Staff(organiserId, Roles.Programme), CancellationToken.None)).Code!);
        var response = await factory.WithServicesAsync(sp => sp.GetRequiredService<CompleteFieldEnrolment>().HandleAsync(new EnrolRequest(code, "laptop"), CancellationToken.None));
        return (response!.DeviceId, response.Token);
    }

    public static HttpClient Laptop(KinodialogFactory factory, string token)
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(FieldLimits.AuthorizationScheme, token);
        return http;
    }

    /// <summary>Plans a screening with one film (a 240p rendition and Armenian subtitles on disk), a seeded statement, and enrols a laptop.</summary>
    public static async Task<FieldSetup> SetUpAsync(KinodialogFactory factory, bool checkOut = true)
    {
        var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var film = (await FilmsAsync(factory, 1))[0];
        var id = await PlanAsync(organiser, [film], title: "Field evening " + Guid.NewGuid().ToString("N")[..6]);
        var video = RandomNumberGenerator.GetBytes(10_000);
        var subtitle = "WEBVTT\n\n00:00.000 --> 00:01.000\nԲարև\n"u8.ToArray();
        var videoSha = Convert.ToHexStringLower(SHA256.HashData(video));
        var subtitleSha = Convert.ToHexStringLower(SHA256.HashData(subtitle));
        var ownerId = await factory.WithDbAsync(async db =>
        {
            var job = new EncodingJob { FilmId = film, UploadId = Guid.NewGuid(), Status = EncodingStatus.Succeeded, CreatedAt = factory.Clock.GetUtcNow().UtcDateTime };
            db.EncodingJobs.Add(job);
            db.MediaFiles.Add(new MediaFile { EncodingJobId = job.Id, FilmId = film, Rendition = "240p", Width = 426, Height = 240, Size = video.Length, Sha256 = videoSha, RelativePath = $"films/{film:N}/{videoSha}.mp4", ContentType = "video/mp4" });
            db.SubtitleTracks.Add(new SubtitleTrack { FilmId = film, Culture = "hy", Sha256 = subtitleSha, RelativePath = $"films/{film:N}/{subtitleSha}.vtt", CueCount = 1, UpdatedAt = factory.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
            await db.Films.Where(f => f.Id == film).ExecuteUpdateAsync(s => s.SetProperty(f => f.CurrentEncodingId, job.Id));
            db.Statements.Add(new Statement { ScreeningId = id, Text = "We can watch films together.", Culture = "en", Status = StatementStatus.Accepted, Number = 1, CreatedAt = factory.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
            return await db.Screenings.Where(s => s.Id == id).Select(s => s.OwnerId).SingleAsync();
        });
        var media = Path.Combine(factory.DataDirectory, "media", "films", film.ToString("N"));
        Directory.CreateDirectory(media);
        await File.WriteAllBytesAsync(Path.Combine(media, videoSha + ".mp4"), video);
        await File.WriteAllBytesAsync(Path.Combine(media, subtitleSha + ".vtt"), subtitle);
        var (deviceId, token) = await EnrolAsync(factory, ownerId);
        if (checkOut)
        {
            var response = await organiser.PostFormAsync($"/en/screenings/{id}/field", new Dictionary<string, string> { ["device"] = deviceId.ToString() });
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        }

        return new FieldSetup(organiser, ownerId, id, film, deviceId, token, video, videoSha, subtitleSha);
    }

    public static async Task<Guid> VersionAsync(KinodialogFactory factory) =>
        await factory.WithDbAsync(db => db.QuestionnaireVersions.Where(v => v.PublishedAt != null).OrderBy(v => v.CreatedAt).Select(v => v.Id).FirstAsync());

    /// <summary>Two people, one proposal, answers, votes, a report and a moderation: 2 + 1 + 1 + 2 + 1 + 1 = 8 records.</summary>
    public static ResultsBatch Batch(FieldSetup setup, Guid version, DateTime at)
    {
        Guid p1 = Guid.CreateVersion7(), p2 = Guid.CreateVersion7(), statement = Guid.CreateVersion7();
        return new ResultsBatch(
            FieldLimits.FormatVersion,
            [
                new ResultParticipant(p1, "hash-" + p1.ToString("N"), "hy", at, null, true, "armenian", false, null),
                new ResultParticipant(p2, "hash-" + p2.ToString("N"), "az-Latn", at, null, true, "azerbaijani", false, null),
            ],
            [new ResultStatement(statement, p1, "Talking helps.", "hy", 1, false, 2, at, [new PackageTranslation("ru", "Разговор помогает.")])],
            [new ResultResponse(Guid.CreateVersion7(), p1, version, Kinodialog.Core.Surveys.SurveyPhase.Pre, 1, at, "{}")],
            [new ResultVote(Guid.CreateVersion7(), p1, statement, 1, at), new ResultVote(Guid.CreateVersion7(), p2, statement, -1, at)],
            [new ResultFlag(statement, p2, at)],
            [new ResultModeration(Guid.CreateVersion7(), setup.OrganiserId, "accept", statement, null, at)]);
    }

    public static ResultTotals Totals(int participants, int statements, int responses, int votes, int flags, int moderation) =>
        new(participants, statements, responses, votes, flags, moderation);

    public static ScreeningOutcome Outcome(ResultTotals totals, DateTime at) => new(
        FieldLimits.FormatVersion, Kinodialog.Core.Screenings.ScreeningStatus.Held, at.AddHours(-2), at, Kinodialog.Core.Screenings.AudienceStage.Waiting,
        Kinodialog.Core.Screenings.AudienceStage.PostSurvey, 0, 0, 40, 20, 18, 2, "Went well", "", [], null, null, totals);
}
