using Kinodialog.Core.Subtitles;

namespace Kinodialog.Core.Tests.Subtitles;

public sealed class WebVttCueTextTests
{
    private static WebVttElementNode Element(WebVttNode node) => Assert.IsType<WebVttElementNode>(node);

    private static string Text(WebVttNode node) => Assert.IsType<WebVttTextNode>(node).Value;

    [Fact]
    public void Plain_text_is_one_text_node()
    {
        var nodes = WebVttCueText.Parse("Hello, world\nsecond line").Nodes;
        Assert.Equal("Hello, world\nsecond line", Text(Assert.Single(nodes)));
    }

    [Theory]
    [InlineData("c", WebVttElementKind.Class)]
    [InlineData("i", WebVttElementKind.Italic)]
    [InlineData("b", WebVttElementKind.Bold)]
    [InlineData("u", WebVttElementKind.Underline)]
    [InlineData("ruby", WebVttElementKind.Ruby)]
    public void Simple_tags_become_elements_holding_their_text(string tag, WebVttElementKind kind)
    {
        var nodes = WebVttCueText.Parse($"a <{tag}>b</{tag}> c").Nodes;
        Assert.Equal(3, nodes.Count);
        var element = Element(nodes[1]);
        Assert.Equal(kind, element.Kind);
        Assert.Equal("b", Text(Assert.Single(element.Children)));
        Assert.Equal(" c", Text(nodes[2]));
    }

    [Fact]
    public void Classes_are_collected_and_empty_ones_dropped()
    {
        var element = Element(Assert.Single(WebVttCueText.Parse("<c.yellow..bg_blue.>x</c>").Nodes));
        Assert.Equal(["yellow", "bg_blue"], element.Classes);
    }

    [Fact]
    public void A_voice_has_its_speaker_as_annotation_and_classes()
    {
        var voice = Element(Assert.Single(WebVttCueText.Parse("<v.first.loud Esme>It's a blue apple tree!").Nodes));
        Assert.Equal((WebVttElementKind.Voice, "Esme"), (voice.Kind, voice.Annotation));
        Assert.Equal(["first", "loud"], voice.Classes);
        Assert.Equal("It's a blue apple tree!", Text(Assert.Single(voice.Children)));
    }

    [Fact]
    public void An_annotation_is_trimmed_with_inner_whitespace_collapsed_and_references_decoded()
    {
        var voice = Element(Assert.Single(WebVttCueText.Parse("<v   Neil \t deGrasse&amp;Tyson  >Hi</v>").Nodes));
        Assert.Equal("Neil deGrasse&Tyson", voice.Annotation);
    }

    [Fact]
    public void A_voice_without_a_name_has_an_empty_annotation()
    {
        Assert.Equal("", Element(Assert.Single(WebVttCueText.Parse("<v>Hi").Nodes)).Annotation);
    }

    [Fact]
    public void Lang_spans_set_the_language_of_everything_inside_them()
    {
        var nodes = WebVttCueText.Parse("Sur les <i.foreignphrase><lang en>playground</lang></i>, ici <lang hy><b>բարեւ</b></lang>").Nodes;
        var italic = Element(nodes[1]);
        Assert.Equal(["foreignphrase"], italic.Classes);
        Assert.Null(italic.Language);
        var lang = Element(Assert.Single(italic.Children));
        Assert.Equal((WebVttElementKind.Language, "en", "en"), (lang.Kind, lang.Annotation, lang.Language));
        var armenian = Element(nodes[3]);
        var bold = Element(Assert.Single(armenian.Children));
        Assert.Equal(("hy", "բարեւ"), (bold.Language, Text(Assert.Single(bold.Children))));
    }

    [Fact]
    public void Ruby_text_is_only_recognised_inside_ruby_and_a_ruby_end_tag_closes_both()
    {
        var nodes = WebVttCueText.Parse("<ruby>漢<rt>kan</ruby>!<rt>no</rt>").Nodes;
        var ruby = Element(nodes[0]);
        Assert.Equal("漢", Text(ruby.Children[0]));
        var rt = Element(ruby.Children[1]);
        Assert.Equal((WebVttElementKind.RubyText, "kan"), (rt.Kind, Text(Assert.Single(rt.Children))));
        Assert.Equal("!", Text(nodes[1]));
        Assert.Equal("no", Text(nodes[2]));
    }

    [Fact]
    public void Plain_text_leaves_out_ruby_text()
    {
        Assert.Equal("漢字 means Chinese characters", WebVttCueText.Parse("<ruby>漢<rt>kan</rt>字<rt>ji</rt></ruby> means Chinese characters").ToPlainText());
    }

    [Fact]
    public void Timestamp_tags_become_timestamp_nodes_and_malformed_ones_are_ignored()
    {
        var nodes = WebVttCueText.Parse("Never <00:00:01.500>drink <00:02.000>liquid <1:2.3>nitrogen<00:03.000x>.").Nodes;
        Assert.Equal(1.5, Assert.IsType<WebVttTimestampNode>(nodes[1]).Seconds);
        Assert.Equal(2.0, Assert.IsType<WebVttTimestampNode>(nodes[3]).Seconds);
        Assert.Equal(["Never ", "drink ", "liquid ", "nitrogen", "."], nodes.OfType<WebVttTextNode>().Select(t => t.Value));
        Assert.Equal(2, nodes.OfType<WebVttTimestampNode>().Count());
    }

    [Theory]
    [InlineData("Tom &amp; Jerry", "Tom & Jerry")]
    [InlineData("1 &lt; 2 &gt; 0", "1 < 2 > 0")]
    [InlineData("a&nbsp;b", "a\u00A0b")]
    [InlineData("&lrm;abc&rlm;", "\u200Eabc\u200F")]
    [InlineData("&eacute;t&eacute; &mdash; &hellip;&euro;&copy;&trade;", "été — …€©™")]
    [InlineData("&#1329;&#x561;&#X0562;", "Աաբ")]
    [InlineData("&#128512;", "😀")]
    [InlineData("&#0; &#xD800; &#x110000; &#99999999999;", "\uFFFD \uFFFD \uFFFD \uFFFD")]
    [InlineData("&#x80;&#150;", "€–")]
    [InlineData("&#65", "A")]
    [InlineData("&amp", "&")]
    [InlineData("&ampx", "&x")]
    [InlineData("&nbspx", "\u00A0x")]
    [InlineData("&AMP;", "&")]
    [InlineData("&unknown; & &; &#; &#x; &", "&unknown; & &; &#; &#x; &")]
    [InlineData("AT&T", "AT&T")]
    public void Character_references_are_decoded_as_HTML_does(string raw, string expected) =>
        Assert.Equal(expected, WebVttCueText.Parse(raw).ToPlainText());

    [Fact]
    public void Unknown_and_uppercase_tags_are_ignored_but_their_text_kept()
    {
        Assert.Equal("bold? no: and unclosed", WebVttCueText.Parse("<B>bold?</B> <font color=\"red\">no:</font> and <i>unclosed").ToPlainText());
        var nodes = WebVttCueText.Parse("<B>x</B>").Nodes;
        Assert.Equal("x", Text(Assert.Single(nodes)));
    }

    [Fact]
    public void A_mismatched_end_tag_is_ignored_and_the_open_span_continues()
    {
        var italic = Element(Assert.Single(WebVttCueText.Parse("<i>a</b>b</i>").Nodes));
        Assert.Equal(["a", "b"], italic.Children.Select(Text));
    }

    [Fact]
    public void A_lone_less_than_sign_starts_a_tag_and_swallows_text_up_to_the_next_greater_than()
    {
        Assert.Equal("1 3", WebVttCueText.Parse("1 < 2 >3").ToPlainText());
        Assert.Equal("x ", WebVttCueText.Parse("x <").ToPlainText());
    }

    [Fact]
    public void Plain_text_keeps_line_breaks()
    {
        Assert.Equal("— It will perforate your stomach.\n— You could die.", WebVttCueText.Parse("<v A>— It will perforate your stomach.</v>\n<v B>— You could die.").ToPlainText());
    }
}
