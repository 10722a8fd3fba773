using Kinodialog.Core.Media;
using Kinodialog.Web.Infrastructure.Media;

namespace Kinodialog.Web.Tests.Infrastructure.Media;

[Collection(MediaToolsTestGroup.Name)]
public sealed class DemoFilmGeneratorTests(MediaToolsFixture fixture)
{
    private readonly DemoFilmGenerator _generator = fixture.Get<DemoFilmGenerator>();
    private readonly FfprobeClient _ffprobe = fixture.Get<FfprobeClient>();

    [Fact]
    public async Task A_demo_film_plays_with_the_requested_duration_and_size()
    {
        var path = Path.Combine(fixture.NewWorkDirectory(), "films", "demo.mp4");
        var spec = new DemoFilmSpec(TimeSpan.FromSeconds(2.5), 320, 240, "#2A6F97") { Title = "Ararat — Արարատ — Ağrı: 'one', two" };

        await _generator.GenerateAsync(path, spec, CancellationToken.None);

        var result = await _ffprobe.ProbeAsync(path, CancellationToken.None);
        Assert.True(result.IsPlayableVideo, result.NotPlayableReason);
        var probe = result.Probe!;
        Assert.InRange(probe.Duration!.Value.TotalSeconds, 2.4, 2.6);
        Assert.Equal((320, 240), (probe.Width, probe.Height));
        Assert.Equal("h264", probe.VideoCodec);
        Assert.True(probe.HasAudio);
        var boxes = MediaToolsFixture.TopLevelBoxes(path);
        Assert.True(boxes.IndexOf("moov") < boxes.IndexOf("mdat"), string.Join(' ', boxes));
    }

    [Fact]
    public async Task A_title_with_quotes_colons_commas_and_brackets_is_drawn_literally()
    {
        // drawtext with the escaped text= must draw exactly what drawtext reads unescaped from a textfile=.
        Assert.True(File.Exists(DemoFilmGenerator.DefaultFontFile), "fonts-dejavu-core is not installed");
        var work = fixture.NewWorkDirectory();
        const string title = @"Ana's film: one, two; [three] \ 100% {x} ""Ураган""";
        var textFile = Path.Combine(work, "title.txt");
        await File.WriteAllTextAsync(textFile, title);
        var font = "fontfile=" + FfmpegArguments.EscapeFilterValue(DemoFilmGenerator.DefaultFontFile) + ":fontsize=20:fontcolor=white:x=4:y=40:expansion=none";

        var escaped = await RenderAsync(work, "escaped", $"drawtext={font}:text={FfmpegArguments.EscapeFilterValue(title)}");
        var literal = await RenderAsync(work, "literal", $"drawtext={font}:textfile={FfmpegArguments.EscapeFilterValue(textFile)}");
        var other = await RenderAsync(work, "other", $"drawtext={font}:text={FfmpegArguments.EscapeFilterValue("Ana's film")}");

        Assert.Contains(literal, b => b != 0);
        Assert.Equal(literal, escaped);
        Assert.NotEqual(literal, other);
    }

    [Fact]
    public async Task A_failed_generation_leaves_no_file()
    {
        var path = Path.Combine(fixture.NewWorkDirectory(), "demo.mp4");
        var spec = new DemoFilmSpec(TimeSpan.FromSeconds(1), 320, 240, "notacolour");

        var error = await Assert.ThrowsAsync<MediaEncodingException>(() => _generator.GenerateAsync(path, spec, CancellationToken.None));

        Assert.NotEmpty(error.StderrTail);
        Assert.False(File.Exists(path));
    }

    private static async Task<byte[]> RenderAsync(string work, string name, string filter)
    {
        var path = Path.Combine(work, name + ".gray");
        await MediaToolsFixture.RunFfmpegAsync(
        [
            "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=black:s=480x80:d=1",
            "-vf", filter, "-frames:v", "1", "-pix_fmt", "gray", "-f", "rawvideo", "file:" + path,
        ]);
        return await File.ReadAllBytesAsync(path);
    }
}
