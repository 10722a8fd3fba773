namespace Kinodialog.Core.Surveys;

/// <summary>
/// How much of one question's paired statistics may be shown (<see cref="Suppression.Level"/>). Each level
/// shows only numbers that are functions of cells that are all "safe" (0 or at least k), so no shown
/// number, alone or combined with the others, can determine a count of 1 to k − 1.
/// </summary>
public enum DisclosureLevel
{
    /// <summary>1 to k − 1 pairs: only that the count is below k.</summary>
    Count = 0,

    /// <summary>The movement counts through <see cref="Suppression.Hide"/>; thermometer: the means and the
    /// mean change (magnitudes over at least k pairs, no count behind them).</summary>
    Summary = 1,

    /// <summary>Also the test and effect: binary: McNemar statistic and p, change in share (functions of the
    /// moved down / stayed / moved up counts, all safe); ordinal: Wilcoxon statistic, p, r and mean change
    /// (functions of the number of pairs per signed change, all safe); thermometer: t, p, d_z and every
    /// interval (moved down / stayed / moved up all safe).</summary>
    Tests = 2,

    /// <summary>Everything, including what depends on the whole before × after table (binary and ordinal:
    /// the interval of the effect, the means before and after, bootstrap intervals): every cell safe.</summary>
    Table = 3,
}

/// <summary>The statistics of one question as they may be shown.</summary>
/// <param name="Statistics">Null at <see cref="DisclosureLevel.Count"/>; otherwise a copy in which every
/// value above the level is null.</param>
/// <param name="Level">The level shown.</param>
/// <param name="MovesHidden">Which of (moved down, stayed, moved up) are hidden.</param>
public sealed record DisclosedStatistics(PairedStatistics? Statistics, DisclosureLevel Level, IReadOnlyList<bool> MovesHidden)
{
    /// <summary>The movement count at <paramref name="index"/> (0 down, 1 stayed, 2 up), or null when hidden.</summary>
    public int? Move(int index) => Statistics is not { } s || MovesHidden[index]
        ? null
        : index switch { 0 => s.MovedDown, 1 => s.Same, _ => s.MovedUp };
}
