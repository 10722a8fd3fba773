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
        var total = 0.0;
        var last = -1;
        for (var s = 0; s < input.StatementCount; s++)
        {
            if (IsCandidate(input, result, seen, s))
            {
                total += result.Statements[s].Priority;
                last = s;
            }
        }

        if (last < 0 || total <= 0)
        {
            return null;
        }

        var target = random.NextDouble() * total;
        var cumulative = 0.0;
        for (var s = 0; s < input.StatementCount; s++)
        {
            if (!IsCandidate(input, result, seen, s))
            {
                continue;
            }

            cumulative += result.Statements[s].Priority;
            if (target < cumulative)
            {
                return s;
            }
        }

        return last;
    }

    private static bool IsCandidate(OpinionInput input, OpinionResult result, ReadOnlySpan<int> seen, int statement) =>
        !input.Statements[statement].IsRejected
        && result.Statements[statement].Priority > 0
        && seen.BinarySearch(statement) < 0;
}
