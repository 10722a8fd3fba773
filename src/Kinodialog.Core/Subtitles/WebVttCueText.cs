using System.Text;

namespace Kinodialog.Core.Subtitles;

/// <summary>A node of parsed WebVTT cue text (the spec's "WebVTT Node Objects").</summary>
public abstract record WebVttNode;

/// <summary>Text, with character references already decoded.</summary>
public sealed record WebVttTextNode(string Value) : WebVttNode;

/// <summary>A timestamp tag inside the cue text, e.g. &lt;00:00:01.500&gt; (karaoke-style timing), in seconds.</summary>
public sealed record WebVttTimestampNode(double Seconds) : WebVttNode;

/// <summary>The kinds of WebVTT internal nodes.</summary>
public enum WebVttElementKind
{
    /// <summary>&lt;c&gt;: a span that only carries classes.</summary>
    Class,

    /// <summary>&lt;i&gt;.</summary>
    Italic,

    /// <summary>&lt;b&gt;.</summary>
    Bold,

    /// <summary>&lt;u&gt;.</summary>
    Underline,

    /// <summary>&lt;ruby&gt;.</summary>
    Ruby,

    /// <summary>&lt;rt&gt; inside &lt;ruby&gt;.</summary>
    RubyText,

    /// <summary>&lt;v Name&gt;: who is speaking; the name is the annotation.</summary>
    Voice,

    /// <summary>&lt;lang tag&gt;: text in another language; the tag is the annotation.</summary>
    Language,
}

/// <summary>
/// A span of cue text: its kind, classes (&lt;i.loud&gt;), annotation (the voice name of &lt;v&gt;, the
/// language tag of &lt;lang&gt;), the language that applies to it (from enclosing &lt;lang&gt; spans) and children.
/// </summary>
public sealed record WebVttElementNode(
    WebVttElementKind Kind,
    IReadOnlyList<string> Classes,
    string? Annotation,
    string? Language,
    IReadOnlyList<WebVttNode> Children) : WebVttNode;

/// <summary>Cue text parsed with the W3C "WebVTT cue text parsing rules" into a tree of nodes.</summary>
public sealed class WebVttCueText
{
    private WebVttCueText(IReadOnlyList<WebVttNode> nodes) => Nodes = nodes;

    /// <summary>The top-level nodes.</summary>
    public IReadOnlyList<WebVttNode> Nodes { get; }

    /// <summary>Parses raw cue text. Never throws: malformed markup is handled as the spec says (mostly ignored).</summary>
    public static WebVttCueText Parse(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return new WebVttCueText(new CueTextTreeBuilder(raw).Build());
    }

    /// <summary>
    /// The text a viewer reads: all text nodes in order, without tags, timestamps or ruby text (&lt;rt&gt;),
    /// with line breaks as "\n". Used for reading-speed checks and search.
    /// </summary>
    /// <remarks>
    /// Walks the tree with an explicit stack, never by recursion: cue text is uploaded by Translators, and
    /// &lt;b&gt; nested 50,000 deep (150 KB) overflowed the call stack, which no handler can catch.
    /// </remarks>
    public string ToPlainText()
    {
        var builder = new StringBuilder();
        foreach (var node in Walk(Nodes))
        {
            if (node is WebVttTextNode text)
            {
                builder.Append(text.Value);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Every node in document order (a parent before its children), skipping the inside of ruby text
    /// (&lt;rt&gt;) when <paramref name="includeRubyText"/> is false. Iterative, so any depth is safe.
    /// </summary>
    public static IEnumerable<WebVttNode> Walk(IReadOnlyList<WebVttNode> nodes, bool includeRubyText = false)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var stack = new Stack<(IReadOnlyList<WebVttNode> Nodes, int Index)>();
        stack.Push((nodes, 0));
        while (stack.Count > 0)
        {
            var (list, index) = stack.Pop();
            if (index >= list.Count)
            {
                continue;
            }

            stack.Push((list, index + 1));
            var node = list[index];
            yield return node;
            if (node is WebVttElementNode element && (includeRubyText || element.Kind != WebVttElementKind.RubyText))
            {
                stack.Push((element.Children, 0));
            }
        }
    }

    /// <summary>The deepest nesting of elements (0 for text without tags). Iterative, so any depth is safe.</summary>
    public int Depth
    {
        get
        {
            var deepest = 0;
            var stack = new Stack<(IReadOnlyList<WebVttNode> Nodes, int Depth)>();
            stack.Push((Nodes, 0));
            while (stack.Count > 0)
            {
                var (list, depth) = stack.Pop();
                deepest = Math.Max(deepest, depth);
                foreach (var node in list)
                {
                    if (node is WebVttElementNode element)
                    {
                        stack.Push((element.Children, depth + 1));
                    }
                }
            }

            return deepest;
        }
    }

    private enum TokenKind
    {
        Text,
        StartTag,
        EndTag,
        Timestamp,
    }

    private readonly record struct Token(TokenKind Kind, string Value, IReadOnlyList<string> Classes, string? Annotation);

    private enum TokenizerState
    {
        Data,
        Tag,
        StartTag,
        StartTagClass,
        StartTagAnnotation,
        EndTag,
        TimestampTag,
    }

    private sealed class CueTextTreeBuilder(string input)
    {
        private int _position;

        private sealed class Frame(WebVttElementKind? kind, List<WebVttNode> children, Frame? parent)
        {
            public WebVttElementKind? Kind { get; } = kind;

            public List<WebVttNode> Children { get; } = children;

            public Frame? Parent { get; } = parent;
        }

        public List<WebVttNode> Build()
        {
            var root = new Frame(null, [], null);
            var current = root;
            var languages = new Stack<string>();
            while (_position < input.Length)
            {
                var token = NextToken();
                switch (token.Kind)
                {
                    case TokenKind.Text:
                        current.Children.Add(new WebVttTextNode(token.Value));
                        break;
                    case TokenKind.StartTag:
                        WebVttElementKind? kind = token.Value switch
                        {
                            "c" => WebVttElementKind.Class,
                            "i" => WebVttElementKind.Italic,
                            "b" => WebVttElementKind.Bold,
                            "u" => WebVttElementKind.Underline,
                            "ruby" => WebVttElementKind.Ruby,
                            "rt" when current.Kind == WebVttElementKind.Ruby => WebVttElementKind.RubyText,
                            "v" => WebVttElementKind.Voice,
                            "lang" => WebVttElementKind.Language,
                            _ => null,
                        };
                        if (kind is { } k)
                        {
                            if (k == WebVttElementKind.Language)
                            {
                                languages.Push(token.Annotation ?? "");
                            }

                            var children = new List<WebVttNode>();
                            var annotation = k is WebVttElementKind.Voice or WebVttElementKind.Language ? token.Annotation ?? "" : token.Annotation;
                            var classes = token.Classes.Where(c => c.Length > 0).ToList();
                            current.Children.Add(new WebVttElementNode(k, classes, annotation, languages.Count > 0 ? languages.Peek() : null, children));
                            current = new Frame(k, children, current);
                        }

                        break;
                    case TokenKind.EndTag:
                        current = CloseTag(current, token.Value, languages);
                        break;
                    case TokenKind.Timestamp:
                        var position = 0;
                        if (WebVttTimestamp.TryCollect(token.Value, ref position, out var seconds, out _) && position == token.Value.Length)
                        {
                            current.Children.Add(new WebVttTimestampNode(seconds));
                        }

                        break;
                }
            }

            return root.Children;
        }

        private static Frame CloseTag(Frame current, string name, Stack<string> languages)
        {
            var matches = (name, current.Kind) switch
            {
                ("c", WebVttElementKind.Class) => true,
                ("i", WebVttElementKind.Italic) => true,
                ("b", WebVttElementKind.Bold) => true,
                ("u", WebVttElementKind.Underline) => true,
                ("ruby", WebVttElementKind.Ruby) => true,
                ("rt", WebVttElementKind.RubyText) => true,
                ("v", WebVttElementKind.Voice) => true,
                _ => false,
            };
            if (matches)
            {
                return current.Parent!;
            }

            if (name == "lang" && current.Kind == WebVttElementKind.Language)
            {
                languages.Pop();
                return current.Parent!;
            }

            if (name == "ruby" && current.Kind == WebVttElementKind.RubyText)
            {
                return current.Parent!.Parent!;
            }

            return current;
        }

        private Token NextToken()
        {
            var state = TokenizerState.Data;
            var result = new StringBuilder();
            var buffer = new StringBuilder();
            var classes = new List<string>();
            while (true)
            {
                var atEnd = _position >= input.Length;
                var c = atEnd ? '\0' : input[_position];
                switch (state)
                {
                    case TokenizerState.Data:
                        if (atEnd)
                        {
                            return new Token(TokenKind.Text, result.ToString(), [], null);
                        }

                        if (c == '&')
                        {
                            if (HtmlCharacterReference.TryConsume(input, _position, null, out var decoded, out var next))
                            {
                                result.Append(decoded);
                                _position = next;
                            }
                            else
                            {
                                result.Append('&');
                                _position++;
                            }

                            continue;
                        }

                        if (c == '<')
                        {
                            if (result.Length > 0)
                            {
                                return new Token(TokenKind.Text, result.ToString(), [], null);
                            }

                            state = TokenizerState.Tag;
                        }
                        else
                        {
                            result.Append(c);
                        }

                        break;

                    case TokenizerState.Tag:
                        if (atEnd)
                        {
                            return new Token(TokenKind.StartTag, "", [], null);
                        }

                        switch (c)
                        {
                            case '\t' or '\n' or '\f' or ' ':
                                state = TokenizerState.StartTagAnnotation;
                                break;
                            case '.':
                                state = TokenizerState.StartTagClass;
                                break;
                            case '/':
                                state = TokenizerState.EndTag;
                                break;
                            case >= '0' and <= '9':
                                result.Clear().Append(c);
                                state = TokenizerState.TimestampTag;
                                break;
                            case '>':
                                _position++;
                                return new Token(TokenKind.StartTag, "", [], null);
                            default:
                                result.Clear().Append(c);
                                state = TokenizerState.StartTag;
                                break;
                        }

                        break;

                    case TokenizerState.StartTag:
                        if (atEnd)
                        {
                            return new Token(TokenKind.StartTag, result.ToString(), [], null);
                        }

                        switch (c)
                        {
                            case '\t' or '\f' or ' ':
                                state = TokenizerState.StartTagAnnotation;
                                break;
                            case '\n':
                                buffer.Clear().Append(c);
                                state = TokenizerState.StartTagAnnotation;
                                break;
                            case '.':
                                state = TokenizerState.StartTagClass;
                                break;
                            case '>':
                                _position++;
                                return new Token(TokenKind.StartTag, result.ToString(), [], null);
                            default:
                                result.Append(c);
                                break;
                        }

                        break;

                    case TokenizerState.StartTagClass:
                        if (atEnd)
                        {
                            classes.Add(buffer.ToString());
                            return new Token(TokenKind.StartTag, result.ToString(), classes, null);
                        }

                        switch (c)
                        {
                            case '\t' or '\f' or ' ':
                                classes.Add(buffer.ToString());
                                buffer.Clear();
                                state = TokenizerState.StartTagAnnotation;
                                break;
                            case '\n':
                                classes.Add(buffer.ToString());
                                buffer.Clear().Append(c);
                                state = TokenizerState.StartTagAnnotation;
                                break;
                            case '.':
                                classes.Add(buffer.ToString());
                                buffer.Clear();
                                break;
                            case '>':
                                _position++;
                                classes.Add(buffer.ToString());
                                return new Token(TokenKind.StartTag, result.ToString(), classes, null);
                            default:
                                buffer.Append(c);
                                break;
                        }

                        break;

                    case TokenizerState.StartTagAnnotation:
                        if (!atEnd && c == '&')
                        {
                            if (HtmlCharacterReference.TryConsume(input, _position, '>', out var decoded, out var next))
                            {
                                buffer.Append(decoded);
                                _position = next;
                            }
                            else
                            {
                                buffer.Append('&');
                                _position++;
                            }

                            continue;
                        }

                        if (atEnd || c == '>')
                        {
                            if (!atEnd)
                            {
                                _position++;
                            }

                            return new Token(TokenKind.StartTag, result.ToString(), classes, CollapseWhitespace(buffer.ToString()));
                        }

                        buffer.Append(c);
                        break;

                    case TokenizerState.EndTag:
                    case TokenizerState.TimestampTag:
                        if (atEnd || c == '>')
                        {
                            if (!atEnd)
                            {
                                _position++;
                            }

                            return new Token(state == TokenizerState.EndTag ? TokenKind.EndTag : TokenKind.Timestamp, result.ToString(), [], null);
                        }

                        result.Append(c);
                        break;
                }

                _position++;
            }
        }

        private static string CollapseWhitespace(string text)
        {
            var builder = new StringBuilder(text.Length);
            var pendingSpace = false;
            foreach (var c in text)
            {
                if (c is ' ' or '\t' or '\n' or '\f' or '\r')
                {
                    pendingSpace = builder.Length > 0;
                    continue;
                }

                if (pendingSpace)
                {
                    builder.Append(' ');
                    pendingSpace = false;
                }

                builder.Append(c);
            }

            return builder.ToString();
        }
    }
}
