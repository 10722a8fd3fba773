namespace Kinodialog.Core.Tests.Surveys;

internal static class Tolerance
{
    /// <summary>Asserts |actual − expected| ≤ relative · |expected| (or ≤ relative when expected is 0).</summary>
    public static void Close(double expected, double? actual, double relative = 1e-10)
    {
        Assert.NotNull(actual);
        var scale = expected == 0 ? 1 : Math.Abs(expected);
        Assert.True(Math.Abs(actual.Value - expected) <= relative * scale, $"expected {expected:R}, got {actual.Value:R} (relative tolerance {relative})");
    }
}
