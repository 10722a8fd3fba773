using Kinodialog.Core.Media;

namespace Kinodialog.Core.Tests.Media;

public sealed class FfmpegProgressTests
{
    // One block of ffmpeg 5.1's -progress output, as written to pipe:1.
    private const string Block = """
        frame=50
        fps=0.00
        stream_0_0_q=29.0
        bitrate= 334.4kbits/s
        total_size=48
        out_time_us=1500000
        out_time_ms=1500000
        out_time=00:00:01.500000
        dup_frames=0
        drop_frames=0
        speed=2.98x
        progress=continue
        """;

    [Fact]
    public void Out_time_in_microseconds_becomes_a_fraction_of_the_duration()
    {
        var progress = new FfmpegProgress(TimeSpan.FromSeconds(3));

        var changed = Block.Split('\n').Select(progress.Apply).ToList();

        Assert.Equal(0.5, progress.Fraction, 9);
        Assert.Equal(1, changed.Count(c => c));
        Assert.False(progress.IsEnd);
    }

    [Fact]
    public void Out_time_ms_is_read_as_microseconds_as_ffmpeg_writes_it()
    {
        var progress = new FfmpegProgress(TimeSpan.FromSeconds(10));

        Assert.True(progress.Apply("out_time_ms=2500000"));

        Assert.Equal(0.25, progress.Fraction, 9);
    }

    [Fact]
    public void The_end_marker_completes_the_progress()
    {
        var progress = new FfmpegProgress(TimeSpan.FromSeconds(10));
        progress.Apply("out_time_us=9960000");

        Assert.True(progress.Apply("progress=end"));

        Assert.Equal(1, progress.Fraction);
        Assert.True(progress.IsEnd);
    }

    [Theory]
    [InlineData("out_time_us=3008000", 1.0)]
    [InlineData("out_time_us=-23220", 0.0)]
    public void The_fraction_stays_between_zero_and_one(string line, double expected)
    {
        var progress = new FfmpegProgress(TimeSpan.FromSeconds(3));

        progress.Apply(line);

        Assert.Equal(expected, progress.Fraction);
    }

    [Fact]
    public void Progress_never_goes_backwards()
    {
        var progress = new FfmpegProgress(TimeSpan.FromSeconds(10));
        progress.Apply("out_time_us=6000000");

        Assert.False(progress.Apply("out_time_us=4000000"));

        Assert.Equal(0.6, progress.Fraction, 9);
    }

    [Theory]
    [InlineData("out_time_us=N/A")]
    [InlineData("out_time=00:00:01.500000")]
    [InlineData("speed=2.98x")]
    [InlineData("progress=continue")]
    [InlineData("garbage")]
    [InlineData("=5")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_lines_change_nothing(string? line)
    {
        var progress = new FfmpegProgress(TimeSpan.FromSeconds(3));

        Assert.False(progress.Apply(line));
        Assert.Equal(0, progress.Fraction);
    }

    [Fact]
    public void Without_a_known_duration_only_the_end_counts()
    {
        var progress = new FfmpegProgress(TimeSpan.Zero);

        Assert.False(progress.Apply("out_time_us=1500000"));
        Assert.True(progress.Apply("progress=end"));
        Assert.Equal(1, progress.Fraction);
    }
}
