namespace Kinodialog.Core.Opinions;

/// <summary>Settings of one opinion-map recompute.</summary>
public sealed record OpinionOptions
{
    public static OpinionOptions Default { get; } = new();

    /// <summary>
    /// Polis parity mode, used by the parity tests. It changes exactly two things:
    /// (1) meta and rejected statements stay in the matrix as columns of 0 for every participant
    /// (Polis "zeroes out" moderated-out columns) instead of being dropped, so they count in m and
    /// in every participant's n_i (they act as a pass by everyone for the projection scale only);
    /// (2) the "n_i ≥ min(7, m)" eligibility counts all of a participant's votes, including those on
    /// meta and rejected statements (Polis's user-vote-counts), where by default only votes in the
    /// matrix count. Rejected statements also keep a normal priority (Polis lists one for every
    /// statement) instead of 0. Tallies, repness, consensus and group-informed consensus always use
    /// the real votes and are the same in both modes.
    /// </summary>
    public bool PolisCompatibility { get; init; }

    /// <summary>Seed of the PCA start vectors when there is no previous state.</summary>
    public int Seed { get; init; } = 20_260_101;

    /// <summary>The subspace iteration stops when ‖XᵀX·v − θv‖ ≤ tolerance·θ₁ for both components.</summary>
    public double PcaTolerance { get; init; } = 1e-7;

    public int PcaMaxIterations { get; init; } = 1000;

    /// <summary>Base clusters stop when every centre moves less than this.</summary>
    public double BaseClusterTolerance { get; init; } = 0.01;

    public int BaseClusterMaxIterations { get; init; } = 100;

    public int MaxBaseClusters { get; init; } = 100;

    /// <summary>
    /// Polis's fill rule: when fewer participants than this qualify for the map, those with most votes
    /// are added until this many (or all) are in.
    /// </summary>
    public int MinimumInMap { get; init; } = 15;

    /// <summary>
    /// The floor: below this many participants in the map groups are never shown, however stable they
    /// look (bench/groups/README.md). In Polis parity mode this is the only gate.
    /// </summary>
    public int MinimumParticipantsForGroups { get; init; } = 15;

    /// <summary>
    /// Groups are shown only when their stability (<see cref="GroupStability"/>: the median adjusted Rand
    /// index between the room's partition and the partitions of subsamples of the room) reaches this.
    /// Not applied in Polis parity mode.
    /// </summary>
    public double GroupStabilityThreshold { get; init; } = 0.8;

    /// <summary>
    /// Groups shown at the previous recompute stay shown while their stability is at least this (at most
    /// <see cref="GroupStabilityThreshold"/>): a room near the threshold does not see its groups appear and
    /// vanish with every vote. Once hidden, they need the full threshold again.
    /// </summary>
    public double GroupStabilityKeepThreshold { get; init; } = 0.7;

    /// <summary>Subsamples drawn to measure stability (0: no stability gate).</summary>
    public int GroupStabilityResamples { get; init; } = 32;

    /// <summary>Share of the room's in-map participants kept in each subsample.</summary>
    public double GroupStabilitySubsample { get; init; } = 0.8;

    /// <summary>
    /// Above this many participants in the map (more than a screening room) stability is not measured
    /// and the floor is the only gate, as for Polis conversations imported whole; keeps large
    /// recomputes fast. See bench/groups/README.md.
    /// </summary>
    public int GroupStabilityMaxParticipants { get; init; } = 60;

    /// <summary>Minimum in-map members for a community to appear in cross-community consensus.</summary>
    public int MinimumCommunitySize { get; init; } = 5;

    /// <summary>Consecutive wins a new k needs before the shown k changes.</summary>
    public int KStabilityUpdates { get; init; } = 4;

    /// <summary>Upper bound on worker threads (null: the runtime's default).</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}
