using System.Globalization;

namespace Kinodialog.Core.Media;

/// <summary>One rung of the encoding ladder: an output height and the bitrates that go with it.</summary>
/// <param name="Name">The rung's name, e.g. "360p"; also the stem of its file name.</param>
/// <param name="Height">Output height in pixels; the width follows the source's aspect ratio.</param>
/// <param name="VideoKbps">Average video bitrate in kbit/s.</param>
/// <param name="AudioKbps">AAC audio bitrate in kbit/s.</param>
public sealed record Rendition(string Name, int Height, int VideoKbps, int AudioKbps)
{
    /// <summary>Peak video bitrate the encoder may reach: 125% of the average, so weak connections are not surprised.</summary>
    public int MaxVideoKbps => VideoKbps * 5 / 4;

    /// <summary>Rate-control buffer: two seconds at the average bitrate.</summary>
    public int BufferKbits => VideoKbps * 2;

    /// <summary>The output's file name, derived from the rung alone (never from an uploaded name).</summary>
    public string FileName => Name + ".mp4";

    internal static string Kilo(int value) => value.ToString(CultureInfo.InvariantCulture) + "k";
}
