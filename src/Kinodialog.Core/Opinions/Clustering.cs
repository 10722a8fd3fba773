using System.Runtime.Intrinsics;

namespace Kinodialog.Core.Opinions;

/// <summary>The outcome of a k-means run on 2-D points.</summary>
internal sealed record KMeansResult(double[] X, double[] Y, int[] Assignment, double[] Weight, int[] Origin, int Iterations);

/// <summary>Deterministic (weighted) Lloyd k-means on 2-D points, parallel over fixed chunks.</summary>
internal static class KMeans
{
    /// <summary>
    /// Runs k-means from the given initial centres until every centre moves less than the tolerance or
    /// the iteration limit is hit; empty clusters keep their centre while iterating and are dropped
    /// at the end (<see cref="KMeansResult.Origin"/> maps each returned cluster to its initial index).
    /// </summary>
    public static KMeansResult Run(
        double[] px,
        double[] py,
        double[]? weight,
        double[] initialX,
        double[] initialY,
        double tolerance,
        int maxIterations,
        ParallelOptions parallel)
    {
        // Lloyd iterations with Hamerly's bounds: a point whose distance to its centre (upper bound) is
        // below both half the distance from that centre to the nearest other one and a lower bound on
        // the distance to every other centre cannot change cluster, so it is not rescanned.
        var n = px.Length;
        var k = initialX.Length;
        var cx = (double[])initialX.Clone();
        var cy = (double[])initialY.Clone();
        var assignment = new int[n];
        var upper = new double[n];
        var lower = new double[n];
        Array.Fill(upper, double.PositiveInfinity);
        var half = new double[k];
        var move = new double[k];
        var chunkSums = new double[OpinionMatrix.ChunkCount][];
        var iterations = 0;
        var parallelRun = n >= 4096;
        var first = true;
        while (true)
        {
            iterations++;
            for (var c = 0; c < k; c++)
            {
                var nearest = double.PositiveInfinity;
                for (var o = 0; o < k; o++)
                {
                    if (o != c)
                    {
                        nearest = Math.Min(nearest, Distance(cx[c], cy[c], cx[o], cy[o]));
                    }
                }

                half[c] = nearest / 2;
            }

            var firstPass = first;
            void Chunk(int chunk)
            {
                var sums = chunkSums[chunk] ??= new double[k * 3];
                Array.Clear(sums);
                var (from, to) = OpinionMatrix.ChunkRange(n, chunk);
                for (var i = from; i < to; i++)
                {
                    var x = px[i];
                    var y = py[i];
                    if (!firstPass)
                    {
                        var a = assignment[i];
                        var bound = Math.Max(half[a], lower[i]);
                        if (upper[i] > bound)
                        {
                            upper[i] = Distance(x, y, cx[a], cy[a]);
                            if (upper[i] > bound)
                            {
                                Scan(i, x, y);
                            }
                        }
                    }
                    else
                    {
                        Scan(i, x, y);
                    }

                    var best = assignment[i];
                    var w = weight is null ? 1.0 : weight[i];
                    sums[best * 3] += w * x;
                    sums[(best * 3) + 1] += w * y;
                    sums[(best * 3) + 2] += w;
                }
            }

            void Scan(int i, double x, double y)
            {
                // Nearest and second-nearest centre, four centres at a time (ties: the lowest index).
                var vx = Vector256.Create(x);
                var vy = Vector256.Create(y);
                var min1 = Vector256.Create(double.PositiveInfinity);
                var min2 = min1;
                var index = Vector256<double>.Zero;
                var lane = Vector256.Create(0.0, 1.0, 2.0, 3.0);
                var c = 0;
                for (; c + 4 <= k; c += 4)
                {
                    var dx = vx - Vector256.LoadUnsafe(ref cx[0], (nuint)c);
                    var dy = vy - Vector256.LoadUnsafe(ref cy[0], (nuint)c);
                    var d = (dx * dx) + (dy * dy);
                    var closer = Vector256.LessThan(d, min1);
                    min2 = Vector256.Min(min2, Vector256.Max(min1, d));
                    index = Vector256.ConditionalSelect(closer, lane + Vector256.Create((double)c), index);
                    min1 = Vector256.Min(min1, d);
                }

                var best = -1;
                var bestDistance = double.PositiveInfinity;
                var second = double.PositiveInfinity;
                for (var l = 0; l < 4; l++)
                {
                    var d = min1[l];
                    var at = (int)index[l];
                    if (d < bestDistance || (d == bestDistance && at < best))
                    {
                        second = Math.Min(second, bestDistance);
                        bestDistance = d;
                        best = at;
                    }
                    else
                    {
                        second = Math.Min(second, d);
                    }

                    second = Math.Min(second, min2[l]);
                }

                for (; c < k; c++)
                {
                    var dx = x - cx[c];
                    var dy = y - cy[c];
                    var d = (dx * dx) + (dy * dy);
                    if (d < bestDistance)
                    {
                        second = bestDistance;
                        bestDistance = d;
                        best = c;
                    }
                    else if (d < second)
                    {
                        second = d;
                    }
                }

                assignment[i] = Math.Max(best, 0);
                upper[i] = Math.Sqrt(bestDistance);
                lower[i] = Math.Sqrt(second);
            }

            if (parallelRun)
            {
                Parallel.For(0, OpinionMatrix.ChunkCount, parallel, Chunk);
            }
            else
            {
                for (var chunk = 0; chunk < OpinionMatrix.ChunkCount; chunk++)
                {
                    Chunk(chunk);
                }
            }

            first = false;
            var totals = new double[k * 3];
            foreach (var sums in chunkSums)
            {
                for (var i = 0; i < totals.Length; i++)
                {
                    totals[i] += sums![i];
                }
            }

            var maxMove = 0.0;
            var secondMove = 0.0;
            var maxMover = -1;
            for (var c = 0; c < k; c++)
            {
                var w = totals[(c * 3) + 2];
                move[c] = 0;
                if (w <= 0)
                {
                    continue;
                }

                var nx = totals[c * 3] / w;
                var ny = totals[(c * 3) + 1] / w;
                move[c] = Distance(nx, ny, cx[c], cy[c]);
                if (move[c] > maxMove)
                {
                    secondMove = maxMove;
                    maxMove = move[c];
                    maxMover = c;
                }
                else if (move[c] > secondMove)
                {
                    secondMove = move[c];
                }

                cx[c] = nx;
                cy[c] = ny;
            }

            if (maxMove < tolerance || iterations >= maxIterations)
            {
                // Centres are the means of the last assignment; drop empty clusters.
                var weights = new double[k];
                for (var c = 0; c < k; c++)
                {
                    weights[c] = totals[(c * 3) + 2];
                }

                return Compact(cx, cy, weights, assignment, iterations);
            }

            // Keep the bounds valid for the moved centres.
            void Update(int chunk)
            {
                var (from, to) = OpinionMatrix.ChunkRange(n, chunk);
                for (var i = from; i < to; i++)
                {
                    var a = assignment[i];
                    upper[i] += move[a];
                    lower[i] -= a == maxMover ? secondMove : maxMove;
                }
            }

            if (parallelRun)
            {
                Parallel.For(0, OpinionMatrix.ChunkCount, parallel, Update);
            }
            else
            {
                for (var chunk = 0; chunk < OpinionMatrix.ChunkCount; chunk++)
                {
                    Update(chunk);
                }
            }
        }
    }

    private static double Distance(double x1, double y1, double x2, double y2) =>
        Math.Sqrt(((x1 - x2) * (x1 - x2)) + ((y1 - y2) * (y1 - y2)));

    private static KMeansResult Compact(double[] cx, double[] cy, double[] weights, int[] assignment, int iterations)
    {
        var k = cx.Length;
        var remap = new int[k];
        var kept = 0;
        for (var c = 0; c < k; c++)
        {
            remap[c] = weights[c] > 0 ? kept++ : -1;
        }

        var x = new double[kept];
        var y = new double[kept];
        var w = new double[kept];
        var origin = new int[kept];
        for (var c = 0; c < k; c++)
        {
            if (remap[c] >= 0)
            {
                x[remap[c]] = cx[c];
                y[remap[c]] = cy[c];
                w[remap[c]] = weights[c];
                origin[remap[c]] = c;
            }
        }

        for (var i = 0; i < assignment.Length; i++)
        {
            assignment[i] = remap[assignment[i]];
        }

        return new KMeansResult(x, y, assignment, w, origin, iterations);
    }

    /// <summary>
    /// Mean silhouette of the points (unweighted, Euclidean); a point alone in its cluster scores 0.
    /// </summary>
    public static double Silhouette(double[] px, double[] py, int[] assignment, int k)
    {
        var n = px.Length;
        if (n == 0)
        {
            return 0;
        }

        var size = new int[k];
        foreach (var a in assignment)
        {
            size[a]++;
        }

        var total = 0.0;
        var distanceSum = new double[k];
        for (var i = 0; i < n; i++)
        {
            Array.Clear(distanceSum);
            for (var j = 0; j < n; j++)
            {
                if (j == i)
                {
                    continue;
                }

                var dx = px[i] - px[j];
                var dy = py[i] - py[j];
                distanceSum[assignment[j]] += Math.Sqrt((dx * dx) + (dy * dy));
            }

            var own = assignment[i];
            if (size[own] <= 1)
            {
                continue;
            }

            var a = distanceSum[own] / (size[own] - 1);
            var b = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                if (c != own && size[c] > 0)
                {
                    b = Math.Min(b, distanceSum[c] / size[c]);
                }
            }

            var denominator = Math.Max(a, b);
            total += denominator > 0 && !double.IsInfinity(b) ? (b - a) / denominator : 0;
        }

        return total / n;
    }
}
