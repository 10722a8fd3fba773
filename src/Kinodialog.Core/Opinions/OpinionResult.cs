namespace Kinodialog.Core.Opinions;

/// <summary>Where a participant sits on the map. Group is −1 when not in the map or groups are not shown.</summary>
public readonly record struct ParticipantPlacement(double X, double Y, bool InMap, bool Voted, int Group);

/// <summary>A base cluster: the k-means centre of some in-map participants and its group label.</summary>
public sealed record BaseCluster(int Id, double X, double Y, int[] Members, int Group);

public enum RepnessDirection
{
    Agree,
    Disagree,
}

/// <summary>Agree, disagree and seen counts of one statement over some set of participants.</summary>
public readonly record struct VoteTally(int Agree, int Disagree, int Seen)
{
    public int Pass => Seen - Agree - Disagree;
}

/// <summary>The statistics of one statement for one group (see the spec's "Statistics").</summary>
public sealed record RepresentativeStatement(
    int Statement,
    RepnessDirection Direction,
    int Successes,
    int Trials,
    double P,
    double PTest,
    double Repness,
    double RepnessTest,
    bool IsBestAgree,
    bool IsWeak);

public sealed record OpinionGroup(
    int Label,
    int Size,
    double CentreX,
    double CentreY,
    int[] BaseClusters,
    VoteTally[] Tallies,
    IReadOnlyList<RepresentativeStatement> Representative);

/// <summary>An entry of the global agree or disagree list.</summary>
public sealed record ConsensusStatement(int Statement, int Successes, int Trials, double P, double PTest);

public sealed record ConsensusLists(IReadOnlyList<ConsensusStatement> Agree, IReadOnlyList<ConsensusStatement> Disagree);

/// <summary>Per statement: position on the map, bridging scores and how often it is shown next.</summary>
public readonly record struct StatementResult(
    bool InMatrix,
    double Mean,
    double Component1,
    double Component2,
    double X,
    double Y,
    double Extremity,
    double Gic,
    double GicGeoMean,
    double GicDisagree,
    double GicDisagreeGeoMean,
    double Priority,
    VoteTally InMapTally);

public sealed record CommunitySize(string Community, int InMapMembers, bool Shown);

/// <summary>
/// Consensus across self-declared communities, only for communities with enough in-map members.
/// The arrays are null when fewer than two communities can be shown ("too few to show").
/// </summary>
public sealed record CommunityConsensus(
    IReadOnlyList<CommunitySize> Communities,
    double[]? Agree,
    double[]? AgreeGeoMean,
    double[]? Disagree,
    double[]? DisagreeGeoMean)
{
    public bool TooFewToShow => Agree is null;
}

/// <summary>Why opinion groups are not shown (None when they are).</summary>
public enum GroupsHidden
{
    None,

    /// <summary>Fewer participants in the map than the floor.</summary>
    TooFewParticipants,

    /// <summary>The clustering found no two groups.</summary>
    NoGroups,

    /// <summary>The groups change when a few people are left out (stability below the threshold).</summary>
    NotStable,
}

/// <summary>
/// The gate in front of the groups: shown when the map holds at least <see cref="Floor"/> participants
/// and the partition's <see cref="Stability"/> reaches <see cref="Threshold"/> (bench/groups/README.md).
/// Stability is null when it was not measured (too few people, no groups, parity mode or a large room).
/// </summary>
public sealed record GroupGate(GroupsHidden Hidden, int Participants, int Floor, double? Stability, double Threshold)
{
    public bool Shown => Hidden == GroupsHidden.None;

    /// <summary>
    /// The stability rule with its hysteresis: groups not shown before need
    /// <see cref="OpinionOptions.GroupStabilityThreshold"/>; groups shown at the previous recompute stay
    /// while they hold <see cref="OpinionOptions.GroupStabilityKeepThreshold"/> (never more than the threshold).
    /// </summary>
    public static bool StableEnough(double stability, bool shownBefore, OpinionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var needed = shownBefore ? Math.Min(options.GroupStabilityKeepThreshold, options.GroupStabilityThreshold) : options.GroupStabilityThreshold;
        return stability >= needed;
    }
}

public sealed record OpinionResult(
    int InMapCount,
    bool GroupsShown,
    int K,
    int BestK,
    ParticipantPlacement[] Participants,
    StatementResult[] Statements,
    IReadOnlyList<BaseCluster> BaseClusters,
    IReadOnlyList<OpinionGroup> Groups,
    ConsensusLists Consensus,
    CommunityConsensus Communities,
    double[] Eigenvalues,
    int PcaIterations,
    OpinionState State,
    GroupGate? Gate = null);
