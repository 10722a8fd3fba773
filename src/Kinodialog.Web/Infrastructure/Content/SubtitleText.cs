using Kinodialog.Core.Subtitles;

namespace Kinodialog.Web.Infrastructure.Content;

/// <summary>The spoken words of a WebVTT file, without timings and tags: what search indexes.</summary>
public static class SubtitleText
{
    public static string PlainText(string webVtt)
    {
        var parsed = WebVttParser.Parse(webVtt);
        return string.Join('\n', parsed.Document.Cues.Select(c => WebVttCueText.Parse(c.Text).ToPlainText()));
    }
}
