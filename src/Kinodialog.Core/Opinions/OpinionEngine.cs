namespace Kinodialog.Core.Opinions;

/// <summary>
/// Recomputes the opinion map (see docs: specs/opinion-map.md): eligibility, sparse PCA, projections,
/// base clusters, groups, statistics, consensus and priorities. Pure and deterministic: the same input,
/// previous state and options give the same result, whatever order participants were listed in.
/// </summary>
public static class OpinionEngine
{
    private const int EligibilityVotes = 7;
    private const int MaxGroups = 5;
    private const double GroupTolerance = 1e-9;
    private const int GroupMaxIterations = 200;

    public static OpinionResult Compute(OpinionInput input, OpinionState? previous, OpinionOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1 };
        var matrix = OpinionMatrix.Build(input, options.PolisCompatibility, parallel);
        var m = matrix.M;

        // PCA, warm-started from the previous components when there are any.
        var (warm1, warm2) = WarmComponents(input, matrix, previous);
        var pca = SparsePca.Compute(matrix, warm1, warm2, options.Seed, options.PcaTolerance, options.PcaMaxIterations, parallel);

        var rowX = new double[matrix.Rows];
        var rowY = new double[matrix.Rows];
        Project(matrix, pca.Component1, pca.Component2, rowX, rowY, parallel);

        var rowOf = new int[input.ParticipantCount];
        Array.Fill(rowOf, -1);
        for (var r = 0; r < matrix.Rows; r++)
        {
            rowOf[matrix.RowParticipant[r]] = r;
        }

        var inMap = Eligibility(input, matrix, previous, options);
        var inMapRows = new List<int>();
        for (var r = 0; r < matrix.Rows; r++)
        {
            if (inMap[r])
            {
                inMapRows.Add(r);
            }
        }

        var inMapCount = inMapRows.Count;

        // Base clusters on the in-map positions (canonical order = order of first vote).
        var px = new double[inMapCount];
        var py = new double[inMapCount];
        for (var i = 0; i < inMapCount; i++)
        {
            px[i] = rowX[inMapRows[i]];
            py[i] = rowY[inMapRows[i]];
        }

        var baseRun = BaseClusters(px, py, previous, options, parallel);
        var baseCount = baseRun?.X.Length ?? 0;

        // Groups over the base centres, behind the gate (floor, then stability).
        var groupChoice = ChooseGroups(baseRun, previous, options);
        var gate = Gate(input, matrix, inMapRows, baseRun, groupChoice, previous?.GroupsShown == true, options);
        var shownK = gate.Shown ? groupChoice.ShownK : 0;
        var groupsShown = shownK >= 2;
        var baseGroupLabel = new int[baseCount];
        Array.Fill(baseGroupLabel, -1);
        var labels = Array.Empty<int>();
        var groupRun = groupsShown ? groupChoice.Runs[shownK] : null;
        if (groupRun is not null && baseRun is not null)
        {
            labels = MatchLabels(baseRun, groupRun, previous);
            for (var b = 0; b < baseCount; b++)
            {
                baseGroupLabel[b] = labels[groupRun.Assignment[b]];
            }
        }

        // Group index (position in label order) of each label.
        var labelOrder = labels.Select((label, index) => (label, index)).OrderBy(t => t.label).ToArray();
        var groupIndexOfRunGroup = new int[labels.Length];
        for (var g = 0; g < labelOrder.Length; g++)
        {
            groupIndexOfRunGroup[labelOrder[g].index] = g;
        }

        var groupOf = new int[input.ParticipantCount];
        Array.Fill(groupOf, -1);
        var inMapSet = new int[input.ParticipantCount];
        Array.Fill(inMapSet, -1);
        var baseMembers = new List<int>[baseCount];
        for (var b = 0; b < baseCount; b++)
        {
            baseMembers[b] = [];
        }

        for (var i = 0; i < inMapCount; i++)
        {
            var participant = matrix.RowParticipant[inMapRows[i]];
            inMapSet[participant] = 0;
            var b = baseRun!.Assignment[i];
            baseMembers[b].Add(participant);
            if (groupRun is not null)
            {
                groupOf[participant] = groupIndexOfRunGroup[groupRun.Assignment[b]];
            }
        }

        var groupCount = labels.Length;
        var isInMap = new bool[input.ParticipantCount];
        for (var p = 0; p < isInMap.Length; p++)
        {
            isInMap[p] = inMapSet[p] >= 0;
        }

        var (groupTallies, inMapTally, consensusTally) = OpinionStatistics.TallyAll(input, groupOf, groupCount, isInMap);

        var eligible = new bool[input.StatementCount];
        for (var s = 0; s < eligible.Length; s++)
        {
            var statement = input.Statements[s];
            eligible[s] = !statement.IsMeta && !statement.IsRejected;
        }

        var groups = new List<OpinionGroup>(groupCount);
        for (var g = 0; g < groupCount; g++)
        {
            var rest = new VoteTally[input.StatementCount];
            for (var s = 0; s < rest.Length; s++)
            {
                int a = 0, d = 0, n = 0;
                for (var other = 0; other < groupCount; other++)
                {
                    if (other != g)
                    {
                        a += groupTallies[other][s].Agree;
                        d += groupTallies[other][s].Disagree;
                        n += groupTallies[other][s].Seen;
                    }
                }

                rest[s] = new VoteTally(a, d, n);
            }

            var runGroup = labelOrder[g].index;
            var members = new List<int>();
            var size = 0;
            for (var b = 0; b < baseCount; b++)
            {
                if (groupRun!.Assignment[b] == runGroup)
                {
                    members.Add(b);
                    size += baseMembers[b].Count;
                }
            }

            groups.Add(new OpinionGroup(
                labelOrder[g].label,
                size,
                groupRun!.X[runGroup],
                groupRun.Y[runGroup],
                [.. members],
                groupTallies[g],
                OpinionStatistics.Representative(groupTallies[g], rest, eligible)));
        }

        // Statements: projection, extremity, consensus and priority.
        var gicSets = groupsShown ? groupTallies : [inMapTally];
        var statements = new StatementResult[input.StatementCount];
        for (var s = 0; s < statements.Length; s++)
        {
            var column = matrix.ColumnOf[s];
            double mean = 0, c1 = 0, c2 = 0, x = 0, y = 0;
            if (column >= 0)
            {
                mean = matrix.Mean[column];
                c1 = pca.Component1[column];
                c2 = pca.Component2[column];
                (x, y) = StatementPosition(mean, c1, c2, m);
            }

            var extremity = Math.Sqrt((x * x) + (y * y));
            var statement = input.Statements[s];
            var gic = OpinionStatistics.GroupInformedConsensus(gicSets, s);
            var gicDisagree = OpinionStatistics.GroupInformedConsensus(gicSets, s, disagree: true);
            var priority = statement.IsRejected && !statement.IsMeta && !options.PolisCompatibility
                ? 0
                : OpinionStatistics.Priority(statement.IsMeta, inMapTally[s], extremity);
            statements[s] = new StatementResult(
                column >= 0,
                mean,
                c1,
                c2,
                x,
                y,
                extremity,
                gic,
                OpinionStatistics.GeometricMean(gic, gicSets.Length),
                gicDisagree,
                OpinionStatistics.GeometricMean(gicDisagree, gicSets.Length),
                priority,
                inMapTally[s]);
        }

        var placements = new ParticipantPlacement[input.ParticipantCount];
        for (var p = 0; p < placements.Length; p++)
        {
            var r = rowOf[p];
            placements[p] = r < 0
                ? new ParticipantPlacement(0, 0, false, false, -1)
                : new ParticipantPlacement(rowX[r], rowY[r], inMap[r], true, groupOf[p] >= 0 ? groups[groupOf[p]].Label : -1);
        }

        var baseClusters = new List<BaseCluster>(baseCount);
        for (var b = 0; b < baseCount; b++)
        {
            baseClusters.Add(new BaseCluster(b, baseRun!.X[b], baseRun.Y[b], [.. baseMembers[b]], baseGroupLabel[b]));
        }

        var state = new OpinionState
        {
            InMap = [.. inMapRows.Select(r => input.Participants[matrix.RowParticipant[r]].ExternalId)],
            BaseCentreX = baseRun?.X ?? [],
            BaseCentreY = baseRun?.Y ?? [],
            BaseClusterGroup = baseGroupLabel,
            GroupLabels = [.. groups.Select(g => g.Label)],
            GroupCentreX = [.. groups.Select(g => g.CentreX)],
            GroupCentreY = [.. groups.Select(g => g.CentreY)],
            GroupsShown = groupsShown,
            ShownK = groupChoice.StateK,
            CandidateK = groupChoice.CandidateK,
            CandidateWins = groupChoice.CandidateWins,
            ComponentStatements = [.. matrix.ColumnStatement.Select(s => input.Statements[s].ExternalId)],
            Component1 = pca.Component1,
            Component2 = pca.Component2,
        };

        return new OpinionResult(
            inMapCount,
            groupsShown,
            groupsShown ? shownK : 0,
            groupChoice.BestK,
            placements,
            statements,
            baseClusters,
            groups,
            OpinionStatistics.Consensus(consensusTally, eligible),
            CommunityConsensus(input, inMapSet, options),
            pca.Eigenvalues,
            pca.Iterations,
            state,
            gate);
    }

    /// <summary>
    /// Whether the groups are shown: at least the floor of participants in the map, two or more groups,
    /// and (outside Polis parity mode, up to <see cref="OpinionOptions.GroupStabilityMaxParticipants"/>)
    /// a stability of at least the threshold (the keep threshold when they were shown at the previous
    /// recompute: <see cref="GroupGate.StableEnough"/>).
    /// </summary>
    private static GroupGate Gate(OpinionInput input, OpinionMatrix matrix, List<int> inMapRows, KMeansResult? baseRun, GroupChoice choice, bool shownBefore, OpinionOptions options)
    {
        var count = inMapRows.Count;
        var floor = options.MinimumParticipantsForGroups;
        var threshold = options.GroupStabilityThreshold;
        if (count < floor)
        {
            return new GroupGate(GroupsHidden.TooFewParticipants, count, floor, null, threshold);
        }

        if (choice.ShownK < 2 || baseRun is null)
        {
            return new GroupGate(GroupsHidden.NoGroups, count, floor, null, threshold);
        }

        if (options.PolisCompatibility || options.GroupStabilityResamples <= 0 || count > options.GroupStabilityMaxParticipants)
        {
            return new GroupGate(GroupsHidden.None, count, floor, null, threshold);
        }

        var run = choice.Runs[choice.ShownK];
        var groupOf = new int[input.ParticipantCount];
        Array.Fill(groupOf, -1);
        for (var i = 0; i < count; i++)
        {
            groupOf[matrix.RowParticipant[inMapRows[i]]] = run.Assignment[baseRun.Assignment[i]];
        }

        var stability = GroupStability.Measure(input, groupOf, options).Median;
        return new GroupGate(GroupGate.StableEnough(stability, shownBefore, options) ? GroupsHidden.None : GroupsHidden.NotStable, count, floor, stability, threshold);
    }

    /// <summary>In-map flag and group index (−1: none) of each participant.</summary>
    internal sealed record Partition(bool[] InMap, int[] Group);

    /// <summary>
    /// The projection and clustering of <see cref="Compute"/> from a cold start (no previous state, the
    /// k with the best silhouette, no gate): what <see cref="GroupStability"/> re-runs on subsamples.
    /// </summary>
    internal static Partition ColdPartition(OpinionInput input, OpinionOptions options)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1 };
        var matrix = OpinionMatrix.Build(input, options.PolisCompatibility, parallel);
        var pca = SparsePca.Compute(matrix, null, null, options.Seed, options.PcaTolerance, options.PcaMaxIterations, parallel);
        var rowX = new double[matrix.Rows];
        var rowY = new double[matrix.Rows];
        Project(matrix, pca.Component1, pca.Component2, rowX, rowY, parallel);
        var inMap = Eligibility(input, matrix, null, options);
        var rows = new List<int>();
        for (var r = 0; r < matrix.Rows; r++)
        {
            if (inMap[r])
            {
                rows.Add(r);
            }
        }

        var px = rows.Select(r => rowX[r]).ToArray();
        var py = rows.Select(r => rowY[r]).ToArray();
        var baseRun = BaseClusters(px, py, null, options, parallel);
        var choice = ChooseGroups(baseRun, null, options);
        var result = new Partition(new bool[input.ParticipantCount], new int[input.ParticipantCount]);
        Array.Fill(result.Group, -1);
        var run = choice.ShownK >= 2 ? choice.Runs[choice.ShownK] : null;
        for (var i = 0; i < rows.Count; i++)
        {
            var p = matrix.RowParticipant[rows[i]];
            result.InMap[p] = true;
            if (run is not null)
            {
                result.Group[p] = run.Assignment[baseRun!.Assignment[i]];
            }
        }

        return result;
    }

    /// <summary>
    /// The projection stage on its own, with given centre and components (indexed by statement):
    /// p_i = √(m / max(n_i, 1)) · Σ_j (x_ij − centre_j)·(c1_j, c2_j). Participants without votes get (0, 0).
    /// </summary>
    public static (double[] X, double[] Y) ProjectParticipants(
        OpinionInput input,
        OpinionOptions options,
        IReadOnlyList<double> centre,
        IReadOnlyList<double> component1,
        IReadOnlyList<double> component2)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(centre);
        ArgumentNullException.ThrowIfNull(component1);
        ArgumentNullException.ThrowIfNull(component2);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1 };
        var matrix = OpinionMatrix.Build(input, options.PolisCompatibility, parallel);
        var x = new double[input.ParticipantCount];
        var y = new double[input.ParticipantCount];
        for (var r = 0; r < matrix.Rows; r++)
        {
            var p = matrix.RowParticipant[r];
            var statements = input.StatementsOf(p);
            var votes = input.VotesOf(p);
            double sx = 0, sy = 0;
            for (var k = 0; k < statements.Length; k++)
            {
                var s = statements[k];
                var c = matrix.ColumnOf[s];
                if (c < 0 || matrix.ColumnZeroed[c])
                {
                    continue;
                }

                sx += (votes[k] - centre[s]) * component1[s];
                sy += (votes[k] - centre[s]) * component2[s];
            }

            var scale = Math.Sqrt(matrix.M / (double)Math.Max(matrix.RowVotes[r], 1));
            x[p] = sx * scale;
            y[p] = sy * scale;
        }

        return (x, y);
    }

    /// <summary>A statement's map position: a virtual participant who agreed with it only, (1 − μ)·(v1, v2)·√m.</summary>
    public static (double X, double Y) StatementPosition(double mean, double component1, double component2, int m) =>
        ((1 - mean) * component1 * Math.Sqrt(m), (1 - mean) * component2 * Math.Sqrt(m));

    private static (double[]? First, double[]? Second) WarmComponents(OpinionInput input, OpinionMatrix matrix, OpinionState? previous)
    {
        if (previous is null || previous.ComponentStatements.Length == 0
            || previous.Component1.Length != previous.ComponentStatements.Length
            || previous.Component2.Length != previous.ComponentStatements.Length)
        {
            return (null, null);
        }

        var byId = new Dictionary<string, int>(previous.ComponentStatements.Length, StringComparer.Ordinal);
        for (var i = 0; i < previous.ComponentStatements.Length; i++)
        {
            byId.TryAdd(previous.ComponentStatements[i], i);
        }

        var first = new double[matrix.M];
        var second = new double[matrix.M];
        for (var c = 0; c < matrix.M; c++)
        {
            if (byId.TryGetValue(input.Statements[matrix.ColumnStatement[c]].ExternalId, out var i))
            {
                first[c] = previous.Component1[i];
                second[c] = previous.Component2[i];
            }
        }

        return (first, second);
    }

    /// <summary>p_i = √(m / max(n_i, 1)) · Σ_j (x_ij − μ_j)·(v1_j, v2_j).</summary>
    private static void Project(OpinionMatrix matrix, double[] v1, double[] v2, double[] x, double[] y, ParallelOptions parallel)
    {
        var m = matrix.M;
        Parallel.For(0, OpinionMatrix.ChunkCount, parallel, chunk =>
        {
            var (from, to) = OpinionMatrix.ChunkRange(matrix.Rows, chunk);
            for (var r = from; r < to; r++)
            {
                double sx = 0, sy = 0;
                for (var k = matrix.RowPtr[r]; k < matrix.RowPtr[r + 1]; k++)
                {
                    var c = matrix.EntryColumn[k];
                    var value = matrix.EntryVote[k] - matrix.Mean[c];
                    sx += value * v1[c];
                    sy += value * v2[c];
                }

                var scale = Math.Sqrt(m / (double)Math.Max(matrix.RowVotes[r], 1));
                x[r] = sx * scale;
                y[r] = sy * scale;
            }
        });
    }

    private static bool[] Eligibility(OpinionInput input, OpinionMatrix matrix, OpinionState? previous, OpinionOptions options)
    {
        var rows = matrix.Rows;
        var inMap = new bool[rows];
        var threshold = Math.Min(EligibilityVotes, matrix.M);
        var votes = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            // Polis counts every vote of the participant; we count the votes in the matrix.
            votes[r] = options.PolisCompatibility
                ? input.StatementsOf(matrix.RowParticipant[r]).Length
                : matrix.RowVotes[r];
            inMap[r] = votes[r] >= threshold;
        }

        if (previous is not null && previous.InMap.Length > 0)
        {
            var rowById = new Dictionary<string, int>(rows, StringComparer.Ordinal);
            for (var r = 0; r < rows; r++)
            {
                rowById[input.Participants[matrix.RowParticipant[r]].ExternalId] = r;
            }

            foreach (var id in previous.InMap)
            {
                if (rowById.TryGetValue(id, out var r))
                {
                    inMap[r] = true;
                }
            }
        }

        var count = inMap.Count(b => b);
        if (count < options.MinimumInMap)
        {
            var order = Enumerable.Range(0, rows).Where(r => !inMap[r]).OrderByDescending(r => votes[r]).ThenBy(r => r).ToArray();
            for (var i = 0; i < order.Length && count < options.MinimumInMap; i++)
            {
                inMap[order[i]] = true;
                count++;
            }
        }

        return inMap;
    }

    private static KMeansResult? BaseClusters(double[] px, double[] py, OpinionState? previous, OpinionOptions options, ParallelOptions parallel)
    {
        if (px.Length == 0)
        {
            return null;
        }

        var maxK = options.MaxBaseClusters;
        var distinct = new HashSet<(double, double)>();
        var firstDistinct = new List<int>();
        for (var i = 0; i < px.Length && distinct.Count < maxK; i++)
        {
            if (distinct.Add((px[i], py[i])))
            {
                firstDistinct.Add(i);
            }
        }

        var k = distinct.Count;
        var initX = new List<double>(k);
        var initY = new List<double>(k);
        var used = new HashSet<(double, double)>();
        if (previous is not null)
        {
            var count = Math.Min(previous.BaseCentreX.Length, previous.BaseCentreY.Length);
            for (var c = 0; c < count && initX.Count < k; c++)
            {
                if (used.Add((previous.BaseCentreX[c], previous.BaseCentreY[c])))
                {
                    initX.Add(previous.BaseCentreX[c]);
                    initY.Add(previous.BaseCentreY[c]);
                }
            }
        }

        foreach (var i in firstDistinct)
        {
            if (initX.Count == k)
            {
                break;
            }

            if (used.Add((px[i], py[i])))
            {
                initX.Add(px[i]);
                initY.Add(py[i]);
            }
        }

        double[] startX = [.. initX], startY = [.. initY];
        if (px.Length >= SparsePca.SubsampleRows && (previous is null || previous.BaseCentreX.Length == 0))
        {
            // Large cold start: converge on every 16th point from the same initial centres first, then
            // refine on all points; the full run then needs few iterations.
            var sampleX = new double[(px.Length + 15) / 16];
            var sampleY = new double[sampleX.Length];
            for (var i = 0; i < sampleX.Length; i++)
            {
                sampleX[i] = px[i * 16];
                sampleY[i] = py[i * 16];
            }

            var rough = KMeans.Run(sampleX, sampleY, null, startX, startY, options.BaseClusterTolerance, options.BaseClusterMaxIterations, parallel);
            if (rough.X.Length == startX.Length)
            {
                (startX, startY) = (rough.X, rough.Y);
            }
        }

        var full = KMeans.Run(px, py, null, startX, startY, options.BaseClusterTolerance, options.BaseClusterMaxIterations, parallel);
        return full;
    }

    private sealed record GroupChoice(int BestK, int ShownK, int StateK, int CandidateK, int CandidateWins, Dictionary<int, KMeansResult> Runs);

    private static GroupChoice ChooseGroups(KMeansResult? baseRun, OpinionState? previous, OpinionOptions options)
    {
        var runs = new Dictionary<int, KMeansResult>();
        if (baseRun is null || baseRun.X.Length < 2)
        {
            return new GroupChoice(0, 0, previous?.ShownK ?? 0, previous?.CandidateK ?? 0, previous?.CandidateWins ?? 0, runs);
        }

        var b = baseRun.X.Length;
        var maxK = Math.Min(Math.Min(MaxGroups, 2 + (b / 12)), b);
        var sequential = new ParallelOptions { MaxDegreeOfParallelism = 1 };
        var candidates = new List<(int K, double Silhouette, bool Singleton)>();
        for (var k = 2; k <= maxK; k++)
        {
            double[] initX, initY;
            if (previous is not null && previous.GroupCentreX.Length == k && previous.GroupCentreY.Length == k)
            {
                initX = previous.GroupCentreX;
                initY = previous.GroupCentreY;
            }
            else
            {
                initX = baseRun.X[..k];
                initY = baseRun.Y[..k];
            }

            var run = KMeans.Run(baseRun.X, baseRun.Y, baseRun.Weight, initX, initY, GroupTolerance, GroupMaxIterations, sequential);
            if (run.X.Length < k)
            {
                continue;
            }

            var size = new int[k];
            foreach (var a in run.Assignment)
            {
                size[a]++;
            }

            runs[k] = run;
            candidates.Add((k, KMeans.Silhouette(baseRun.X, baseRun.Y, run.Assignment, k), size.Contains(1)));
        }

        var bestK = 0;
        var best = double.NegativeInfinity;
        foreach (var (k, silhouette, singleton) in candidates)
        {
            if (singleton && candidates.Any(c => c.K < k && !c.Singleton))
            {
                continue;
            }

            if (silhouette >= best)
            {
                best = silhouette;
                bestK = k;
            }
        }

        // k smoother: the shown k changes only after the same new k won enough consecutive updates.
        var previousK = previous?.ShownK ?? 0;
        int stateK, candidateK = 0, wins = 0;
        if (bestK == 0)
        {
            stateK = previousK;
            candidateK = previous?.CandidateK ?? 0;
            wins = previous?.CandidateWins ?? 0;
        }
        else if (previousK == 0 || !runs.ContainsKey(previousK) || bestK == previousK)
        {
            stateK = bestK;
        }
        else
        {
            wins = previous!.CandidateK == bestK ? previous.CandidateWins + 1 : 1;
            candidateK = bestK;
            if (wins >= options.KStabilityUpdates)
            {
                stateK = bestK;
                candidateK = 0;
                wins = 0;
            }
            else
            {
                stateK = previousK;
            }
        }

        var shown = runs.ContainsKey(stateK) ? stateK : 0;
        return new GroupChoice(bestK, shown, stateK, candidateK, wins, runs);
    }

    /// <summary>
    /// Labels for the new groups: greedy largest-overlap matching against the previous labels (overlap =
    /// in-map members of warm-started base clusters that carried that label); the rest get the
    /// smallest free labels.
    /// </summary>
    private static int[] MatchLabels(KMeansResult baseRun, KMeansResult groupRun, OpinionState? previous)
    {
        var k = groupRun.X.Length;
        var labels = new int[k];
        Array.Fill(labels, -1);
        var overlap = new Dictionary<(int Group, int Label), double>();
        if (previous is not null)
        {
            var previousCount = Math.Min(previous.BaseCentreX.Length, previous.BaseClusterGroup.Length);
            for (var b = 0; b < baseRun.X.Length; b++)
            {
                var origin = baseRun.Origin[b];
                if (origin < previousCount && previous.BaseClusterGroup[origin] >= 0)
                {
                    var key = (groupRun.Assignment[b], previous.BaseClusterGroup[origin]);
                    overlap[key] = overlap.GetValueOrDefault(key) + baseRun.Weight[b];
                }
            }
        }

        var usedLabels = new HashSet<int>();
        foreach (var pair in overlap.OrderByDescending(p => p.Value).ThenBy(p => p.Key.Group).ThenBy(p => p.Key.Label))
        {
            if (labels[pair.Key.Group] < 0 && !usedLabels.Contains(pair.Key.Label))
            {
                labels[pair.Key.Group] = pair.Key.Label;
                usedLabels.Add(pair.Key.Label);
            }
        }

        var next = 0;
        for (var g = 0; g < k; g++)
        {
            if (labels[g] >= 0)
            {
                continue;
            }

            while (usedLabels.Contains(next))
            {
                next++;
            }

            labels[g] = next;
            usedLabels.Add(next);
        }

        return labels;
    }

    private static CommunityConsensus CommunityConsensus(OpinionInput input, int[] inMapSet, OpinionOptions options)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var p = 0; p < input.ParticipantCount; p++)
        {
            var community = input.Participants[p].Community;
            if (inMapSet[p] >= 0 && !string.IsNullOrEmpty(community))
            {
                counts[community] = counts.GetValueOrDefault(community) + 1;
            }
        }

        var sizes = counts.Select(c => new CommunitySize(c.Key, c.Value, c.Value >= options.MinimumCommunitySize)).ToList();
        var shown = sizes.Where(c => c.Shown).Select(c => c.Community).ToList();
        if (shown.Count < 2)
        {
            return new CommunityConsensus(sizes, null, null, null, null);
        }

        var index = shown.Select((name, i) => (name, i)).ToDictionary(t => t.name, t => t.i, StringComparer.Ordinal);
        var setOf = new int[input.ParticipantCount];
        for (var p = 0; p < setOf.Length; p++)
        {
            var community = input.Participants[p].Community;
            setOf[p] = inMapSet[p] >= 0 && community is not null && index.TryGetValue(community, out var i) ? i : -1;
        }

        var tallies = OpinionStatistics.Tally(input, setOf, shown.Count);
        var m = input.StatementCount;
        var agree = new double[m];
        var agreeMean = new double[m];
        var disagree = new double[m];
        var disagreeMean = new double[m];
        for (var s = 0; s < m; s++)
        {
            agree[s] = OpinionStatistics.GroupInformedConsensus(tallies, s);
            agreeMean[s] = OpinionStatistics.GeometricMean(agree[s], shown.Count);
            disagree[s] = OpinionStatistics.GroupInformedConsensus(tallies, s, disagree: true);
            disagreeMean[s] = OpinionStatistics.GeometricMean(disagree[s], shown.Count);
        }

        return new CommunityConsensus(sizes, agree, agreeMean, disagree, disagreeMean);
    }
}
