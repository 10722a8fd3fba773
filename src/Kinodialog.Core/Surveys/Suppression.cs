namespace Kinodialog.Core.Surveys;

/// <summary>
/// Small-cell suppression for every survey report, page and export (spec, "Privacy rules"): no cell with
/// fewer than k respondents, and never exactly one hidden cell in a set whose total is shown.
/// </summary>
public static class Suppression
{
    /// <summary>The smallest k allowed; configuration can only raise it.</summary>
    public const int MinimumK = 5;

    /// <summary>The k to use for a configured value: at least <see cref="MinimumK"/>.</summary>
    public static int NormaliseK(int configured) => Math.Max(MinimumK, configured);

    /// <summary>
    /// Which cells of one set (the cells that add up to a shown total, e.g. moved up / same / moved down)
    /// to hide:
    /// <list type="number">
    /// <item>every cell with 0 &lt; count &lt; k. Zeros are shown: a zero describes nobody, and hiding zeros
    /// would hide most small tables without protecting anyone;</item>
    /// <item>when that hides exactly one cell, also the smallest other non-zero cell (the first of equals),
    /// so that the total minus the shown cells cannot reveal it;</item>
    /// <item>when the whole set has fewer than k respondents (but some), every cell, zeros included: the
    /// total itself is too small to show any breakdown of.</item>
    /// </list>
    /// <paramref name="k"/> goes through <see cref="NormaliseK"/>, so it is never below 5.
    /// </summary>
    public static bool[] Hide(IReadOnlyList<int> cells, int k)
    {
        ArgumentNullException.ThrowIfNull(cells);
        k = NormaliseK(k);
        var hidden = new bool[cells.Count];
        var total = 0L;
        for (var i = 0; i < cells.Count; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(cells[i], nameof(cells));
            total += cells[i];
        }

        if (total > 0 && total < k)
        {
            Array.Fill(hidden, true);
            return hidden;
        }

        var hiddenCount = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i] > 0 && cells[i] < k)
            {
                hidden[i] = true;
                hiddenCount++;
            }
        }

        if (hiddenCount == 1)
        {
            var smallest = -1;
            for (var i = 0; i < cells.Count; i++)
            {
                if (!hidden[i] && cells[i] > 0 && (smallest < 0 || cells[i] < cells[smallest]))
                {
                    smallest = i;
                }
            }

            if (smallest >= 0)
            {
                hidden[smallest] = true;
            }
        }

        return hidden;
    }

    /// <summary>
    /// Whether a screening (or one question of it) with this many matched pairs may enter anything beyond
    /// its own count: row-level exports and pooled results. Fewer than k pairs never do, so that neither a
    /// file nor the difference of two pooled filters can describe a handful of people.
    /// </summary>
    public static bool ScreeningMayBeShown(int pairs, int k) => pairs >= NormaliseK(k);

    /// <summary>
    /// Whether results may be shown per community: only when every compared community has at least k
    /// respondents (k through <see cref="NormaliseK"/>). False when there is no community to compare.
    /// </summary>
    public static bool CommunityBreakdownAllowed(IReadOnlyList<int> respondentsPerCommunity, int k)
    {
        ArgumentNullException.ThrowIfNull(respondentsPerCommunity);
        k = NormaliseK(k);
        return respondentsPerCommunity.Count > 0 && respondentsPerCommunity.All(count => count >= k);
    }
}
