namespace Kinodialog.Core.Opinions;

/// <summary>
/// What must survive between recomputes (and across a restart) so that the map does not reshuffle:
/// the sticky in-map set, the base-cluster centres (warm start) with the group label of each, the
/// group centres and labels, the k smoother, and the PCA components (warm start, sign continuity).
/// A plain record of arrays: serialise it with System.Text.Json.
/// </summary>
public sealed record OpinionState
{
    /// <summary>External ids of participants in the map (membership is sticky).</summary>
    public string[] InMap { get; init; } = [];

    public double[] BaseCentreX { get; init; } = [];

    public double[] BaseCentreY { get; init; } = [];

    /// <summary>Group label of each base cluster (−1 when groups were not shown).</summary>
    public int[] BaseClusterGroup { get; init; } = [];

    public int[] GroupLabels { get; init; } = [];

    public double[] GroupCentreX { get; init; } = [];

    public double[] GroupCentreY { get; init; } = [];

    /// <summary>Whether the groups were shown (passed the gate): they then stay while their stability holds the keep threshold.</summary>
    public bool GroupsShown { get; init; }

    /// <summary>The k that is shown (0: none yet).</summary>
    public int ShownK { get; init; }

    /// <summary>A k that differs from the shown one and has won the last <see cref="CandidateWins"/> updates.</summary>
    public int CandidateK { get; init; }

    public int CandidateWins { get; init; }

    /// <summary>External ids of the statements the components below are given for.</summary>
    public string[] ComponentStatements { get; init; } = [];

    public double[] Component1 { get; init; } = [];

    public double[] Component2 { get; init; } = [];
}
