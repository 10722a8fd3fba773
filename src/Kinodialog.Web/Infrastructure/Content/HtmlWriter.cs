using System.Text;
using AngleSharp.Dom;

namespace Kinodialog.Web.Infrastructure.Content;

/// <summary>
/// Writes the children of a DOM node as HTML, following the HTML standard's fragment serialisation (as
/// AngleSharp's <c>HtmlMarkupFormatter</c> does), in one pass with an explicit stack. AngleSharp's own
/// <c>ToHtml</c> finds each next sibling by searching the parent's child list, so a paragraph of 40,000 line
/// breaks took 8 s; this reads children by index.
/// </summary>
public static class HtmlWriter
{
    private static readonly HashSet<string> VoidElements = new(StringComparer.Ordinal)
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    };

    private static readonly HashSet<string> RawTextElements = new(StringComparer.Ordinal)
    {
        "style", "script", "xmp", "iframe", "noembed", "noframes", "plaintext",
    };

    public static string Write(INode parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var html = new StringBuilder();
        var stack = new Stack<(INode Node, int Next)>();
        stack.Push((parent, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next >= node.ChildNodes.Length)
            {
                if (node != parent && node is IElement closing && !VoidElements.Contains(closing.LocalName))
                {
                    html.Append("</").Append(closing.LocalName).Append('>');
                }

                continue;
            }

            stack.Push((node, next + 1));
            var child = node.ChildNodes[next];
            switch (child)
            {
                case IElement element:
                    html.Append('<').Append(element.LocalName);
                    foreach (var attribute in element.Attributes)
                    {
                        html.Append(' ').Append(attribute.Name).Append("=\"");
                        Escape(html, attribute.Value, inAttribute: true);
                        html.Append('"');
                    }

                    html.Append('>');
                    if (element.LocalName is "pre" or "textarea" or "listing" && element.FirstChild is IText { Data: ['\n', ..] })
                    {
                        html.Append('\n');
                    }

                    if (!VoidElements.Contains(element.LocalName))
                    {
                        stack.Push((element, 0));
                    }

                    break;
                case IText text when node is IElement { LocalName: var name } && RawTextElements.Contains(name):
                    html.Append(text.Data);
                    break;
                case IText text:
                    Escape(html, text.Data, inAttribute: false);
                    break;
                case IComment comment:
                    html.Append("<!--").Append(comment.Data).Append("-->");
                    break;
            }
        }

        return html.ToString();
    }

    private static void Escape(StringBuilder html, string text, bool inAttribute)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&':
                    html.Append("&amp;");
                    break;
                case '\u00A0':
                    html.Append("&nbsp;");
                    break;
                case '"' when inAttribute:
                    html.Append("&quot;");
                    break;
                case '<' when !inAttribute:
                    html.Append("&lt;");
                    break;
                case '>' when !inAttribute:
                    html.Append("&gt;");
                    break;
                default:
                    html.Append(c);
                    break;
            }
        }
    }
}
