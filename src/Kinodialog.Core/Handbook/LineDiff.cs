namespace Kinodialog.Core.Handbook;

public enum DiffKind
{
    Same,
    Removed,
    Added,

    /// <summary>A run of <see cref="DiffLine.Hidden"/> kept lines not shown (<see cref="LineDiff.Fold"/>).</summary>
    Folded,
}

/// <summary>One line of a comparison: kept, removed from the old text, or added by the new one; or a folded run of kept lines.</summary>
public sealed record DiffLine(DiffKind Kind, string Text, int Hidden = 0);

/// <summary>
/// A line-level comparison of two texts (a chapter's published Markdown and a proposed revision), for a
/// reviewer to read. Lines the two texts share at the start and end are matched first; the lines between are
/// compared by longest common subsequence when that table stays within <see cref="MaxCells"/>, otherwise
/// shown as all removed, then all added. No recursion; time and memory are bounded by the input.
/// </summary>
public static class LineDiff
{
    /// <summary>At most 4 million table cells (16 MB): two changed regions of 2,000 lines each.</summary>
    public const int MaxCells = 4_000_000;

    /// <summary>
    /// What a reviewer is shown of a comparison: every removed and added line with up to
    /// <paramref name="context"/> kept lines before and after it; each longer run of kept lines becomes one
    /// <see cref="DiffKind.Folded"/> line saying how many are hidden. A run that would hide a single line is
    /// shown whole (the marker would take its place). A one-word change in a long chapter is then on the
    /// screen, not below hundreds of unchanged lines.
    /// </summary>
    public static IReadOnlyList<DiffLine> Fold(IReadOnlyList<DiffLine> diff, int context = 3)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        var shown = new bool[diff.Count];
        for (var i = 0; i < diff.Count; i++)
        {
            if (diff[i].Kind is DiffKind.Added or DiffKind.Removed)
            {
                for (var j = Math.Max(0, i - context); j <= Math.Min(diff.Count - 1, i + context); j++)
                {
                    shown[j] = true;
                }
            }
        }

        var result = new List<DiffLine>();
        var index = 0;
        while (index < diff.Count)
        {
            if (shown[index])
            {
                result.Add(diff[index++]);
                continue;
            }

            var end = index;
            while (end < diff.Count && !shown[end])
            {
                end++;
            }

            if (end - index == 1)
            {
                result.Add(diff[index]);
            }
            else
            {
                result.Add(new DiffLine(DiffKind.Folded, "", end - index));
            }

            index = end;
        }

        return result;
    }

    public static IReadOnlyList<DiffLine> Compare(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var a = Lines(before);
        var b = Lines(after);
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && string.Equals(a[prefix], b[prefix], StringComparison.Ordinal))
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix
            && string.Equals(a[a.Length - 1 - suffix], b[b.Length - 1 - suffix], StringComparison.Ordinal))
        {
            suffix++;
        }

        var result = new List<DiffLine>(a.Length + b.Length);
        for (var i = 0; i < prefix; i++)
        {
            result.Add(new DiffLine(DiffKind.Same, a[i]));
        }

        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;
        if ((long)(n + 1) * (m + 1) <= MaxCells)
        {
            Middle(a, b, prefix, n, m, result);
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                result.Add(new DiffLine(DiffKind.Removed, a[prefix + i]));
            }

            for (var j = 0; j < m; j++)
            {
                result.Add(new DiffLine(DiffKind.Added, b[prefix + j]));
            }
        }

        for (var i = a.Length - suffix; i < a.Length; i++)
        {
            result.Add(new DiffLine(DiffKind.Same, a[i]));
        }

        return result;
    }

    /// <summary>Longest common subsequence of a[offset..offset+n) and b[offset..offset+m), walked from the start.</summary>
    private static void Middle(string[] a, string[] b, int offset, int n, int m, List<DiffLine> result)
    {
        // lcs[i * width + j]: length of the longest common subsequence of a[i..n) and b[j..m).
        var width = m + 1;
        var lcs = new int[(n + 1) * width];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[(i * width) + j] = string.Equals(a[offset + i], b[offset + j], StringComparison.Ordinal)
                    ? lcs[((i + 1) * width) + j + 1] + 1
                    : Math.Max(lcs[((i + 1) * width) + j], lcs[(i * width) + j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && string.Equals(a[offset + x], b[offset + y], StringComparison.Ordinal))
            {
                result.Add(new DiffLine(DiffKind.Same, a[offset + x]));
                x++;
                y++;
            }
            else if (y == m || (x < n && lcs[((x + 1) * width) + y] >= lcs[(x * width) + y + 1]))
            {
                result.Add(new DiffLine(DiffKind.Removed, a[offset + x]));
                x++;
            }
            else
            {
                result.Add(new DiffLine(DiffKind.Added, b[offset + y]));
                y++;
            }
        }
    }

    private static string[] Lines(string text) =>
        text.Length == 0 ? [] : text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
}
