using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kinodialog.Core.Opinions;

/// <summary>The top-2 principal axes of the centred sparse vote matrix.</summary>
internal sealed record PcaAxes(double[] Component1, double[] Component2, double[] Eigenvalues, int Iterations);

/// <summary>
/// Block subspace iteration with Rayleigh–Ritz on XᵀX, applied row by row on the sparse centred
/// matrix (never densified), stopped when the relative residual of both Ritz pairs is below the
/// tolerance. Partial sums are reduced in a fixed chunk order, so the result is deterministic.
/// </summary>
internal static class SparsePca
{
    private const int Block = 4;

    /// <summary>From this many points on, a cold start of the base clusters first converges on a subsample.</summary>
    public const int SubsampleRows = 50_000;

    public static PcaAxes Compute(
        OpinionMatrix matrix,
        double[]? warm1,
        double[]? warm2,
        int seed,
        double tolerance,
        int maxIterations,
        ParallelOptions parallel,
        int rowStride = 1)
    {
        var m = matrix.M;
        if (m == 0 || matrix.Rows == 0)
        {
            return new PcaAxes(new double[m], new double[m], [0, 0], 0);
        }

        var b = Math.Min(Block, m);
        var q = new double[m * Block];
        var random = new SplitMix64((ulong)(uint)seed);
        for (var i = 0; i < q.Length; i++)
        {
            q[i] = random.NextDouble() - 0.5;
        }

        if (warm1 is not null && warm2 is not null && Norm(warm1) > 0 && Norm(warm2) > 0)
        {
            for (var j = 0; j < m; j++)
            {
                q[(j * Block) + 0] = warm1[j];
                q[(j * Block) + 1] = warm2[j];
            }
        }

        ZeroUnusedColumns(q, m, b);
        Orthonormalise(q, m, b, random);

        var z = new double[m * Block];
        var partials = new double[OpinionMatrix.ChunkCount][];
        var h = new double[Block * Block];
        var u = new double[Block * Block];
        var theta = new double[Block];
        var ritz = new double[m * Block];
        var ritzImage = new double[m * Block];
        var iterations = 0;
        while (true)
        {
            iterations++;
            Apply(matrix, q, z, partials, parallel, rowStride);

            // H = Qᵀ Z (symmetric up to rounding).
            Array.Clear(h);
            for (var j = 0; j < m; j++)
            {
                for (var r = 0; r < b; r++)
                {
                    var qr = q[(j * Block) + r];
                    for (var c = 0; c < b; c++)
                    {
                        h[(r * Block) + c] += qr * z[(j * Block) + c];
                    }
                }
            }

            for (var r = 0; r < b; r++)
            {
                for (var c = r + 1; c < b; c++)
                {
                    var s = 0.5 * (h[(r * Block) + c] + h[(c * Block) + r]);
                    h[(r * Block) + c] = s;
                    h[(c * Block) + r] = s;
                }
            }

            SymmetricEigen.Decompose(h, b, Block, theta, u);

            // Ritz vectors Q·U and their images Z·U.
            Array.Clear(ritz);
            Array.Clear(ritzImage);
            for (var j = 0; j < m; j++)
            {
                for (var c = 0; c < b; c++)
                {
                    double sq = 0, sz = 0;
                    for (var r = 0; r < b; r++)
                    {
                        sq += q[(j * Block) + r] * u[(r * Block) + c];
                        sz += z[(j * Block) + r] * u[(r * Block) + c];
                    }

                    ritz[(j * Block) + c] = sq;
                    ritzImage[(j * Block) + c] = sz;
                }
            }

            var scale = Math.Abs(theta[0]);
            var residual = 0.0;
            for (var c = 0; c < Math.Min(2, b); c++)
            {
                double sum = 0;
                for (var j = 0; j < m; j++)
                {
                    var d = ritzImage[(j * Block) + c] - (theta[c] * ritz[(j * Block) + c]);
                    sum += d * d;
                }

                residual = Math.Max(residual, Math.Sqrt(sum));
            }

            var converged = scale == 0 || residual <= tolerance * scale;
            if (converged || iterations >= maxIterations)
            {
                var v1 = new double[m];
                var v2 = new double[m];
                for (var j = 0; j < m; j++)
                {
                    v1[j] = ritz[(j * Block) + 0];
                    v2[j] = b > 1 ? ritz[(j * Block) + 1] : 0;
                }

                FixSign(v1);
                FixSign(v2);
                return new PcaAxes(v1, v2, [Math.Max(theta[0], 0), b > 1 ? Math.Max(theta[1], 0) : 0], iterations);
            }

            // Next block: (XᵀX − σ)·Ritz vectors with σ = θ_b / 2, which maps the unwanted part of the
            // spectrum ([0, λ_{b+1}] ⊂ [0, θ_b]) into [−σ, σ] and speeds up convergence.
            var shift = b == Block && iterations > 1 ? Math.Max(theta[b - 1], 0) / 2 : 0;
            for (var i = 0; i < q.Length; i++)
            {
                q[i] = ritzImage[i] - (shift * ritz[i]);
            }

            Orthonormalise(q, m, b, random);
        }
    }

    /// <summary>Z = XᵀX·Q over the sparse centred rows; partial sums per chunk, reduced in chunk order.</summary>
    private static void Apply(OpinionMatrix matrix, double[] q, double[] z, double[]?[] partials, ParallelOptions parallel, int rowStride)
    {
        var rowPtr = matrix.RowPtr;
        var column = matrix.EntryColumn;
        var vote = matrix.EntryVote;
        var mean = matrix.Mean;
        var rows = matrix.Rows;
        var length = q.Length;
        Parallel.For(0, OpinionMatrix.ChunkCount, parallel, chunk =>
        {
            var local = partials[chunk] ??= new double[length];
            Array.Clear(local);
            var (from, to) = OpinionMatrix.ChunkRange(rows, chunk);
            ref var qBase = ref q[0];
            ref var localBase = ref local[0];
            ref var meanBase = ref MemoryMarshal.GetArrayDataReference(mean);
            ref var columnBase = ref MemoryMarshal.GetArrayDataReference(column);
            ref var voteBase = ref MemoryMarshal.GetArrayDataReference(vote);
            var centred = new double[256];
            for (var r = from; r < to; r++)
            {
                if (rowStride > 1 && r % rowStride != 0)
                {
                    continue;
                }

                // Entries were validated when the matrix was built: unchecked access in this hot loop.
                var start = rowPtr[r];
                var count = rowPtr[r + 1] - start;
                if (centred.Length < count)
                {
                    centred = new double[count * 2];
                }

                ref var x = ref centred[0];
                ref var cols = ref Unsafe.Add(ref columnBase, start);
                ref var votes = ref Unsafe.Add(ref voteBase, start);

                // Two accumulators break the dependency chain of the dot products.
                var y = Vector256<double>.Zero;
                var y2 = Vector256<double>.Zero;
                var i = 0;
                for (; i + 1 < count; i += 2)
                {
                    var c = Unsafe.Add(ref cols, i);
                    var c2 = Unsafe.Add(ref cols, i + 1);
                    var x1 = Unsafe.Add(ref votes, i) - Unsafe.Add(ref meanBase, c);
                    var x2 = Unsafe.Add(ref votes, i + 1) - Unsafe.Add(ref meanBase, c2);
                    Unsafe.Add(ref x, i) = x1;
                    Unsafe.Add(ref x, i + 1) = x2;
                    y += Vector256.Create(x1) * Vector256.LoadUnsafe(ref qBase, (nuint)(c * Block));
                    y2 += Vector256.Create(x2) * Vector256.LoadUnsafe(ref qBase, (nuint)(c2 * Block));
                }

                if (i < count)
                {
                    var c = Unsafe.Add(ref cols, i);
                    var x1 = Unsafe.Add(ref votes, i) - Unsafe.Add(ref meanBase, c);
                    Unsafe.Add(ref x, i) = x1;
                    y += Vector256.Create(x1) * Vector256.LoadUnsafe(ref qBase, (nuint)(c * Block));
                }

                y += y2;
                for (i = 0; i < count; i++)
                {
                    var at = (nuint)(Unsafe.Add(ref cols, i) * Block);
                    (Vector256.LoadUnsafe(ref localBase, at) + (Vector256.Create(Unsafe.Add(ref x, i)) * y)).StoreUnsafe(ref localBase, at);
                }
            }
        });

        Array.Clear(z);
        foreach (var local in partials)
        {
            if (local is null)
            {
                continue;
            }

            for (var i = 0; i < length; i++)
            {
                z[i] += local[i];
            }
        }
    }

    private static void ZeroUnusedColumns(double[] q, int m, int b)
    {
        for (var j = 0; j < m; j++)
        {
            for (var c = b; c < Block; c++)
            {
                q[(j * Block) + c] = 0;
            }
        }
    }

    /// <summary>Modified Gram–Schmidt (twice) on the first b columns; a collapsed column is replaced by a random one.</summary>
    private static void Orthonormalise(double[] q, int m, int b, SplitMix64 random)
    {
        for (var c = 0; c < b; c++)
        {
            for (var attempt = 0; ; attempt++)
            {
                var before = ColumnNorm(q, m, c);
                for (var pass = 0; pass < 2; pass++)
                {
                    for (var prior = 0; prior < c; prior++)
                    {
                        double dot = 0;
                        for (var j = 0; j < m; j++)
                        {
                            dot += q[(j * Block) + prior] * q[(j * Block) + c];
                        }

                        for (var j = 0; j < m; j++)
                        {
                            q[(j * Block) + c] -= dot * q[(j * Block) + prior];
                        }
                    }
                }

                var norm = ColumnNorm(q, m, c);
                if (norm > 1e-12 * Math.Max(before, 1e-300) && norm > 1e-280)
                {
                    for (var j = 0; j < m; j++)
                    {
                        q[(j * Block) + c] /= norm;
                    }

                    break;
                }

                if (attempt > 8)
                {
                    throw new InvalidOperationException("Could not build an orthonormal basis.");
                }

                for (var j = 0; j < m; j++)
                {
                    q[(j * Block) + c] = random.NextDouble() - 0.5;
                }
            }
        }
    }

    private static double ColumnNorm(double[] q, int m, int c)
    {
        double sum = 0;
        for (var j = 0; j < m; j++)
        {
            var v = q[(j * Block) + c];
            sum += v * v;
        }

        return Math.Sqrt(sum);
    }

    private static double Norm(double[] v)
    {
        double sum = 0;
        foreach (var x in v)
        {
            sum += x * x;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Sign convention: the entry of largest magnitude is positive (first such entry on ties).</summary>
    public static void FixSign(double[] v)
    {
        var best = 0.0;
        var sign = 1.0;
        foreach (var x in v)
        {
            if (Math.Abs(x) > best)
            {
                best = Math.Abs(x);
                sign = x < 0 ? -1 : 1;
            }
        }

        if (sign < 0)
        {
            for (var i = 0; i < v.Length; i++)
            {
                v[i] = -v[i];
            }
        }
    }
}

/// <summary>Cyclic Jacobi eigen-decomposition of a small symmetric matrix, eigenvalues descending.</summary>
internal static class SymmetricEigen
{
    /// <param name="a">n×n matrix stored with the given stride (copied, not modified).</param>
    /// <param name="values">eigenvalues, descending.</param>
    /// <param name="vectors">eigenvectors as columns, same stride.</param>
    public static void Decompose(double[] a, int n, int stride, double[] values, double[] vectors)
    {
        var w = (double[])a.Clone();
        Array.Clear(vectors);
        for (var i = 0; i < n; i++)
        {
            vectors[(i * stride) + i] = 1;
        }

        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diag = 0;
            for (var i = 0; i < n; i++)
            {
                diag += w[(i * stride) + i] * w[(i * stride) + i];
                for (var j = i + 1; j < n; j++)
                {
                    off += w[(i * stride) + j] * w[(i * stride) + j];
                }
            }

            if (off <= 1e-30 * Math.Max(diag, 1e-300))
            {
                break;
            }

            for (var p = 0; p < n; p++)
            {
                for (var r = p + 1; r < n; r++)
                {
                    var apr = w[(p * stride) + r];
                    if (apr == 0)
                    {
                        continue;
                    }

                    var app = w[(p * stride) + p];
                    var arr = w[(r * stride) + r];
                    var tau = (arr - app) / (2 * apr);
                    var t = Math.Sign(tau) / (Math.Abs(tau) + Math.Sqrt(1 + (tau * tau)));
                    if (tau == 0)
                    {
                        t = 1;
                    }

                    var c = 1 / Math.Sqrt(1 + (t * t));
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = w[(k * stride) + p];
                        var akr = w[(k * stride) + r];
                        w[(k * stride) + p] = (c * akp) - (s * akr);
                        w[(k * stride) + r] = (s * akp) + (c * akr);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var apk = w[(p * stride) + k];
                        var ark = w[(r * stride) + k];
                        w[(p * stride) + k] = (c * apk) - (s * ark);
                        w[(r * stride) + k] = (s * apk) + (c * ark);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var vkp = vectors[(k * stride) + p];
                        var vkr = vectors[(k * stride) + r];
                        vectors[(k * stride) + p] = (c * vkp) - (s * vkr);
                        vectors[(k * stride) + r] = (s * vkp) + (c * vkr);
                    }
                }
            }
        }

        // Sort descending (selection sort on n ≤ 4).
        for (var i = 0; i < n; i++)
        {
            values[i] = w[(i * stride) + i];
        }

        for (var i = 0; i < n; i++)
        {
            var best = i;
            for (var j = i + 1; j < n; j++)
            {
                if (values[j] > values[best])
                {
                    best = j;
                }
            }

            if (best != i)
            {
                (values[i], values[best]) = (values[best], values[i]);
                for (var k = 0; k < n; k++)
                {
                    (vectors[(k * stride) + i], vectors[(k * stride) + best]) = (vectors[(k * stride) + best], vectors[(k * stride) + i]);
                }
            }
        }
    }
}

/// <summary>A small deterministic generator (SplitMix64), stable across runtimes.</summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
