using System.Text;
using Kinodialog.Core.Subtitles;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Films;

public sealed record SubtitleIssueView(int Line, string Code, string Message, bool IsError);

/// <summary>What the uploader sees: saved or not, a summary, and every problem with its line.</summary>
public sealed record SubtitleUploadResult(bool Saved, int CueCount, string Summary, IReadOnlyList<SubtitleIssueView> Issues)
{
    public static SubtitleUploadResult Failed(string summary) => new(false, 0, summary, []);
}

/// <summary>
/// Checks an uploaded WebVTT or SRT file and, unless it has to be rejected, stores it as WebVTT and
/// replaces the film's track in that language. A rejected file changes nothing.
/// </summary>
public sealed partial class SaveSubtitles(
    KinodialogDbContext db,
    MediaStorage storage,
    FilmIndexer indexer,
    IStringLocalizer<FilmsResource> l,
    TimeProvider clock,
    ILogger<SaveSubtitles> logger)
{
    public sealed record Command(Guid FilmId, string Culture, byte[] Content, string? LegacyEncoding, Guid? UserId);

    public async Task<SubtitleUploadResult> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        var film = await db.Films.FirstOrDefaultAsync(f => f.Id == command.FilmId, cancellationToken);
        if (film is null)
        {
            return SubtitleUploadResult.Failed(l["The film no longer exists."]);
        }

        var encoding = command.LegacyEncoding switch
        {
            "windows-1251" => SubtitleEncoding.Windows1251,
            "koi8-r" => SubtitleEncoding.Koi8R,
            _ => SubtitleEncoding.Unicode,
        };
        var report = SubtitleReport.FromBytes(command.Content, encoding, film.DurationSeconds);
        var issues = report.Errors.Select(i => View(i, true)).Concat(report.Warnings.Select(i => View(i, false)))
            .OrderBy(i => i.Line).ToList();
        if (report.IsRejected || report.Cues.Count == 0)
        {
            var summary = report.IsRejected
                ? l["The file was not saved: it is not a subtitle file Kinodialog can read."]
                : l["The file was not saved: it contains no readable subtitles."];
            return new SubtitleUploadResult(false, 0, summary, issues);
        }

        var vtt = Encoding.UTF8.GetBytes(WebVttWriter.Write(report.Document));
        var (relative, sha) = await storage.StoreAsync(vtt, film.Id, "vtt", cancellationToken);
        var track = await db.SubtitleTracks.FirstOrDefaultAsync(s => s.FilmId == film.Id && s.Culture == command.Culture, cancellationToken);
        if (track is null)
        {
            track = new SubtitleTrack { FilmId = film.Id, Culture = command.Culture, Sha256 = sha, RelativePath = relative };
            db.SubtitleTracks.Add(track);
        }

        track.Sha256 = sha;
        track.RelativePath = relative;
        track.CueCount = report.Cues.Count;
        track.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        track.UpdatedBy = command.UserId;
        await db.SaveChangesAsync(cancellationToken);
        await indexer.ReindexAsync(film.Id, cancellationToken);
        LogSaved(logger, film.Id, command.Culture, report.Cues.Count, report.Errors.Count, report.Warnings.Count);
        var saved = issues.Count == 0
            ? l["Saved: {0} subtitles, no problems found.", report.Cues.Count]
            : l["Saved: {0} subtitles. Please look at the problems below; cues that could not be read were left out.", report.Cues.Count];
        return new SubtitleUploadResult(true, report.Cues.Count, saved, issues);
    }

    private SubtitleIssueView View(SubtitleIssue issue, bool isError) => new(issue.Line, issue.Code, Describe(issue.Code), isError);

    /// <summary>The problem in the uploader's language (the parser's own message is English).</summary>
    private string Describe(string code) => code switch
    {
        SubtitleIssueCodes.EncodingInvalidUtf8 or SubtitleIssueCodes.EncodingInvalidUtf16 or SubtitleIssueCodes.EncodingUtf16WithoutBom
            or SubtitleIssueCodes.EncodingUnsupported or SubtitleIssueCodes.EncodingLegacyUndecodable
            => l["The text encoding cannot be read. Save the file as UTF-8 and upload it again."],
        SubtitleIssueCodes.SignatureMissing => l["The file does not start with WEBVTT and is not an SRT file."],
        SubtitleIssueCodes.TimingMalformed => l["This timing line is not valid (expected 00:01:02.500 --> 00:01:05.000); the cue was left out."],
        SubtitleIssueCodes.CueEndBeforeStart => l["The cue ends before it starts; it was left out."],
        SubtitleIssueCodes.CueArrowInText => l["“-->” inside the text ended the cue early."],
        SubtitleIssueCodes.SettingInvalid or SubtitleIssueCodes.SettingUnknown => l["A cue setting is not valid and was ignored."],
        SubtitleIssueCodes.SettingRegionDropped or SubtitleIssueCodes.RegionUnknown => l["The cue's region does not apply and was ignored."],
        SubtitleIssueCodes.RegionSettingInvalid or SubtitleIssueCodes.RegionSettingUnknown or SubtitleIssueCodes.RegionIdMissing
            or SubtitleIssueCodes.RegionIdDuplicate => l["A region definition is not valid and was ignored."],
        SubtitleIssueCodes.BlockIgnored or SubtitleIssueCodes.BlockMisplaced => l["This block is not a cue and was ignored."],
        SubtitleIssueCodes.SrtIndexMissing or SubtitleIssueCodes.SrtIndexUnexpected => l["The SRT cue number is missing or wrong (harmless)."],
        SubtitleIssueCodes.SrtTagDropped => l["A formatting tag WebVTT does not know was removed."],
        SubtitleIssueCodes.SrtBlankLineInText or SubtitleIssueCodes.SrtMissingBlankLine => l["A blank line is missing or misplaced between SRT cues."],
        SubtitleIssueCodes.CueOutOfOrder => l["This cue starts before the previous one."],
        SubtitleIssueCodes.CueOverlap => l["This cue overlaps the previous one."],
        SubtitleIssueCodes.CueAfterFilmEnd => l["This cue ends after the end of the film."],
        SubtitleIssueCodes.CueReadingSpeed => l["Too much text for the time on screen (more than 21 characters per second)."],
        SubtitleIssueCodes.CueLineTooLong => l["A line is longer than 42 characters."],
        _ => l["This line has a problem."],
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Subtitles for film {FilmId} in {Culture}: {CueCount} cues saved, {ErrorCount} errors, {WarningCount} warnings")]
    private static partial void LogSaved(ILogger logger, Guid filmId, string culture, int cueCount, int errorCount, int warningCount);
}
