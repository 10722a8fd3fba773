using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ganss.Xss;
using Markdig;

namespace Kinodialog.Web.Infrastructure.Content;

/// <summary>
/// Renders staff-written Markdown (CommonMark) to HTML that is safe to show to anyone: raw HTML is
/// not interpreted, the output is sanitised (no scripts, event handlers or javascript: URLs), and
/// images from other hosts are dropped so that no page makes a third-party request.
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .Build();

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

    public string ToHtml(string markdown)
    {
        var html = Markdown.ToHtml(markdown ?? "", _pipeline);
        return _sanitizer.Sanitize(html);
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) || url.StartsWith('#'));
}
