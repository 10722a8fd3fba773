namespace Kinodialog.Core.Surveys;

/// <summary>
/// How bootstrap intervals are drawn: <see cref="Draws"/> resamples from a generator seeded with
/// <see cref="Seed"/>, so the same data always gives the same report.
/// </summary>
public sealed record BootstrapOptions(int Draws = BootstrapOptions.DefaultDraws, ulong Seed = BootstrapOptions.DefaultSeed)
{
    /// <summary>The number of resamples reports use (the spec asks for at least 5,000).</summary>
    public const int DefaultDraws = 5000;

    /// <summary>The fixed seed of published reports ("KINODIAL" in ASCII).</summary>
    public const ulong DefaultSeed = 0x4B494E4F4449414CUL;

    /// <summary>The options reports use.</summary>
    public static BootstrapOptions Default { get; } = new();
}
