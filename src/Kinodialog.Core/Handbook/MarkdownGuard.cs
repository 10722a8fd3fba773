using System.Text;

namespace Kinodialog.Core.Handbook;

/// <summary>
/// Rewrites a chapter's Markdown, before the Markdown library sees it, so that rendering stays linear in
/// the input. Markdig (1.6.0) is quadratic on some hostile input (issue 14: <c>"[a](" × 12,000</c> took
/// 4.5 s per page view, 200 KB took 44 s) and refuses nesting deeper than its limit (a chapter of 200
/// <c>&gt;</c> gave a 500 on every view). Text a person writes is left exactly as it is; only shapes no
/// chapter has are changed, each in a way that keeps the words:
/// <list type="bullet">
/// <item>a run of more than <see cref="MaxRunLength"/> characters without white space gets a space every
/// <see cref="MaxRunLength"/> characters (Markdig scans link destinations and autolinks to the end of such a
/// run, once per <c>](</c>, <c>www.</c> or <c>http://</c> in it);</item>
/// <item>a line's blockquote markers beyond <see cref="MaxBlockquoteDepth"/> are dropped;</item>
/// <item>in a block (lines between blank lines) with more than <see cref="MaxBracketsPerBlock"/> opening
/// square brackets, every opening bracket is escaped, so the block shows as text without links (Markdig scans
/// link titles to the end of the block once per bracket).</item>
/// </list>
/// Fenced code blocks are copied unchanged. Every step is a single pass, without recursion.
/// </summary>
public static class MarkdownGuard
{
    /// <summary>Longer than any real URL a chapter links to (browsers and servers commonly stop near 2,000).</summary>
    public const int MaxRunLength = 2_000;

    /// <summary>Far deeper than any quotation in a handbook, well inside Markdig's own nesting limit.</summary>
    public const int MaxBlockquoteDepth = 16;

    /// <summary>A paragraph, list or table with more links than this is not something a person writes.</summary>
    public const int MaxBracketsPerBlock = 200;

    public static string Prepare(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var output = new StringBuilder(markdown.Length + 16);
        var block = new StringBuilder();
        var bracketsInBlock = 0;
        char? fence = null;
        var fenceLength = 0;
        var position = 0;
        while (position < markdown.Length)
        {
            var end = markdown.IndexOf('\n', position);
            var next = end < 0 ? markdown.Length : end + 1;
            var line = markdown.AsSpan(position, next - position);
            position = next;

            if (IsFence(line, out var fenceChar, out var length, out var onlyFence) && (fence is null || (fenceChar == fence && length >= fenceLength && onlyFence)))
            {
                FlushBlock(output, block, bracketsInBlock);
                bracketsInBlock = 0;
                (fence, fenceLength) = fence is null ? (fenceChar, length) : ((char?)null, 0);
                output.Append(line);
                continue;
            }

            if (fence is not null)
            {
                output.Append(line);
                continue;
            }

            if (line.Trim().IsEmpty)
            {
                FlushBlock(output, block, bracketsInBlock);
                bracketsInBlock = 0;
                output.Append(line);
                continue;
            }

            bracketsInBlock += AppendLine(block, line);
        }

        FlushBlock(output, block, bracketsInBlock);
        return output.ToString();
    }

    /// <summary>Appends a line with its blockquote markers capped and long runs broken; returns its count of '['.</summary>
    private static int AppendLine(StringBuilder block, ReadOnlySpan<char> line)
    {
        var i = 0;
        var depth = 0;
        while (i < line.Length)
        {
            var start = i;
            while (i < line.Length && i - start < 3 && line[i] == ' ')
            {
                i++;
            }

            if (i >= line.Length || line[i] != '>')
            {
                i = start;
                break;
            }

            i++;
            if (++depth <= MaxBlockquoteDepth)
            {
                block.Append(line[start..i]);
            }
        }

        var brackets = 0;
        var run = 0;
        for (; i < line.Length; i++)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                run = 0;
            }
            else if (++run > MaxRunLength)
            {
                block.Append(' ');
                run = 1;
            }

            if (c == '[')
            {
                brackets++;
            }

            block.Append(c);
        }

        return brackets;
    }

    private static void FlushBlock(StringBuilder output, StringBuilder block, int brackets)
    {
        if (brackets <= MaxBracketsPerBlock)
        {
            output.Append(block);
        }
        else
        {
            var backslashes = 0;
            for (var i = 0; i < block.Length; i++)
            {
                var c = block[i];
                if (c == '[' && backslashes % 2 == 0)
                {
                    output.Append('\\');
                }

                backslashes = c == '\\' ? backslashes + 1 : 0;
                output.Append(c);
            }
        }

        block.Clear();
    }

    /// <summary>
    /// At least the number of headings Markdown can make of the text, counted in one pass: an ATX heading's
    /// line holds a '#', a setext heading's underline ends in '=' or '-' (after any container markers).
    /// </summary>
    public static int CountHeadingCandidates(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var count = 0;
        var hasHash = false;
        var last = '\0';
        foreach (var c in markdown)
        {
            if (c is '\n' or '\r')
            {
                count += hasHash || last is '=' or '-' ? 1 : 0;
                hasHash = false;
                last = '\0';
                continue;
            }

            hasHash |= c == '#';
            if (!char.IsWhiteSpace(c))
            {
                last = c;
            }
        }

        return count + (hasHash || last is '=' or '-' ? 1 : 0);
    }

    /// <summary>
    /// A code fence as CommonMark has it: up to three spaces, then three or more backticks or tildes (a
    /// backtick fence's info string has no backtick). <paramref name="onlyFence"/>: nothing but white space
    /// follows, as a closing fence needs.
    /// </summary>
    private static bool IsFence(ReadOnlySpan<char> line, out char fenceChar, out int length, out bool onlyFence)
    {
        var i = 0;
        while (i < line.Length && i < 3 && line[i] == ' ')
        {
            i++;
        }

        fenceChar = i < line.Length ? line[i] : '\0';
        length = 0;
        onlyFence = false;
        if (fenceChar is not ('`' or '~'))
        {
            return false;
        }

        while (i + length < line.Length && line[i + length] == fenceChar)
        {
            length++;
        }

        var rest = line[(i + length)..];
        onlyFence = rest.Trim().IsEmpty;
        return length >= 3 && !(fenceChar == '`' && rest.Contains('`'));
    }
}
