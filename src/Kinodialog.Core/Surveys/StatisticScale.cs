namespace Kinodialog.Core.Surveys;

/// <summary>How a question's answers are analysed as pre/post pairs.</summary>
public enum StatisticScale
{
    /// <summary>Two values, 0 and 1 (1 = yes / approve): McNemar's test.</summary>
    Binary,

    /// <summary>Ordered points (Likert, social distance): Wilcoxon signed-rank test.</summary>
    Ordinal,

    /// <summary>0–100 feeling thermometer: paired t and bootstrap.</summary>
    Thermometer,
}
