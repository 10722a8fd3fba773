using Kinodialog.Core.Media;
using Kinodialog.Web.Infrastructure.Media;

namespace Kinodialog.Web.Tests.Infrastructure.Media;

[Collection(MediaToolsTestGroup.Name)]
public sealed class FfprobeClientTests(MediaToolsFixture fixture)
{
    private readonly FfprobeClient _ffprobe = fixture.Get<FfprobeClient>();

    [Fact]
    public async Task A_film_gives_its_duration_size_and_sound()
    {
        var result = await _ffprobe.ProbeAsync(fixture.Source, CancellationToken.None);

        Assert.True(result.IsPlayableVideo, result.NotPlayableReason);
        var probe = result.Probe!;
        Assert.InRange(probe.Duration!.Value.TotalSeconds, 2.9, 3.1);
        Assert.Equal((320, 240), (probe.Width, probe.Height));
        Assert.Equal("mpeg4", probe.VideoCodec);
        Assert.True(probe.HasAudio);
        Assert.Contains("matroska", probe.FormatName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_file_is_not_a_video_file()
    {
        var path = Path.Combine(fixture.NewWorkDirectory(), "film.mp4");
        await File.WriteAllTextAsync(path, "These are the discussion notes, not a film.\n");

        var result = await _ffprobe.ProbeAsync(path, CancellationToken.None);

        Assert.False(result.IsPlayableVideo);
        Assert.Null(result.Probe);
        Assert.Equal(NotPlayableReasons.NotMedia, result.FailureReason);
        Assert.Equal("not a video file", result.NotPlayableReason);
    }

    [Fact]
    public async Task A_sound_recording_has_no_video_stream()
    {
        var path = Path.Combine(fixture.NewWorkDirectory(), "interview.wav");
        await MediaToolsFixture.RunFfmpegAsync(["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "sine=d=1", "file:" + path]);

        var result = await _ffprobe.ProbeAsync(path, CancellationToken.None);

        Assert.True(result.Probe!.HasAudio);
        Assert.Equal(NotPlayableReasons.NoVideoStream, result.NotPlayableReason);
    }

    [Fact]
    public async Task A_photo_is_a_still_image()
    {
        var path = Path.Combine(fixture.NewWorkDirectory(), "photo.jpg");
        await MediaToolsFixture.RunFfmpegAsync(["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=s=640x360", "-frames:v", "1", "file:" + path]);

        var result = await _ffprobe.ProbeAsync(path, CancellationToken.None);

        Assert.Equal(NotPlayableReasons.StillImage, result.NotPlayableReason);
    }

    [Fact]
    public async Task A_playlist_disguised_as_a_film_is_refused_for_its_container()
    {
        var path = await MediaToolsFixture.MakeDisguisedPlaylistAsync(fixture.NewWorkDirectory(), fixture.SilentSource);

        var result = await _ffprobe.ProbeAsync(path, CancellationToken.None);

        Assert.Equal("hls", result.Probe!.FormatName);
        Assert.Equal(NotPlayableReasons.UnsupportedContainer, result.NotPlayableReason);
    }

    [Fact]
    public async Task A_missing_file_is_an_error() =>
        await Assert.ThrowsAsync<FileNotFoundException>(() => _ffprobe.ProbeAsync(Path.Combine(fixture.Directory, "nothing.mp4"), CancellationToken.None));
}
