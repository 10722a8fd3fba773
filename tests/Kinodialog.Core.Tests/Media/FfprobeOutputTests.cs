using System.Globalization;
using Kinodialog.Core.Media;

namespace Kinodialog.Core.Tests.Media;

public sealed class FfprobeOutputTests
{
    [Fact]
    public void An_MP4_film_gives_its_duration_size_codec_and_audio()
    {
        var probe = FfprobeOutput.Parse(FfprobeSamples.Mp4);

        Assert.Equal(TimeSpan.FromSeconds(3), probe.Duration);
        Assert.Equal(320, probe.Width);
        Assert.Equal(240, probe.Height);
        Assert.Equal("h264", probe.VideoCodec);
        Assert.True(probe.HasAudio);
        Assert.Equal("mov,mp4,m4a,3gp,3g2,mj2", probe.FormatName);
        Assert.False(probe.IsStillImage);
        Assert.True(probe.IsPlayableVideo);
        Assert.Null(probe.NotPlayableReason);
        Assert.Equal(0.3, probe.PosterSeconds, 6);
    }

    [Theory]
    [InlineData("az-Latn-AZ")]
    [InlineData("de-DE")]
    [InlineData("ru-RU")]
    [InlineData("hy-AM")]
    public void Durations_are_read_with_the_invariant_culture_whatever_the_current_one(string culture)
    {
        // In az-Latn-AZ and de-DE "." groups thousands: a culture-sensitive parse reads "3.021000" as 3021000.
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);

            var probe = FfprobeOutput.Parse(FfprobeSamples.Matroska);

            Assert.Equal(TimeSpan.FromMilliseconds(3021), probe.Duration);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    [Fact]
    public void A_feature_length_duration_keeps_its_fraction()
    {
        const string json = """{"streams":[{"codec_type":"video","codec_name":"h264","width":1920,"height":1080}],"format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"5423.360000"}}""";

        var probe = FfprobeOutput.Parse(json);

        Assert.Equal(TimeSpan.FromSeconds(5423.36), probe.Duration);
        Assert.Equal(542.336, probe.PosterSeconds, 6);
    }

    [Fact]
    public void Without_a_container_duration_the_longest_stream_counts()
    {
        const string json = """
            {"streams":[
              {"codec_type":"video","codec_name":"h264","width":640,"height":360,"duration":"12.480000"},
              {"codec_type":"audio","codec_name":"aac","duration":"12.520000"},
              {"codec_type":"subtitle","codec_name":"mov_text","duration":"N/A"}],
             "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"N/A"}}
            """;

        Assert.Equal(TimeSpan.FromSeconds(12.52), FfprobeOutput.Parse(json).Duration);
    }

    [Fact]
    public void A_browser_recording_without_any_duration_is_not_playable()
    {
        var probe = FfprobeOutput.Parse(FfprobeSamples.LiveWebm);

        Assert.Null(probe.Duration);
        Assert.True(probe.HasVideo);
        Assert.False(probe.IsPlayableVideo);
        Assert.Equal(NotPlayableReasons.DurationUnknown, probe.NotPlayableReason);
    }

    [Fact]
    public void Audio_alone_is_not_a_film()
    {
        var probe = FfprobeOutput.Parse(FfprobeSamples.Wav);

        Assert.True(probe.HasAudio);
        Assert.False(probe.HasVideo);
        Assert.Equal(TimeSpan.FromSeconds(2), probe.Duration);
        Assert.Equal("wav", probe.FormatName);
        Assert.Equal(NotPlayableReasons.NoVideoStream, probe.NotPlayableReason);
    }

    [Fact]
    public void Cover_art_does_not_make_a_song_a_film()
    {
        var probe = FfprobeOutput.Parse(FfprobeSamples.Mp3WithCoverArt);

        Assert.True(probe.HasAudio);
        Assert.False(probe.HasVideo);
        Assert.Null(probe.VideoCodec);
        Assert.Equal(NotPlayableReasons.NoVideoStream, probe.NotPlayableReason);
    }

    [Theory]
    [InlineData(nameof(FfprobeSamples.Jpeg), "mjpeg")]
    [InlineData(nameof(FfprobeSamples.Png), "png")]
    public void A_still_picture_is_not_a_film(string sample, string codec)
    {
        var probe = FfprobeOutput.Parse(Sample(sample));

        Assert.Equal(codec, probe.VideoCodec);
        Assert.True(probe.IsStillImage);
        Assert.Equal(NotPlayableReasons.StillImage, probe.NotPlayableReason);
    }

    [Fact]
    public void Motion_JPEG_in_an_AVI_is_a_film()
    {
        var probe = FfprobeOutput.Parse(FfprobeSamples.MotionJpegAvi);

        Assert.Equal("mjpeg", probe.VideoCodec);
        Assert.False(probe.IsStillImage);
        Assert.True(probe.IsPlayableVideo);
    }

    [Fact]
    public void A_playlist_disguised_as_a_film_is_refused_for_its_container()
    {
        var probe = FfprobeOutput.Parse(FfprobeSamples.HlsPlaylistNamedMp4);

        Assert.Equal("hls", probe.FormatName);
        Assert.Equal(TimeSpan.FromSeconds(3), probe.Duration);
        Assert.Equal(NotPlayableReasons.UnsupportedContainer, probe.NotPlayableReason);
    }

    [Fact]
    public void A_single_frame_is_a_still_whatever_its_codec()
    {
        const string json = """{"streams":[{"codec_type":"video","codec_name":"h264","width":640,"height":360,"nb_frames":"1","duration":"0.040000"}],"format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"0.040000"}}""";

        Assert.Equal(NotPlayableReasons.StillImage, FfprobeOutput.Parse(json).NotPlayableReason);
    }

    [Fact]
    public void A_phone_film_turned_a_quarter_is_shown_upright()
    {
        var probe = FfprobeOutput.Parse(FfprobeSamples.RotatedMp4);

        Assert.Equal(90, probe.Rotation);
        Assert.Equal((320, 240), (probe.Width, probe.Height));
        Assert.Equal((240, 320), (probe.DisplayWidth, probe.DisplayHeight));
    }

    [Theory]
    [InlineData("""{"rotation": -90}""", 270)]
    [InlineData("""{"rotation": 180}""", 180)]
    [InlineData("""{"rotation": 270}""", 270)]
    [InlineData("""{"rotation": 0}""", 0)]
    public void Rotation_is_a_clockwise_quarter_turn(string sideData, int expected)
    {
        var json = $$$"""{"streams":[{"codec_type":"video","codec_name":"h264","width":1920,"height":1080,"side_data_list":[{{{sideData}}}]}],"format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"10.0"}}""";

        Assert.Equal(expected, FfprobeOutput.Parse(json).Rotation);
    }

    [Fact]
    public void An_old_rotate_tag_is_understood()
    {
        const string json = """{"streams":[{"codec_type":"video","codec_name":"h264","width":1280,"height":720,"tags":{"rotate":"90"}}],"format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"10.0"}}""";

        Assert.Equal(720, FfprobeOutput.Parse(json).DisplayWidth);
    }

    [Fact]
    public void Numbers_written_as_JSON_numbers_are_accepted_too()
    {
        const string json = """{"streams":[{"codec_type":"video","codec_name":"h264","width":640,"height":360}],"format":{"format_name":"mp4","duration":7.5}}""";

        Assert.Equal(TimeSpan.FromSeconds(7.5), FfprobeOutput.Parse(json).Duration);
    }

    [Fact]
    public void The_empty_output_of_a_failed_probe_has_no_video()
    {
        var probe = FfprobeOutput.Parse("{\n\n}");

        Assert.Equal("", probe.FormatName);
        Assert.Equal(NotPlayableReasons.NoVideoStream, probe.NotPlayableReason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public void Text_that_is_not_ffprobe_JSON_is_a_format_error(string text) =>
        Assert.Throws<FormatException>(() => FfprobeOutput.Parse(text));

    private static string Sample(string name) =>
        (string)typeof(FfprobeSamples).GetField(name)!.GetRawConstantValue()!;
}
