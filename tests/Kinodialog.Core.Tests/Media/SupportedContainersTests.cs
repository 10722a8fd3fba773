using Kinodialog.Core.Media;

namespace Kinodialog.Core.Tests.Media;

public sealed class SupportedContainersTests
{
    [Theory]
    [InlineData("mov,mp4,m4a,3gp,3g2,mj2")]
    [InlineData("matroska,webm")]
    [InlineData("avi")]
    [InlineData("mpegts")]
    [InlineData("mpeg")]
    [InlineData("asf")]
    public void Film_containers_are_accepted(string formatName) => Assert.True(SupportedContainers.Contains(formatName));

    [Theory]
    [InlineData("hls")]
    [InlineData("concat")]
    [InlineData("image2")]
    [InlineData("png_pipe")]
    [InlineData("wav")]
    [InlineData("MOV")]
    [InlineData("")]
    [InlineData(null)]
    public void Playlists_pictures_and_sound_are_not(string? formatName) => Assert.False(SupportedContainers.Contains(formatName));

    [Fact]
    public void The_whitelist_for_ffmpeg_lists_every_name_once() =>
        Assert.Equal(SupportedContainers.Names, SupportedContainers.Whitelist.Split(',').Distinct(StringComparer.Ordinal));
}
