using System.Text;
using System.Text.Encodings.Web;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ganss.Xss;
using Kinodialog.Core.Handbook;
using Markdig;

namespace Kinodialog.Web.Infrastructure.Content;

/// <summary>
/// Renders staff-written Markdown (CommonMark) to HTML that is safe to show to anyone: raw HTML is
/// not interpreted, the output is sanitised (no scripts, event handlers or javascript: URLs), and
/// images from other hosts are dropped so that no page makes a third-party request.
/// </summary>
public sealed class MarkdownRenderer
{
    /// <summary>
    /// Markdig gives headings ids by trying "a", "a-1", "a-2", … in turn, so n headings with the same text cost
    /// n² (50,000 took minutes): a document that may hold more headings than this (see
    /// <see cref="MarkdownGuard.CountHeadingCandidates"/>) is rendered without heading ids.
    /// </summary>
    public const int MaxHeadingsWithIds = 500;

    private readonly MarkdownPipeline _pipeline = Pipeline().UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub).Build();

    private readonly MarkdownPipeline _pipelineWithoutIds = Pipeline().Build();

    private readonly HtmlSanitizer _sanitizer;

    public MarkdownRenderer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "em", "strong",
                "del", "ins", "mark", "sub", "sup", "a", "img", "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "alt", "title", "id", "start", "align" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        };
        _sanitizer = new HtmlSanitizer(options);
        _sanitizer.PostProcessNode += (_, e) =>
        {
            switch (e.Node)
            {
                case IHtmlImageElement image when !IsLocal(image.GetAttribute("src")):
                    e.ReplacementNodes.Add(e.Document.CreateTextNode(image.AlternativeText ?? ""));
                    break;
                case IHtmlAnchorElement anchor when !IsLocal(anchor.GetAttribute("href")):
                    anchor.SetAttribute("rel", "noopener noreferrer nofollow");
                    break;
            }
        };
    }

    /// <summary>
    /// Renders a chapter. Never throws on hostile input and stays linear in its length:
    /// <see cref="MarkdownGuard"/> keeps Markdig's inline parsing linear; a document nested deeper than
    /// Markdig's limit (which Markdig refuses with an exception rather than overflowing the stack) is shown as
    /// plain text instead of failing the page; the sanitised document is written out by
    /// <see cref="HtmlWriter"/> because AngleSharp's own serialiser is quadratic in the number of siblings.
    /// </summary>
    public string ToHtml(string markdown)
    {
        var prepared = MarkdownGuard.Prepare(markdown ?? "");
        string html;
        try
        {
            var pipeline = MarkdownGuard.CountHeadingCandidates(prepared) <= MaxHeadingsWithIds ? _pipeline : _pipelineWithoutIds;
            html = Markdown.ToHtml(prepared, pipeline);
        }
        catch (ArgumentException)
        {
            html = PlainText(prepared);
        }

        using var dom = _sanitizer.SanitizeDom(html);
        return dom.Body is null ? "" : HtmlWriter.Write(dom.Body);
    }

    private static MarkdownPipelineBuilder Pipeline() => new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks();

    /// <summary>The text as paragraphs (blank-line separated) with line breaks, every character encoded.</summary>
    private static string PlainText(string text)
    {
        var html = new StringBuilder();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(HtmlEncoder.Default.Encode(paragraph).Replace("&#xA;", "<br>", StringComparison.Ordinal)).Append("</p>\n");
        }

        return html.ToString();
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) || url.StartsWith('#'));
}
