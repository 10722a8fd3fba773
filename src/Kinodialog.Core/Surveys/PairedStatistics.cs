namespace Kinodialog.Core.Surveys;

/// <summary>
/// The paired (pre → post) statistics of one question. Values that are undefined for the data (no pairs,
/// zero variance, no movement) are null. "Up" means post &gt; pre.
/// </summary>
/// <param name="Scale">The scale the answers were analysed on.</param>
/// <param name="NPairs">Matched pairs used.</param>
/// <param name="Test">The test: see <see cref="PairedTests"/>.</param>
/// <param name="Statistic">McNemar: the smaller discordant count min(b, c) (as statsmodels reports it);
/// Wilcoxon: min(T⁺, T⁻) of the Pratt ranks (as scipy's two-sided statistic); t-test: t.</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="Effect">Binary: (c − b)/n; ordinal: matched-pairs rank-biserial correlation;
/// thermometer: Cohen's d_z.</param>
/// <param name="EffectCiLow">Lower end of the 95% interval of <paramref name="Effect"/>: binary, one screening:
/// Newcombe's method 10; otherwise the bootstrap percentile interval (pooled: cluster bootstrap).</param>
/// <param name="EffectCiHigh">Upper end of the 95% interval of <paramref name="Effect"/>.</param>
/// <param name="MovedUp">Pairs with post &gt; pre (binary: c, no → yes).</param>
/// <param name="Same">Pairs with post = pre.</param>
/// <param name="MovedDown">Pairs with post &lt; pre (binary: b, yes → no).</param>
/// <param name="MeanPre">Mean of the pre answers.</param>
/// <param name="MeanPost">Mean of the post answers.</param>
/// <param name="MeanDifference">Mean of post − pre.</param>
/// <param name="MeanDifferenceCiLow">Thermometer, single screening: lower end of the 95% t-interval.</param>
/// <param name="MeanDifferenceCiHigh">Thermometer, single screening: upper end of the 95% t-interval.</param>
/// <param name="BootstrapCiLow">Lower end of the 95% bootstrap percentile interval of the mean difference
/// (every scale; pooled: cluster bootstrap).</param>
/// <param name="BootstrapCiHigh">Upper end of the 95% bootstrap percentile interval of the mean difference.</param>
public sealed record PairedStatistics(
    StatisticScale Scale,
    int NPairs,
    string Test,
    double? Statistic,
    double? PValue,
    double? Effect,
    double? EffectCiLow,
    double? EffectCiHigh,
    int MovedUp,
    int Same,
    int MovedDown,
    double? MeanPre,
    double? MeanPost,
    double? MeanDifference,
    double? MeanDifferenceCiLow,
    double? MeanDifferenceCiHigh,
    double? BootstrapCiLow,
    double? BootstrapCiHigh)
{
    /// <summary>The number of clusters (screenings) resampled: 1 unless computed with
    /// <see cref="PairedStatisticsCalculator.ComputePooled"/>.</summary>
    public int Clusters { get; init; } = 1;

    /// <summary>Wilcoxon with the normal approximation: the z-statistic (without continuity correction).</summary>
    public double? ZStatistic { get; init; }

    /// <summary>Wilcoxon: the sum of the Pratt ranks of the positive differences.</summary>
    public double? RankSumUp { get; init; }

    /// <summary>Wilcoxon: the sum of the Pratt ranks of the negative differences.</summary>
    public double? RankSumDown { get; init; }
}

/// <summary>The names of the tests in <see cref="PairedStatistics.Test"/>. They never change once published.</summary>
public static class PairedTests
{
    /// <summary>McNemar's test, exact two-sided binomial p-value on the discordant pairs.</summary>
    public const string McNemarExact = "mcnemar_exact";

    /// <summary>Wilcoxon signed-rank, Pratt's zero handling, exact conditional p-value over the observed ranks.</summary>
    public const string WilcoxonPrattExact = "wilcoxon_pratt_exact";

    /// <summary>Wilcoxon signed-rank, Pratt's zero handling, normal approximation with tie and zero corrections.</summary>
    public const string WilcoxonPrattNormal = "wilcoxon_pratt_normal";

    /// <summary>Paired t-test.</summary>
    public const string PairedT = "paired_t";
}
