using AngleSharp;
using AngleSharp.Html.Parser;
using Kinodialog.Core.Handbook;
using Kinodialog.Web.Infrastructure.Content;

namespace Kinodialog.Web.Tests.Infrastructure.Content;

/// <summary>
/// Issue 14: hostile chapters. Each input here took Markdig (or AngleSharp's serialiser) from tens of seconds
/// to minutes before the fix, so a regression shows as a test run that balloons; the timing itself is
/// measured by bench/parsers/run.sh, not here.
/// </summary>
public sealed class MarkdownRendererTests
{
    private static readonly MarkdownRenderer Renderer = new();

    private static string Repeat(string unit, int count) => string.Concat(Enumerable.Repeat(unit, count));

    [Fact]
    public void A_chapter_of_200_nested_quotes_renders_instead_of_failing()
    {
        var html = Renderer.ToHtml(new string('>', 200) + " the quoted words");
        Assert.Equal(MarkdownGuard.MaxBlockquoteDepth, CountOf(html, "<blockquote>"));
        Assert.Contains("the quoted words", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[")]
    [InlineData("*a")]
    [InlineData("1. ")]
    [InlineData("> - ")]
    public void Markdown_nested_deeper_than_Markdigs_limit_renders_as_text(string unit)
    {
        var html = Renderer.ToHtml("Before\n\n" + Repeat(unit, 50_000 / unit.Length));
        Assert.StartsWith("<p>Before</p>", html, StringComparison.Ordinal);
        Assert.True(html.Length > 1_000);
    }

    [Fact]
    public void Links_opened_50000_times_render_as_their_text()
    {
        var html = Renderer.ToHtml(Repeat("[a](", 50_000));
        Assert.Equal(50_000, CountOf(html, "[a]("));
        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Link_titles_left_open_50000_times_in_one_paragraph_render_as_their_text()
    {
        var html = Renderer.ToHtml(Repeat("[a](b ( ", 25_000));
        Assert.Equal(25_000, CountOf(html, "[a](b ("));
    }

    [Fact]
    public void A_50000_character_autolink_run_renders()
    {
        var html = Renderer.ToHtml(Repeat("www.a(", 33_000));
        Assert.Contains("www.a(", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Fifty_thousand_headings_with_the_same_text_render_without_ids()
    {
        var html = Renderer.ToHtml(Repeat("a\n=\n", 50_000));
        Assert.Equal(50_000, CountOf(html, "<h1>a</h1>"));
    }

    [Fact]
    public void Headings_up_to_the_limit_get_unique_ids()
    {
        var html = Renderer.ToHtml(Repeat("## Rules\n", 3));
        Assert.Contains("<h2 id=\"rules\">", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"rules-2\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_paragraph_of_50000_line_breaks_renders_every_one()
    {
        var html = Renderer.ToHtml(Repeat("a  \n", 50_000));
        Assert.Equal(49_999, CountOf(html, "<br>"));
    }

    [Fact]
    public void The_html_writer_gives_what_AngleSharp_gives()
    {
        const string html = "<h2 id=\"a&amp;b\">T&amp;C &lt;x&gt;</h2><p>a\u00A0b <a href=\"/x?a=1&amp;b=&quot;2&quot;\" title=\"t\">l</a><br><img src=\"/i.png\" alt=\"&quot;\"></p>"
            + "<pre><code>\nline &lt;1&gt;\n</code></pre><pre>\n\nx</pre><table><thead><tr><th align=\"right\">h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table><hr><ol start=\"3\"><li>x</li></ol>";
        var document = new HtmlParser().ParseDocument("<!doctype html><html><body>" + html);
        var expected = string.Concat(document.Body!.ChildNodes.Select(n => n.ToHtml()));
        Assert.Equal(expected, HtmlWriter.Write(document.Body));
    }

    [Fact]
    public void Sanitising_still_drops_scripts_and_third_party_images()
    {
        var html = Renderer.ToHtml("[x](javascript:alert(1)) ![pic](https://elsewhere.example/p.png) ![own](/media/p.png) [out](https://example.org)");
        Assert.DoesNotContain("javascript", html, StringComparison.Ordinal);
        Assert.DoesNotContain("elsewhere.example", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"/media/p.png\" alt=\"own\">", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
