using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Media;

namespace Kinodialog.Core.Tests.Media;

public sealed class EncodingLadderTests
{
    [Fact]
    public void The_ladder_has_240p_360p_and_720p_with_their_bitrates()
    {
        Assert.Equal(["240p", "360p", "720p"], EncodingLadder.Rungs.Select(r => r.Name));
        Assert.Equal(new Rendition("240p", 240, 300, 64), EncodingLadder.Low);
        Assert.Equal(new Rendition("360p", 360, 700, 96), EncodingLadder.Default);
        Assert.Equal(new Rendition("720p", 720, 2500, 128), EncodingLadder.High);
    }

    [Fact]
    public void The_default_for_weak_connections_is_360p() => Assert.Equal("360p", EncodingLadder.Default.Name);

    [Theory]
    [InlineData(2160, "240p 360p 720p")]
    [InlineData(1080, "240p 360p 720p")]
    [InlineData(720, "240p 360p 720p")]
    [InlineData(719, "240p 360p")]
    [InlineData(480, "240p 360p")]
    [InlineData(360, "240p 360p")]
    [InlineData(288, "240p")]
    [InlineData(240, "240p")]
    [InlineData(144, "240p")]
    public void Rungs_taller_than_the_source_are_skipped_but_the_smallest_is_always_made(int height, string expected) =>
        Assert.Equal(expected, string.Join(' ', EncodingLadder.For(height).Select(r => r.Name)));

    [Fact]
    public void A_phone_film_shot_upright_is_laddered_by_its_displayed_height()
    {
        var portrait = new MediaProbe { FormatName = "mov,mp4,m4a,3gp,3g2,mj2", VideoCodec = "h264", Width = 640, Height = 360, Rotation = 90, Duration = TimeSpan.FromSeconds(5) };

        Assert.Equal(["240p", "360p"], EncodingLadder.For(portrait).Select(r => r.Name));
    }

    [Fact]
    public void Every_source_gets_at_least_one_rung_none_taller_than_needed_and_smallest_first() =>
        Prop.ForAll<PositiveInt>(h =>
        {
            var rungs = EncodingLadder.For(h.Get);
            return rungs.Count >= 1
                && rungs[0] == EncodingLadder.Low
                && rungs.Skip(1).All(r => r.Height <= h.Get)
                && rungs.Zip(rungs.Skip(1)).All(p => p.First.Height < p.Second.Height);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Peak_bitrates_are_capped_a_quarter_above_the_average()
    {
        Assert.Equal(875, EncodingLadder.Default.MaxVideoKbps);
        Assert.Equal(1400, EncodingLadder.Default.BufferKbits);
        Assert.All(EncodingLadder.Rungs, r => Assert.InRange(r.MaxVideoKbps, r.VideoKbps, r.VideoKbps * 1.3));
    }

    [Fact]
    public void File_names_come_from_the_rung_alone() =>
        Assert.Equal(["240p.mp4", "360p.mp4", "720p.mp4"], EncodingLadder.Rungs.Select(r => r.FileName));

    [Theory]
    [InlineData("360p", true)]
    [InlineData("360P", false)]
    [InlineData("1080p", false)]
    [InlineData(null, false)]
    public void Rungs_are_found_by_their_exact_name(string? name, bool found) =>
        Assert.Equal(found, EncodingLadder.Find(name) is not null);

    [Fact]
    public void A_source_without_height_has_no_ladder() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EncodingLadder.For(0));
}
