namespace Kinodialog.Core.Opinions;

/// <summary>Draws the next statement a participant sees, at random weighted by priority.</summary>
public static class NextStatementChooser
{
    /// <summary>Returns an unseen statement (not rejected) drawn with probability ∝ priority, or null when none is left.</summary>
    public static int? Choose(OpinionInput input, OpinionResult result, int participant, Random random)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(random);
        var seen = input.StatementsOf(participant);
        var weights = new double[input.StatementCount];
        for (var s = 0; s < weights.Length; s++)
        {
            weights[s] = !input.Statements[s].IsRejected && seen.BinarySearch(s) < 0 ? result.Statements[s].Priority : 0;
        }

        return Draw(weights, random);
    }

    /// <summary>
    /// One index drawn with probability ∝ its weight among those with a weight above 0 (one
    /// <see cref="Random.NextDouble"/>: the first index whose running sum exceeds it times the total),
    /// or null when no weight is above 0.
    /// </summary>
    public static int? Draw(ReadOnlySpan<double> weights, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var total = 0.0;
        var last = -1;
        for (var s = 0; s < weights.Length; s++)
        {
            if (weights[s] > 0)
            {
                total += weights[s];
                last = s;
            }
        }

        if (last < 0 || total <= 0)
        {
            return null;
        }

        var target = random.NextDouble() * total;
        var cumulative = 0.0;
        for (var s = 0; s < weights.Length; s++)
        {
            if (weights[s] <= 0)
            {
                continue;
            }

            cumulative += weights[s];
            if (target < cumulative)
            {
                return s;
            }
        }

        return last;
    }
}
