using System.Security.Cryptography;
using Kinodialog.Core.Media;
using Kinodialog.Web.Infrastructure.Media;

namespace Kinodialog.Web.Tests.Infrastructure.Media;

[Collection(MediaToolsTestGroup.Name)]
public sealed class FilmEncoderTests(MediaToolsFixture fixture)
{
    private readonly FilmEncoder _encoder = fixture.Get<FilmEncoder>();
    private readonly FfprobeClient _ffprobe = fixture.Get<FfprobeClient>();

    [Fact]
    public async Task A_small_film_becomes_a_240p_MP4_that_plays_and_a_poster()
    {
        var work = fixture.NewWorkDirectory();

        var files = await EncodeAsync(fixture.Source, work);

        Assert.Equal(["240p", "poster"], files.Select(f => f.Name));
        Assert.Equal(["240p.mp4", "poster.jpg"], Directory.GetFiles(work).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var video = files[0];
        Assert.Equal(Path.Combine(work, "240p.mp4"), video.Path);
        Assert.Equal("video/mp4", video.ContentType);
        Assert.Equal((320, 240), (video.Width, video.Height));

        var probe = (await _ffprobe.ProbeAsync(video.Path, CancellationToken.None)).Probe!;
        Assert.True(probe.IsPlayableVideo, probe.NotPlayableReason);
        Assert.Equal("h264", probe.VideoCodec);
        Assert.True(probe.HasAudio);
        Assert.InRange(probe.Duration!.Value.TotalSeconds, 2.9, 3.2);
    }

    [Fact]
    public async Task The_MP4_has_its_moov_box_before_the_media_data()
    {
        var files = await EncodeAsync(fixture.Source, fixture.NewWorkDirectory());

        var boxes = MediaToolsFixture.TopLevelBoxes(files[0].Path);

        Assert.Equal("ftyp", boxes[0]);
        Assert.Contains("moov", boxes);
        Assert.Contains("mdat", boxes);
        Assert.True(boxes.IndexOf("moov") < boxes.IndexOf("mdat"), string.Join(' ', boxes));
    }

    [Fact]
    public async Task Sizes_and_SHA_256_describe_the_files_on_disk()
    {
        var files = await EncodeAsync(fixture.Source, fixture.NewWorkDirectory());

        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file.Path);
            Assert.Equal(bytes.LongLength, file.Length);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.Sha256);
            Assert.Matches("^[0-9a-f]{64}$", file.Sha256);
        }
    }

    [Fact]
    public async Task The_poster_is_a_JPEG()
    {
        var files = await EncodeAsync(fixture.Source, fixture.NewWorkDirectory());

        var poster = Assert.Single(files, f => f.Name == FilmEncoder.PosterName);
        Assert.Equal("image/jpeg", poster.ContentType);
        Assert.Equal((320, 240), (poster.Width, poster.Height));
        var bytes = await File.ReadAllBytesAsync(poster.Path);
        Assert.Equal([0xFF, 0xD8, 0xFF], bytes[..3]);
        Assert.Equal([0xFF, 0xD9], bytes[^2..]);
    }

    [Fact]
    public async Task Progress_climbs_to_one_and_never_goes_back()
    {
        var progress = new RecordingProgress();

        await EncodeAsync(fixture.Source, fixture.NewWorkDirectory(), progress);

        var values = progress.Values;
        Assert.NotEmpty(values);
        Assert.Equal(1.0, values[^1]);
        Assert.All(values, v => Assert.InRange(v, 0.0, 1.0));
        Assert.All(values.Zip(values.Skip(1)), p => Assert.True(p.First < p.Second, $"{p.First} then {p.Second}"));
    }

    [Fact]
    public async Task A_film_without_sound_still_encodes()
    {
        var files = await EncodeAsync(fixture.SilentSource, fixture.NewWorkDirectory());

        var probe = (await _ffprobe.ProbeAsync(files[0].Path, CancellationToken.None)).Probe!;
        Assert.True(probe.IsPlayableVideo, probe.NotPlayableReason);
        Assert.False(probe.HasAudio);
    }

    [Fact]
    public async Task A_360p_source_gets_240p_and_360p_with_even_widths_and_progress_across_both()
    {
        var source = Path.Combine(fixture.NewWorkDirectory(), "wide.mkv");
        await MediaToolsFixture.MakeSourceAsync(source, 640, 360, seconds: 1, withAudio: true);
        var progress = new RecordingProgress();

        var files = await EncodeAsync(source, fixture.NewWorkDirectory(), progress);

        Assert.Equal(["240p", "360p", "poster"], files.Select(f => f.Name));
        Assert.Equal((426, 240), (files[0].Width, files[0].Height));
        Assert.Equal((640, 360), (files[1].Width, files[1].Height));
        Assert.Equal(1.0, progress.Values[^1]);
        // The 240p rung weighs 240² / (240² + 360²) of the whole.
        Assert.Contains(progress.Values, v => Math.Abs(v - (240.0 * 240 / ((240 * 240) + (360 * 360)))) < 1e-9);
    }

    [Fact]
    public async Task A_phone_film_shot_upright_is_encoded_upright()
    {
        // ffmpeg 5.1 writes the rotation (a display matrix) when remuxing, as a phone would have recorded it.
        var work = fixture.NewWorkDirectory();
        var flat = Path.Combine(work, "flat.mp4");
        var source = Path.Combine(work, "phone.mp4");
        await MediaToolsFixture.MakeSourceAsync(flat, 320, 240, seconds: 1, withAudio: false);
        await MediaToolsFixture.RunFfmpegAsync(["-hide_banner", "-loglevel", "error", "-i", "file:" + flat, "-c", "copy", "-metadata:s:v:0", "rotate=90", "file:" + source]);

        var files = await EncodeAsync(source, fixture.NewWorkDirectory());

        Assert.Equal((180, 240), (files[0].Width, files[0].Height));
        Assert.Equal((240, 320), (files[1].Width, files[1].Height));
        var probe = (await _ffprobe.ProbeAsync(files[0].Path, CancellationToken.None)).Probe!;
        Assert.Equal(0, probe.Rotation);
    }

    [Fact]
    public async Task An_ffmpeg_failure_carries_its_message_and_leaves_nothing_behind()
    {
        var work = fixture.NewWorkDirectory();
        var source = Path.Combine(work, "source.mkv");
        await File.WriteAllTextAsync(source, "not really a film");
        var pretend = new MediaProbe { FormatName = "matroska,webm", VideoCodec = "h264", Width = 320, Height = 240, Duration = TimeSpan.FromSeconds(3) };

        var error = await Assert.ThrowsAsync<MediaEncodingException>(() =>
            _encoder.EncodeAsync(source, work, pretend, null, CancellationToken.None));

        Assert.Contains("exit code", error.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid data", error.StderrTail, StringComparison.Ordinal);
        Assert.Equal(["source.mkv"], Directory.GetFiles(work).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Past_a_mistaken_probe_ffmpeg_still_refuses_a_playlist_disguised_as_a_film()
    {
        var work = fixture.NewWorkDirectory();
        var playlist = await MediaToolsFixture.MakeDisguisedPlaylistAsync(work, fixture.SilentSource);
        var mistaken = new MediaProbe { FormatName = "mov,mp4,m4a,3gp,3g2,mj2", VideoCodec = "mpeg4", Width = 320, Height = 240, Duration = TimeSpan.FromSeconds(2) };

        var error = await Assert.ThrowsAsync<MediaEncodingException>(() =>
            _encoder.EncodeAsync(playlist, Path.Combine(work, "out"), mistaken, null, CancellationToken.None));

        Assert.Contains("not on whitelist", error.StderrTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_an_encode_stops_ffmpeg_and_leaves_nothing_behind()
    {
        var work = fixture.NewWorkDirectory();
        var source = Path.Combine(work, "long.mkv");
        await MediaToolsFixture.MakeSourceAsync(source, 320, 240, seconds: 60, withAudio: true);
        var probe = (await _ffprobe.ProbeAsync(source, CancellationToken.None)).Probe!;
        var output = Path.Combine(work, "out");
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress { OnReport = _ => cancellation.Cancel() };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _encoder.EncodeAsync(source, output, probe, progress, cancellation.Token));

        await MediaToolsFixture.AssertNoProcessMentionsAsync(output);
        Assert.Empty(Directory.GetFiles(output));
        Assert.InRange(progress.Values[0], 0.0, 0.99);
    }

    [Fact]
    public async Task A_source_that_is_not_a_film_is_refused_before_ffmpeg_runs()
    {
        var still = new MediaProbe { FormatName = "image2", VideoCodec = "mjpeg", Width = 640, Height = 360, IsStillImage = true };

        await Assert.ThrowsAsync<ArgumentException>(() =>
            _encoder.EncodeAsync(fixture.Source, fixture.NewWorkDirectory(), still, null, CancellationToken.None));
    }

    private async Task<IReadOnlyList<EncodedFile>> EncodeAsync(string source, string work, IProgress<double>? progress = null)
    {
        var probe = await _ffprobe.ProbeAsync(source, CancellationToken.None);
        Assert.True(probe.IsPlayableVideo, probe.NotPlayableReason);
        return await _encoder.EncodeAsync(source, work, probe.Probe!, progress, CancellationToken.None);
    }
}
