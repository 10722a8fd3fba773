using System.Globalization;
using System.Text.Json;

namespace Kinodialog.Core.Media;

/// <summary>Reads the JSON of <c>ffprobe -print_format json -show_format -show_streams</c>.</summary>
public static class FfprobeOutput
{
    // Codecs whose single frame is a picture, not a film (a photo uploaded by mistake).
    private static readonly HashSet<string> StillImageCodecs = new(StringComparer.Ordinal)
    {
        "mjpeg", "png", "apng", "bmp", "gif", "webp", "tiff", "jpeg2000", "jpegls", "jpegxl", "qoi", "pgm", "ppm", "pam", "pbm", "targa", "sgi", "exr", "dpx",
    };

    /// <summary>Parses ffprobe's JSON; numbers always with the invariant culture ("3.5", never "3,5").</summary>
    /// <exception cref="FormatException">The text is not ffprobe's JSON.</exception>
    public static MediaProbe Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException("ffprobe output is not JSON.", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("ffprobe output is not a JSON object.");
            }

            var format = root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
            var streams = root.TryGetProperty("streams", out var s) && s.ValueKind == JsonValueKind.Array
                ? s.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList()
                : [];

            var formatName = String(format, "format_name") ?? "";
            var video = streams.FirstOrDefault(e => String(e, "codec_type") == "video" && !IsCoverArt(e));
            var hasVideo = video.ValueKind == JsonValueKind.Object;
            var codec = hasVideo ? String(video, "codec_name") ?? "unknown" : null;

            return new MediaProbe
            {
                FormatName = formatName,
                Duration = DurationOf(format, streams),
                VideoCodec = codec,
                Width = hasVideo ? Int(video, "width") ?? 0 : 0,
                Height = hasVideo ? Int(video, "height") ?? 0 : 0,
                Rotation = hasVideo ? RotationOf(video) : 0,
                IsStillImage = hasVideo && IsStill(video, codec!, formatName),
                HasAudio = streams.Any(e => String(e, "codec_type") == "audio"),
            };
        }
    }

    private static TimeSpan? DurationOf(JsonElement format, List<JsonElement> streams)
    {
        var seconds = Seconds(format, "duration");
        if (seconds is not > 0)
        {
            seconds = streams.Select(e => Seconds(e, "duration")).Where(d => d > 0).Max();
        }

        return seconds is > 0 and < 1e9 ? TimeSpan.FromSeconds(seconds.Value) : null;
    }

    private static bool IsCoverArt(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var d) && d.ValueKind == JsonValueKind.Object
        && (Int(d, "attached_pic") == 1 || Int(d, "timed_thumbnails") == 1);

    private static bool IsStill(JsonElement stream, string codec, string formatName)
    {
        if (Int(stream, "nb_frames") == 1
            || (stream.TryGetProperty("disposition", out var d) && d.ValueKind == JsonValueKind.Object && Int(d, "still_image") == 1))
        {
            return true;
        }

        // An image read by the image demuxers ("image2", "png_pipe", "webp_pipe"…); Motion-JPEG in an AVI is a film.
        var imageFormat = formatName == "image2" || formatName.EndsWith("_pipe", StringComparison.Ordinal);
        return StillImageCodecs.Contains(codec) && imageFormat;
    }

    private static int RotationOf(JsonElement stream)
    {
        double? rotation = null;
        if (stream.TryGetProperty("side_data_list", out var sideData) && sideData.ValueKind == JsonValueKind.Array)
        {
            rotation = sideData.EnumerateArray().Select(e => Number(e, "rotation")).FirstOrDefault(r => r is not null);
        }

        if (rotation is null && stream.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object)
        {
            rotation = Number(tags, "rotate");
        }

        if (rotation is null)
        {
            return 0;
        }

        // ffprobe reports the display matrix's angle (counter-clockwise in some versions): only the quarter turn matters.
        var quarterTurns = (int)Math.Round(rotation.Value / 90.0);
        return ((quarterTurns % 4) + 4) % 4 * 90;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static double? Seconds(JsonElement element, string name)
    {
        var value = Number(element, name);
        return value is { } v && double.IsFinite(v) ? v : null;
    }

    private static int? Int(JsonElement element, string name) =>
        Number(element, name) is { } v && v >= int.MinValue && v <= int.MaxValue && v == Math.Floor(v) ? (int)v : null;

    // ffprobe writes most numbers as strings ("3.000000", "N/A"), some as JSON numbers; accept both, invariantly.
    private static double? Number(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var d) => d,
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }
}
