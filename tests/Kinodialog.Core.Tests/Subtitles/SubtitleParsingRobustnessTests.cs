using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Subtitles;

namespace Kinodialog.Core.Tests.Subtitles;

public sealed class SubtitleParsingRobustnessTests
{
    [Fact]
    public void Parsing_never_throws_on_arbitrary_strings() =>
        Prop.ForAll<string>(s =>
        {
            var text = s ?? "";
            _ = WebVttParser.Parse(text);
            _ = WebVttParser.Parse("WEBVTT\n" + text);
            _ = SrtParser.Parse(text);
            _ = SubtitleFormat.Parse(text);
            _ = WebVttCueText.Parse(text).ToPlainText();
            _ = SubtitleReport.FromText("WEBVTT\n\n00:01.000 --> 00:02.000\n" + text).ToJson();
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Parsing_never_throws_on_text_built_from_the_tricky_pieces() =>
        Check.One(SubtitleGenerators.Config, Prop.ForAll(SubtitleGenerators.HostileText.ToArbitrary(), text =>
        {
            var vtt = WebVttParser.Parse(text);
            var srt = SrtParser.Parse(text);
            _ = WebVttParser.Parse("WEBVTT\n\n" + text);
            foreach (var cue in vtt.Document.Cues.Concat(srt.Document.Cues))
            {
                _ = WebVttCueText.Parse(cue.Text).ToPlainText();
            }

            _ = SubtitleReport.Create(vtt, 10).ToJson();
            _ = SubtitleReport.Create(srt, 10).ToJson();
            _ = WebVttWriter.Write(srt.Document);
            _ = WebVttWriter.Write(vtt.Document);
        }));

    [Fact]
    public void Decoding_never_throws_on_arbitrary_bytes() =>
        Prop.ForAll<byte[]>(bytes =>
        {
            var data = bytes ?? [];
            foreach (var encoding in Enum.GetValues<SubtitleEncoding>())
            {
                var result = SubtitleDecoder.Decode(data, encoding);
                Assert.True(result.Succeeded ^ (result.Error is not null));
            }
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Every_line_number_in_an_issue_or_cue_is_a_line_of_the_file() =>
        Check.One(SubtitleGenerators.Config, Prop.ForAll(SubtitleGenerators.HostileText.ToArbitrary(), text =>
        {
            var lineCount = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r').Length;
            foreach (var result in new[] { WebVttParser.Parse(text), SrtParser.Parse(text) })
            {
                var lines = result.Errors.Concat(result.Warnings).Select(i => i.Line).Concat(result.Document.Cues.Select(c => c.LineNumber));
                Assert.All(lines, line => Assert.InRange(line, 1, lineCount));
            }
        }));

    [Fact]
    public void A_lone_surrogate_in_cue_text_does_not_break_the_JSON_report()
    {
        var json = SubtitleReport.FromText("WEBVTT\n\n00:01.000 --> 00:02.000\nbad \uD800 text").ToJson();
        Assert.Contains("bad", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_text_always_gives_the_same_report() =>
        Check.One(SubtitleGenerators.Config, Prop.ForAll(SubtitleGenerators.HostileText.ToArbitrary(), text =>
            SubtitleReport.FromText(text, 30).ToJson() == SubtitleReport.FromText(text, 30).ToJson()));
}
