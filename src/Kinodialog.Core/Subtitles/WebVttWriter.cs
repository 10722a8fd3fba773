using System.Globalization;
using System.Text;

namespace Kinodialog.Core.Subtitles;

/// <summary>
/// Writes a <see cref="SubtitleDocument"/> as WebVTT: the signature, REGION and STYLE blocks, then the cues
/// with only their non-default settings. Reading the output with <see cref="WebVttParser"/> gives back the same
/// cues. Times are written to the millisecond.
/// </summary>
public static class WebVttWriter
{
    public static string Write(SubtitleDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var builder = new StringBuilder("WEBVTT\n");
        var regions = document.Regions.ToList();
        foreach (var cue in document.Cues)
        {
            if (cue.Region is { } region && !regions.Contains(region))
            {
                regions.Add(region);
            }
        }

        foreach (var region in regions)
        {
            builder.Append("\nREGION\n").Append(RegionSettings(region)).Append('\n');
        }

        foreach (var style in document.Styles)
        {
            var lines = SplitLines(style).Where(l => l.Length > 0).Select(l => l.Replace("-->", "--\\>", StringComparison.Ordinal));
            builder.Append("\nSTYLE\n");
            foreach (var line in lines)
            {
                builder.Append(line).Append('\n');
            }
        }

        foreach (var cue in document.Cues)
        {
            builder.Append('\n');
            if (cue.Id.Length > 0)
            {
                if (cue.Id.Contains("-->", StringComparison.Ordinal) || cue.Id.Contains('\n', StringComparison.Ordinal) || cue.Id.Contains('\r', StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Cue id \"{cue.Id}\" cannot contain \"-->\" or a line break.", nameof(document));
                }

                builder.Append(cue.Id).Append('\n');
            }

            builder.Append(WebVttTimestamp.Format(cue.StartTime)).Append(" --> ").Append(WebVttTimestamp.Format(cue.EndTime));
            AppendSettings(builder, cue);
            builder.Append('\n');
            foreach (var line in SplitLines(cue.Text).Where(l => l.Length > 0))
            {
                // "-->" would end the cue; "&gt;" shows the same text.
                builder.Append(line.Replace("-->", "--&gt;", StringComparison.Ordinal).Replace('\0', '\uFFFD')).Append('\n');
            }
        }

        return builder.ToString();
    }

    private static string[] SplitLines(string text) => text.ReplaceLineEndings("\n").Split('\n');

    private static string RegionSettings(SubtitleRegion region)
    {
        if (region.Id.Any(char.IsWhiteSpace) || region.Id.Contains("-->", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Region id \"{region.Id}\" cannot contain spaces or \"-->\".", nameof(region));
        }

        var settings = new List<string>();
        if (region.Id.Length > 0)
        {
            settings.Add("id:" + region.Id);
        }

        settings.Add("width:" + Percent(region.Width));
        settings.Add("lines:" + region.Lines.ToString(CultureInfo.InvariantCulture));
        settings.Add("regionanchor:" + Percent(region.RegionAnchorX) + "," + Percent(region.RegionAnchorY));
        settings.Add("viewportanchor:" + Percent(region.ViewportAnchorX) + "," + Percent(region.ViewportAnchorY));
        if (region.Scroll == "up")
        {
            settings.Add("scroll:up");
        }

        return string.Join(' ', settings);
    }

    private static void AppendSettings(StringBuilder builder, SubtitleCue cue)
    {
        if (cue.Vertical is "rl" or "lr")
        {
            builder.Append(" vertical:").Append(cue.Vertical);
        }

        if (cue.Line is { } line)
        {
            builder.Append(" line:").Append(cue.SnapToLines ? Number(line) : Percent(line));
            if (cue.LineAlign != "start")
            {
                builder.Append(',').Append(cue.LineAlign);
            }
        }

        if (cue.Position is { } position)
        {
            builder.Append(" position:").Append(Percent(position));
            if (cue.PositionAlign != "auto")
            {
                builder.Append(',').Append(cue.PositionAlign);
            }
        }

        if (cue.Size != 100)
        {
            builder.Append(" size:").Append(Percent(cue.Size));
        }

        if (cue.Align != "center")
        {
            builder.Append(" align:").Append(cue.Align);
        }

        if (cue.Region is { Id.Length: > 0 } region)
        {
            builder.Append(" region:").Append(region.Id);
        }
    }

    private static string Percent(double value) => Number(value) + "%";

    /// <summary>The shortest text that reads back as the same double, in plain decimal form (WebVTT has no exponents).</summary>
    internal static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A subtitle setting must be a finite number.");
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }

        var negative = text[0] == '-';
        var mantissa = text[(negative ? 1 : 0)..e];
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var pointAt = (dot < 0 ? mantissa.Length : dot) + exponent;
        string plain;
        if (pointAt <= 0)
        {
            plain = "0." + new string('0', -pointAt) + digits;
        }
        else if (pointAt >= digits.Length)
        {
            plain = digits + new string('0', pointAt - digits.Length);
        }
        else
        {
            plain = digits[..pointAt] + "." + digits[pointAt..];
        }

        return negative ? "-" + plain : plain;
    }
}
