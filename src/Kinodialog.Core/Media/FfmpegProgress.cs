using System.Globalization;

namespace Kinodialog.Core.Media;

/// <summary>
/// Follows the key=value lines ffmpeg writes with <c>-progress pipe:1</c> and turns them into a
/// fraction of a known duration, between 0 and 1 and never going backwards.
/// </summary>
public sealed class FfmpegProgress(TimeSpan duration)
{
    public TimeSpan Duration { get; } = duration;

    /// <summary>How far the encode is, from 0 to 1.</summary>
    public double Fraction { get; private set; }

    /// <summary>Whether ffmpeg reported <c>progress=end</c>.</summary>
    public bool IsEnd { get; private set; }

    /// <summary>Takes one line of progress output; returns true when <see cref="Fraction"/> changed.</summary>
    public bool Apply(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return false;
        }

        var separator = line.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }

        var key = line.AsSpan(0, separator).Trim();
        var value = line.AsSpan(separator + 1).Trim();
        double? fraction = null;
        if (key.SequenceEqual("progress") && value.SequenceEqual("end"))
        {
            IsEnd = true;
            fraction = 1;
        }
        else if ((key.SequenceEqual("out_time_us") || key.SequenceEqual("out_time_ms"))
            && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var microseconds)
            && Duration > TimeSpan.Zero)
        {
            // Despite its name, ffmpeg's out_time_ms is in microseconds too (a long-standing quirk).
            fraction = microseconds / (Duration.Ticks / (double)TimeSpan.TicksPerMicrosecond);
        }

        if (fraction is not { } f || double.IsNaN(f))
        {
            return false;
        }

        var next = Math.Clamp(f, 0, 1);
        if (next <= Fraction)
        {
            return false;
        }

        Fraction = next;
        return true;
    }
}
