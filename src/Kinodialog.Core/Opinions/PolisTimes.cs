namespace Kinodialog.Core.Opinions;

/// <summary>
/// The times a Polis export shows (issue 14): no participant's clock time leaves the building. Each event (a
/// statement or a vote) gets the start of its UTC day plus its rank among that day's events in milliseconds
/// (00:00:00.000, 00:00:00.001, …), so the files keep the day and the order of events — the vote cast last
/// still wins — and nothing finer. The result is valid Polis data (whole milliseconds since 1970), and
/// applying the rule to its own output changes nothing, so export → import → export gives the same files.
/// </summary>
public static class PolisTimes
{
    public const long DayMilliseconds = 86_400_000;

    /// <summary>Coarse timestamps for events given in chronological order (ties already broken by the caller).</summary>
    public static long[] DayAndOrder(IReadOnlyList<long> chronological)
    {
        ArgumentNullException.ThrowIfNull(chronological);
        var result = new long[chronological.Count];
        var day = long.MinValue;
        var rank = 0L;
        for (var i = 0; i < chronological.Count; i++)
        {
            if (i > 0 && chronological[i] < chronological[i - 1])
            {
                throw new ArgumentException("The events are not in chronological order.", nameof(chronological));
            }

            var start = Math.DivRem(chronological[i], DayMilliseconds, out var remainder) * DayMilliseconds - (remainder < 0 ? DayMilliseconds : 0);
            rank = start == day ? rank + 1 : 0;
            day = start;
            result[i] = start + Math.Min(rank, DayMilliseconds - 1);
        }

        return result;
    }
}
