namespace Kinodialog.Core.Surveys;

/// <summary>
/// The few special functions the survey statistics need, written out so that results do not depend on
/// a library or on the runtime's math routines beyond <see cref="Math.Exp"/>, <see cref="Math.Log"/> and
/// <see cref="Math.Sqrt"/>. Accuracy is close to double precision (tests compare with scipy to 1e-12).
/// </summary>
internal static class SpecialFunctions
{
    /// <summary>ln √(2π).</summary>
    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;

    /// <summary>ln √π = ln Γ(½).</summary>
    private const double HalfLogPi = 0.57236494292470008707171367567653;

    private const double Epsilon = 1e-16;
    private const double Tiny = 1e-300;

    /// <summary>
    /// ln Γ(x) for x &gt; 0: the recurrence Γ(x) = Γ(x + k)/(x(x+1)…(x+k−1)) moves x to at least 15, where
    /// Stirling's series with eight Bernoulli terms is accurate to about 1e-17.
    /// </summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0) || double.IsInfinity(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "ln Γ(x) is defined here for finite x > 0.");
        }

        var shift = 0.0;
        if (x < 15)
        {
            var product = 1.0;
            while (x < 15)
            {
                product *= x;
                x += 1;
            }

            shift = Math.Log(product);
        }

        var inverse = 1 / x;
        var inverseSquared = inverse * inverse;
        // Σ B(2k) / (2k (2k−1) x^(2k−1)), k = 1..8, evaluated from the smallest term.
        var series = -3617.0 / 122400.0;
        series = (series * inverseSquared) + (1.0 / 156.0);
        series = (series * inverseSquared) - (691.0 / 360360.0);
        series = (series * inverseSquared) + (1.0 / 1188.0);
        series = (series * inverseSquared) - (1.0 / 1680.0);
        series = (series * inverseSquared) + (1.0 / 1260.0);
        series = (series * inverseSquared) - (1.0 / 360.0);
        series = (series * inverseSquared) + (1.0 / 12.0);
        series *= inverse;
        return ((x - 0.5) * Math.Log(x)) - x + HalfLogTwoPi + series - shift;
    }

    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b).</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>
    /// The regularized incomplete beta function I_x(a, b), given both x and 1 − x (so that callers can
    /// pass a complement computed without cancellation). Uses the continued fraction (DLMF 8.17.22) on
    /// whichever side converges fast, with I_x(a, b) = 1 − I_(1−x)(b, a) for the other side.
    /// </summary>
    public static double RegularizedIncompleteBeta(double a, double b, double x, double oneMinusX)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (oneMinusX <= 0)
        {
            return 1;
        }

        return x < (a + 1) / (a + b + 2)
            ? IncompleteBetaByFraction(a, b, x, oneMinusX)
            : 1 - IncompleteBetaByFraction(b, a, oneMinusX, x);
    }

    /// <summary>
    /// I_x(a, b) by its continued fraction, evaluated with the modified Lentz method; accurate when
    /// x &lt; (a + 1)/(a + b + 2).
    /// </summary>
    private static double IncompleteBetaByFraction(double a, double b, double x, double oneMinusX)
    {
        var logFront = (a * Math.Log(x)) + (b * Math.Log(oneMinusX)) - LogBeta(a, b);
        var front = Math.Exp(logFront) / a;

        // f = 1 / (1 + d1 / (1 + d2 / (1 + …))), d(2m+1) = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)),
        // d(2m) = m(b−m)x / ((a+2m−1)(a+2m)).
        // Modified Lentz for 1 + d1/(1 + d2/(1 + …)): C0 = 1, D0 = 0.
        var c = 1.0;
        var d = 0.0;
        var fraction = 1.0;
        for (var step = 1; step <= 10_000; step++)
        {
            var m = step / 2;
            double coefficient = (step % 2) == 1
                ? -((a + m) * (a + b + m) * x) / ((a + (2 * m)) * (a + (2 * m) + 1))
                : (m * (b - m) * x) / ((a + (2 * m) - 1) * (a + (2 * m)));
            d = 1 + (coefficient * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + (coefficient / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var delta = c * d;
            fraction *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }

        return front / fraction;
    }

    /// <summary>
    /// The two-sided tail probability of Student's t with <paramref name="degreesOfFreedom"/>:
    /// P(|T| ≥ |t|) = I_(ν/(ν+t²))(ν/2, ½).
    /// </summary>
    public static double StudentTTwoSidedP(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t))
        {
            return double.NaN;
        }

        if (double.IsInfinity(t))
        {
            return 0;
        }

        var squared = t * t;
        var denominator = degreesOfFreedom + squared;
        return Math.Min(1, RegularizedIncompleteBeta(degreesOfFreedom / 2, 0.5, degreesOfFreedom / denominator, squared / denominator));
    }

    /// <summary>The upper tail P(T ≥ t) of Student's t.</summary>
    public static double StudentTSurvival(double t, double degreesOfFreedom)
    {
        var half = StudentTTwoSidedP(t, degreesOfFreedom) / 2;
        return t >= 0 ? half : 1 - half;
    }

    /// <summary>The density of Student's t.</summary>
    public static double StudentTDensity(double t, double degreesOfFreedom)
    {
        var nu = degreesOfFreedom;
        var logDensity = LogGamma((nu + 1) / 2) - LogGamma(nu / 2) - (0.5 * Math.Log(nu)) - HalfLogPi
            - ((nu + 1) / 2 * Math.Log(1 + (t * t / nu)));
        return Math.Exp(logDensity);
    }

    /// <summary>
    /// The quantile of Student's t: the t with P(T ≤ t) = <paramref name="probability"/>. Newton's method on
    /// the upper tail from t = 0 approaches the root from below without overshooting, because the tail is
    /// convex for t &gt; 0.
    /// </summary>
    public static double StudentTQuantile(double probability, double degreesOfFreedom)
    {
        if (!(probability > 0 && probability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability strictly between 0 and 1 is needed.");
        }

        if (!(degreesOfFreedom > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "Degrees of freedom must be positive.");
        }

        if (probability == 0.5)
        {
            return 0;
        }

        var upper = probability > 0.5 ? 1 - probability : probability;
        var t = 0.0;
        for (var iteration = 0; iteration < 500; iteration++)
        {
            var step = (StudentTSurvival(t, degreesOfFreedom) - upper) / StudentTDensity(t, degreesOfFreedom);
            if (!(step > 0))
            {
                break;
            }

            t += step;
            if (step <= 1e-15 * t)
            {
                break;
            }
        }

        return probability > 0.5 ? t : -t;
    }

    /// <summary>
    /// The upper tail of the standard normal, P(Z ≥ z) = ½ erfc(z/√2), with erfc(x) = Q(½, x²) computed
    /// from the regularized incomplete gamma function (series below 1.5, continued fraction above).
    /// </summary>
    public static double NormalSurvival(double z)
    {
        if (double.IsNaN(z))
        {
            return double.NaN;
        }

        if (z < 0)
        {
            return 1 - NormalSurvival(-z);
        }

        var y = z * z / 2;
        return y < 1.5 ? (1 - LowerGammaHalf(y)) / 2 : UpperGammaHalf(y) / 2;
    }

    /// <summary>P(½, y) = γ(½, y)/Γ(½) by its power series.</summary>
    private static double LowerGammaHalf(double y)
    {
        const double a = 0.5;
        var term = 1 / a;
        var sum = term;
        for (var n = 1; n < 1000; n++)
        {
            term *= y / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
            {
                break;
            }
        }

        return sum * Math.Exp((a * Math.Log(y)) - y - HalfLogPi);
    }

    /// <summary>Q(½, y) = Γ(½, y)/Γ(½) by its continued fraction (modified Lentz).</summary>
    private static double UpperGammaHalf(double y)
    {
        const double a = 0.5;
        var b = y + 1 - a;
        var c = 1 / Tiny;
        var d = 1 / b;
        var fraction = d;
        for (var i = 1; i < 10_000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var delta = d * c;
            fraction *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }

        return Math.Exp((a * Math.Log(y)) - y - HalfLogPi) * fraction;
    }

    /// <summary>
    /// P(X ≤ k) for X ~ Binomial(n, ½). The terms are summed relative to the largest one (k), which is
    /// then scaled by exp(ln C(n, k) − n ln 2), so nothing underflows for large n.
    /// </summary>
    public static double BinomialHalfCdf(int k, int n)
    {
        if (k < 0)
        {
            return 0;
        }

        if (k >= n)
        {
            return 1;
        }

        // pmf(j − 1)/pmf(j) = j / (n − j + 1).
        var sum = 1.0;
        var ratio = 1.0;
        for (var j = k; j >= 1; j--)
        {
            ratio *= j / (double)(n - j + 1);
            sum += ratio;
            if (ratio < sum * 1e-18)
            {
                break;
            }
        }

        var logPmf = LogGamma(n + 1) - LogGamma(k + 1) - LogGamma(n - k + 1) - (n * Math.Log(2));
        return Math.Min(1, sum * Math.Exp(logPmf));
    }
}
