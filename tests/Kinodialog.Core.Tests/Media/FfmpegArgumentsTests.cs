using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Media;

namespace Kinodialog.Core.Tests.Media;

public sealed class FfmpegArgumentsTests
{
    [Fact]
    public void Probe_asks_ffprobe_for_format_and_streams_as_JSON() =>
        Assert.Equal(
            ["-hide_banner", "-v", "error", "-protocol_whitelist", "file", "-print_format", "json", "-show_format", "-show_streams", "file:/media/in/01.upload"],
            FfmpegArguments.Probe("/media/in/01.upload"));

    [Fact]
    public void Encode_reads_the_input_then_writes_the_output_last()
    {
        var args = FfmpegArguments.Encode("/work/source.mov", "/work/360p.mp4", EncodingLadder.Default, 2);

        Assert.Equal("file:/work/360p.mp4", args[^1]);
        Assert.Equal("mp4", ValueOf(args, "-f"));
        Assert.Equal("file:/work/source.mov", ValueOf(args, "-i"));
        Assert.Single(args, a => a == "-i");
    }

    [Fact]
    public void Encode_makes_H264_main_yuv420p_with_AAC_stereo_and_the_moov_box_first()
    {
        var args = FfmpegArguments.Encode("in.mov", "out.mp4", EncodingLadder.Default, 2);

        Assert.Equal("libx264", ValueOf(args, "-c:v"));
        Assert.Equal("veryfast", ValueOf(args, "-preset"));
        Assert.Equal("main", ValueOf(args, "-profile:v"));
        Assert.Equal("yuv420p", ValueOf(args, "-pix_fmt"));
        Assert.Equal("aac", ValueOf(args, "-c:a"));
        Assert.Equal("2", ValueOf(args, "-ac"));
        Assert.Equal("+faststart", ValueOf(args, "-movflags"));
    }

    [Theory]
    [InlineData("240p", "scale=-2:240", "300k", "375k", "600k", "64k")]
    [InlineData("360p", "scale=-2:360", "700k", "875k", "1400k", "96k")]
    [InlineData("720p", "scale=-2:720", "2500k", "3125k", "5000k", "128k")]
    public void Each_rung_is_scaled_to_its_height_with_capped_bitrates(string rung, string scale, string video, string max, string buffer, string audio)
    {
        var args = FfmpegArguments.Encode("in.mov", "out.mp4", EncodingLadder.Find(rung)!, 2);

        Assert.Equal(scale, ValueOf(args, "-vf"));
        Assert.Equal(video, ValueOf(args, "-b:v"));
        Assert.Equal(max, ValueOf(args, "-maxrate"));
        Assert.Equal(buffer, ValueOf(args, "-bufsize"));
        Assert.Equal(audio, ValueOf(args, "-b:a"));
    }

    [Fact]
    public void Encode_maps_the_first_real_video_stream_and_the_first_audio_stream_if_any()
    {
        var args = FfmpegArguments.Encode("in.mov", "out.mp4", EncodingLadder.Low, 2);

        // "V" leaves out cover art; the trailing "?" lets a film without sound encode.
        Assert.Equal(["0:V:0", "0:a:0?"], ValuesOf(args, "-map"));
    }

    [Fact]
    public void Encode_reports_progress_on_standard_output_and_never_waits_for_input()
    {
        var args = FfmpegArguments.Encode("in.mov", "out.mp4", EncodingLadder.Low, 2);
        var input = IndexOf(args, "-i");

        Assert.Equal("pipe:1", ValueOf(args, "-progress"));
        Assert.InRange(IndexOf(args, "-progress"), 0, input);
        Assert.InRange(IndexOf(args, "-nostats"), 0, input);
        Assert.InRange(IndexOf(args, "-nostdin"), 0, input);
        Assert.InRange(IndexOf(args, "-y"), 0, input);
    }

    [Fact]
    public void Sources_are_read_from_local_files_by_film_demuxers_only()
    {
        foreach (var args in new[] { FfmpegArguments.Encode("in.mov", "out.mp4", EncodingLadder.Low, 2), FfmpegArguments.Poster("in.mov", "poster.jpg", 1) })
        {
            var input = IndexOf(args, "-i");
            Assert.Equal("file", ValueOf(args, "-protocol_whitelist"));
            Assert.Equal("mov,matroska,avi,mpegts,mpeg,flv,asf,ogg,dv,mxf", ValueOf(args, "-format_whitelist"));
            Assert.InRange(IndexOf(args, "-protocol_whitelist"), 0, input);
            Assert.InRange(IndexOf(args, "-format_whitelist"), 0, input);
        }
    }

    [Fact]
    public void Encode_strips_metadata_such_as_a_phones_location()
    {
        var args = FfmpegArguments.Encode("in.mov", "out.mp4", EncodingLadder.Low, 2);

        Assert.Equal("-1", ValueOf(args, "-map_metadata"));
        Assert.Equal("-1", ValueOf(args, "-map_chapters"));
    }

    [Fact]
    public void Encode_output_options_come_after_the_input()
    {
        var args = FfmpegArguments.Encode("in.mov", "out.mp4", EncodingLadder.High, 3);
        var input = IndexOf(args, "-i");

        foreach (var option in new[] { "-map", "-vf", "-c:v", "-b:v", "-maxrate", "-bufsize", "-c:a", "-threads", "-movflags", "-f" })
        {
            Assert.InRange(IndexOf(args, option), input + 2, args.Count - 2);
        }

        Assert.Equal("3", ValueOf(args, "-threads"));
    }

    [Fact]
    public void Encode_forces_a_key_frame_every_few_seconds_for_quick_seeking() =>
        Assert.Equal("expr:gte(t,n_forced*4)", ValueOf(FfmpegArguments.Encode("a", "b", EncodingLadder.Low, 1), "-force_key_frames"));

    [Theory]
    [InlineData("/tmp/my film.mov")]
    [InlineData("/tmp/Ana's \"best\" film.mov")]
    [InlineData("/tmp/$(rm -rf ~); `x` | y & z.mov")]
    [InlineData("-y.mov")]
    [InlineData("pipe:0")]
    [InlineData("concat:a.mp4|b.mp4")]
    [InlineData("/tmp/Ураган — Ərəb dili.mov")]
    public void File_names_travel_as_single_untouched_arguments(string name)
    {
        var lists = new[]
        {
            FfmpegArguments.Probe(name),
            FfmpegArguments.Encode(name, name, EncodingLadder.Default, 2),
            FfmpegArguments.Poster(name, name, 1),
            FfmpegArguments.DemoFilm(name, new DemoFilmSpec(TimeSpan.FromSeconds(1), 64, 48, "#336699")),
        };

        foreach (var args in lists)
        {
            Assert.Contains("file:" + name, args);
            Assert.DoesNotContain(args, a => a == name);
            Assert.All(args.Where(a => a.Contains(name, StringComparison.Ordinal)), a => Assert.Equal("file:" + name, a));
        }
    }

    [Fact]
    public void Poster_seeks_before_the_input_and_writes_one_JPEG_at_most_1280_wide()
    {
        var args = FfmpegArguments.Poster("/work/source.mov", "/work/poster.jpg", 12.5);

        Assert.True(IndexOf(args, "-ss") < IndexOf(args, "-i"));
        Assert.Equal("12.5", ValueOf(args, "-ss"));
        Assert.Equal("1", ValueOf(args, "-frames:v"));
        Assert.Equal("scale='min(1280,iw)':-2", ValueOf(args, "-vf"));
        Assert.Equal("image2", ValueOf(args, "-f"));
        Assert.Equal("file:/work/poster.jpg", args[^1]);
    }

    [Fact]
    public void Times_are_written_with_a_decimal_point_in_every_culture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("az-Latn-AZ");

            Assert.Equal("1234.567", ValueOf(FfmpegArguments.Poster("a", "b", 1234.5671), "-ss"));
            Assert.Equal("2.5", ValueOf(FfmpegArguments.DemoFilm("out.mp4", new DemoFilmSpec(TimeSpan.FromSeconds(2.5), 64, 48, "red")), "-t"));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_poster_time_must_be_a_real_moment(double seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FfmpegArguments.Poster("a", "b", seconds));

    [Fact]
    public void A_demo_film_is_made_from_a_gradient_in_its_colour_and_a_tone()
    {
        var args = FfmpegArguments.DemoFilm("/tmp/demo.mp4", new DemoFilmSpec(TimeSpan.FromSeconds(3), 320, 240, "#2A6F97") { ToneHertz = 330 });

        Assert.Equal(["lavfi", "lavfi", "mp4"], ValuesOf(args, "-f"));
        var inputs = ValuesOf(args, "-i");
        Assert.StartsWith("gradients=s=320x240:r=25:d=3:c0=0x2A6F97:", inputs[0], StringComparison.Ordinal);
        Assert.Equal("sine=f=330:r=48000:d=3", inputs[1]);
        Assert.Equal("3", ValueOf(args, "-t"));
        Assert.Equal("+faststart", ValueOf(args, "-movflags"));
        Assert.Equal("yuv420p", ValueOf(args, "-pix_fmt"));
        Assert.Equal("file:/tmp/demo.mp4", args[^1]);
    }

    [Fact]
    public void A_demo_film_draws_no_text_without_a_font_file()
    {
        var args = FfmpegArguments.DemoFilm("demo.mp4", new DemoFilmSpec(TimeSpan.FromSeconds(3), 320, 240, "teal") { Title = "Sevan" });

        Assert.DoesNotContain("-vf", args);
        Assert.DoesNotContain(args, a => a.Contains("drawtext", StringComparison.Ordinal));
    }

    [Fact]
    public void A_demo_film_title_is_escaped_for_drawtext_inside_the_filtergraph()
    {
        var spec = new DemoFilmSpec(TimeSpan.FromSeconds(3), 320, 240, "teal")
        {
            Title = "Ana's film: one, two; [three] 100%",
            FontFile = "/usr/share/fonts/Deja Vu:Sans.ttf",
        };

        var filter = ValueOf(FfmpegArguments.DemoFilm("demo.mp4", spec), "-vf");

        Assert.Contains(@"fontfile=/usr/share/fonts/Deja Vu\\:Sans.ttf:", filter, StringComparison.Ordinal);
        Assert.Contains(@":expansion=none:text=Ana\\\'s film\\: one\, two\; \[three\] 100%", filter, StringComparison.Ordinal);
        Assert.Contains(@"text=%{pts\\:hms}", filter, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("red:d=999")]
    [InlineData("#12345G")]
    [InlineData("#1234567")]
    [InlineData("0x123456,drawtext")]
    [InlineData("")]
    public void A_demo_film_colour_cannot_smuggle_filter_options(string colour) =>
        Assert.ThrowsAny<ArgumentException>(() => FfmpegArguments.DemoFilm("demo.mp4", new DemoFilmSpec(TimeSpan.FromSeconds(3), 320, 240, colour)));

    [Theory]
    [InlineData(0, 320, 240)]
    [InlineData(3, 321, 240)]
    [InlineData(3, 320, 8)]
    [InlineData(3, 320, 4000)]
    public void A_demo_film_needs_a_duration_and_an_even_sensible_size(int seconds, int width, int height) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FfmpegArguments.DemoFilm("demo.mp4", new DemoFilmSpec(TimeSpan.FromSeconds(seconds), width, height, "red")));

    [Fact]
    public void Filter_values_are_escaped_as_the_ffmpeg_manual_shows() =>
        Assert.Equal(
            @"this is a \\\'string\\\'\\: may contain one\, or more\, special characters",
            FfmpegArguments.EscapeFilterValue("this is a 'string': may contain one, or more, special characters"));

    [Fact]
    public void Escaping_survives_both_levels_of_unescaping_unchanged() =>
        Prop.ForAll<NonNull<string>>(s => Unescape(Unescape(FfmpegArguments.EscapeFilterValue(s.Get))) == s.Get)
            .QuickCheckThrowOnFailure();

    [Fact]
    public void An_escaped_value_cannot_end_the_filter_or_start_another() =>
        Prop.ForAll<NonNull<string>>(s => !HasBareSpecial(FfmpegArguments.EscapeFilterValue(s.Get), "[],;'"))
            .QuickCheckThrowOnFailure();

    private static string ValueOf(IReadOnlyList<string> args, string option)
    {
        var values = ValuesOf(args, option);
        Assert.True(values.Count == 1, $"{option} appears {values.Count} times in: {string.Join(' ', args)}");
        return values[0];
    }

    private static int IndexOf(IReadOnlyList<string> args, string option) => args.ToList().IndexOf(option);

    private static List<string> ValuesOf(IReadOnlyList<string> args, string option) =>
        args.Select((a, i) => (a, i)).Where(p => p.a == option && p.i + 1 < args.Count).Select(p => args[p.i + 1]).ToList();

    // ffmpeg's backslash unescaping: a backslash takes the next character literally.
    private static string Unescape(string value)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
            }

            builder.Append(value[i]);
        }

        return builder.ToString();
    }

    private static bool HasBareSpecial(string value, string special)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (special.Contains(value[i], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
