namespace Kinodialog.Core.Media;

/// <summary>A short synthetic film for demos and tests: a moving gradient in one colour and a sine tone.</summary>
/// <param name="Duration">Length of the film.</param>
/// <param name="Width">Width in pixels (even).</param>
/// <param name="Height">Height in pixels (even).</param>
/// <param name="Colour">The film's colour, "#RRGGBB" or an ffmpeg colour name such as "teal".</param>
public sealed record DemoFilmSpec(TimeSpan Duration, int Width, int Height, string Colour)
{
    /// <summary>A title drawn in the middle of the picture; only when <see cref="FontFile"/> is given.</summary>
    public string? Title { get; init; }

    /// <summary>A TrueType font for the title and the running clock; without one, no text is drawn.</summary>
    public string? FontFile { get; init; }

    public int FramesPerSecond { get; init; } = 25;

    public int ToneHertz { get; init; } = 440;
}
