using System.ComponentModel.DataAnnotations;

namespace Kinodialog.Web.Features.Surveys;

/// <summary>Privacy and statistics settings of the perception survey. Section "Surveys".</summary>
public sealed class SurveysOptions
{
    public const string SectionName = "Surveys";

    /// <summary>Smallest number of respondents any cell, breakdown or chart may show (5, configurable upward only).</summary>
    [Range(5, 1000)]
    public int MinCellSize { get; set; } = 5;

    /// <summary>Bootstrap resamples for intervals (at least 5,000).</summary>
    [Range(5000, 200_000)]
    public int BootstrapDraws { get; set; } = 5000;

    /// <summary>Most answer sets written in one transaction.</summary>
    [Range(1, 10_000)]
    public int MaxBatch { get; set; } = 512;
}
