using System.Globalization;

namespace Kinodialog.Core.Surveys;

/// <summary>How p-values are written on every page and report: "p &lt; 0.001" or "p = 0.034", in the reader's culture.</summary>
public static class PValueFormat
{
    /// <summary>The smallest p-value written as a number; anything below is written "p &lt; 0.001".</summary>
    public const double Smallest = 0.001;

    /// <summary>
    /// "p = 0.034" (three decimals, the culture's decimal separator) or "p &lt; 0.001"; "–" when there is no
    /// p-value (undefined or not shown). Never "p = &lt; …".
    /// </summary>
    public static string Format(double? p, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        if (p is not { } value || !double.IsFinite(value) || value < 0)
        {
            return "–";
        }

        // Rounded to three decimals, a p of 0.00049 would read "p = 0.000": below the smallest it is "<".
        return value < Smallest
            ? "p < " + Smallest.ToString("0.000", culture)
            : "p = " + Math.Min(value, 1).ToString("0.000", culture);
    }
}

/// <summary>What an interval is an interval of, for <see cref="EstimatePrecision"/>.</summary>
public enum EstimateKind
{
    /// <summary>Change in the share answering yes (−1 to 1).</summary>
    ShareChange,

    /// <summary>Rank-biserial correlation r (−1 to 1).</summary>
    RankBiserial,

    /// <summary>Cohen's d_z (unbounded; 0.8 is conventionally "large").</summary>
    CohensDz,

    /// <summary>A mean change on the 0–100 thermometer, in points.</summary>
    Points,
}

/// <summary>
/// When an interval is too wide, or rests on too few pairs, to be read as an estimate: it is then shown as
/// "too few pairs for a reliable estimate", with the figures still available but marked.
/// </summary>
public static class EstimatePrecision
{
    /// <summary>Below this many pairs every interval is flagged: percentile bootstrap and t intervals from
    /// fewer than 10 pairs are too unstable to quote.</summary>
    public const int MinPairs = 10;

    /// <summary>Widest interval of a share change or of r that is still quoted: 1.0, half of the possible range
    /// (−1 to 1); wider, it cannot tell "no change" from a large one.</summary>
    public const double MaxWidthShareOrR = 1.0;

    /// <summary>Widest interval of d_z that is still quoted: 1.6, i.e. ± 0.8, the conventional "large" effect.</summary>
    public const double MaxWidthDz = 1.6;

    /// <summary>Widest interval of a mean change on the 0–100 thermometer that is still quoted: 40 points (± 20).</summary>
    public const double MaxWidthPoints = 40;

    public static double MaxWidth(EstimateKind kind) => kind switch
    {
        EstimateKind.ShareChange or EstimateKind.RankBiserial => MaxWidthShareOrR,
        EstimateKind.CohensDz => MaxWidthDz,
        _ => MaxWidthPoints,
    };

    /// <summary>
    /// True when the interval must be flagged: fewer than <see cref="MinPairs"/> pairs, an end missing or not
    /// finite, or wider than <see cref="MaxWidth"/>. An interval of exactly the maximum width is quoted.
    /// </summary>
    public static bool IsUnreliable(EstimateKind kind, int pairs, double? low, double? high) =>
        pairs < MinPairs
        || low is not { } l || high is not { } h || !double.IsFinite(l) || !double.IsFinite(h)
        || h - l > MaxWidth(kind) + 1e-12;
}

/// <summary>
/// Whether a change is an improvement, given which end of the scale is better
/// (<see cref="SurveyQuestion.Better"/>): +1 improved, −1 moved away from the better end, 0 no change
/// (or nothing to say).
/// </summary>
public static class Orientation
{
    public static int Improvement(BetterEnd better, double? change) =>
        change is not { } c || !double.IsFinite(c) || Math.Abs(c) < 1e-12 ? 0
            : (c > 0) == (better == BetterEnd.Higher) ? 1 : -1;

    /// <summary>Pairs that moved towards the better end and away from it.</summary>
    public static (int Towards, int Away) Moves(BetterEnd better, int movedUp, int movedDown) =>
        better == BetterEnd.Higher ? (movedUp, movedDown) : (movedDown, movedUp);
}

/// <summary>One shown cell of a distribution: the categories <see cref="First"/> to <see cref="Last"/> (indices,
/// inclusive) merged, with one count per row (before, after); null counts are hidden.</summary>
public sealed record DistributionGroup(int First, int Last, IReadOnlyList<int?> Counts)
{
    public bool IsMerged => Last > First;
}

/// <summary>
/// Distributions that can be shown at small n under the disclosure rule (README, "Disclosure rule"): adjacent
/// categories are merged until every shown cell is 0 or at least k.
/// </summary>
public static class DistributionMerge
{
    /// <summary>
    /// Merges adjacent categories of one or more rows of counts (the same categories: e.g. before and after),
    /// with one grouping for all rows:
    /// <list type="number">
    /// <item>Every row whose total is 1 to k − 1: one group of every category, all counts hidden.</item>
    /// <item>Otherwise, left to right: a category that is 0 in every row, with nothing gathered yet, is its own
    /// group (shown as 0); otherwise categories are gathered until each row's sum is 0 or at least k, and
    /// closed as one group.</item>
    /// <item>What is left gathered at the end (a row's sum 1 to k − 1) joins the groups before it, last first,
    /// until every row's sum is 0 or at least k.</item>
    /// </list>
    /// Every shown count is 0 or at least k, and so is every sum of shown counts.
    /// </summary>
    public static IReadOnlyList<DistributionGroup> Merge(IReadOnlyList<IReadOnlyList<int>> rows, int k)
    {
        ArgumentNullException.ThrowIfNull(rows);
        k = Suppression.NormaliseK(k);
        if (rows.Count == 0)
        {
            return [];
        }

        var categories = rows[0].Count;
        if (rows.Any(r => r.Count != categories) || rows.Any(r => r.Any(c => c < 0)))
        {
            throw new ArgumentException("Every row needs the same number of non-negative counts.", nameof(rows));
        }

        if (categories == 0)
        {
            return [];
        }

        if (rows.Any(r => r.Sum() is > 0 and var total && total < k))
        {
            return [new DistributionGroup(0, categories - 1, [.. rows.Select(_ => (int?)null)])];
        }

        var groups = new List<(int First, int Last, int[] Sums)>();
        var start = -1;
        var sums = new int[rows.Count];
        for (var i = 0; i < categories; i++)
        {
            var allZero = rows.All(r => r[i] == 0);
            if (start < 0 && allZero)
            {
                groups.Add((i, i, new int[rows.Count]));
                continue;
            }

            if (start < 0)
            {
                start = i;
            }

            for (var r = 0; r < rows.Count; r++)
            {
                sums[r] += rows[r][i];
            }

            if (sums.All(s => Suppression.IsSafe(s, k)))
            {
                groups.Add((start, i, sums));
                sums = new int[rows.Count];
                start = -1;
            }
        }

        if (start >= 0)
        {
            // The rest is too small: it joins the groups before it until every row's sum is safe (at the latest
            // with all of them: every row's total is 0 or at least k).
            var first = start;
            while (groups.Count > 0)
            {
                var last = groups[^1];
                groups.RemoveAt(groups.Count - 1);
                first = last.First;
                for (var r = 0; r < rows.Count; r++)
                {
                    sums[r] += last.Sums[r];
                }

                if (sums.All(s => Suppression.IsSafe(s, k)))
                {
                    break;
                }
            }

            groups.Add((first, categories - 1, sums));
        }

        return [.. groups.Select(g => new DistributionGroup(g.First, g.Last, [.. g.Sums.Select(s => (int?)s)]))];
    }

    /// <summary>One row: <see cref="Merge(IReadOnlyList{IReadOnlyList{int}}, int)"/> of a single distribution.</summary>
    public static IReadOnlyList<DistributionGroup> Merge(IReadOnlyList<int> counts, int k) => Merge([counts], k);

    /// <summary>
    /// Whether a before-and-after question's distributions (the answers of its pairs before and after, merged
    /// by <see cref="Merge(IReadOnlyList{IReadOnlyList{int}}, int)"/>) may be shown, given what else is shown
    /// of it. Two distributions alone never determine a cell of the before × after table that is not itself
    /// a sum of shown cells; with the moved down / stayed / moved up counts next to them they can (4 of 12 said
    /// yes before, 9 after and nobody moved down: 5 moved up, and the 3 who said no both times follow). So:
    /// <list type="bullet">
    /// <item>every cell of the table safe (<see cref="DisclosureLevel.Table"/>): shown, alongside everything;</item>
    /// <item>the movement counts hidden (<see cref="DisclosureLevel.Summary"/> with a hidden count): shown
    /// <em>instead of</em> the movement counts, zeros included;</item>
    /// <item>the movement counts or the test shown without the whole table: not shown;</item>
    /// <item>thermometer (binned by <see cref="ThermometerBins"/>): shown at every level from k pairs on. The page
    /// shows no movement count for a 0–100 question (only the means, the mean change, t, p, d_z and intervals:
    /// magnitudes, not counts), so what it shows of counts are the pairs and the two merged distributions; every
    /// shown group is 0 or at least k, no bin is hidden on its own (a small bin is merged into a shown group, never
    /// shown as "fewer than k" next to shown neighbours), so no bin can be worked out by subtracting shown bins from
    /// the pairs; and two margins of the before × after table pin down no set of its cells at 1 to k − 1 (checked
    /// by enumerating every table in <c>ThermometerBinsTests</c>);</item>
    /// <item>fewer than k pairs: not shown.</item>
    /// </list>
    /// </summary>
    public static bool PairedShown(StatisticScale scale, int pairs, DisclosureLevel level, IReadOnlyList<bool> movesHidden, int k)
    {
        ArgumentNullException.ThrowIfNull(movesHidden);
        if (pairs < Suppression.NormaliseK(k))
        {
            return false;
        }

        if (scale == StatisticScale.Thermometer)
        {
            return true;
        }

        return level == DisclosureLevel.Table || (level == DisclosureLevel.Summary && movesHidden.Any(h => h));
    }
}

/// <summary>
/// The bins in which the distributions of a 0–100 thermometer are shown (issue 15: distributions at n = 12): five of
/// about 20 points, 0–20, 21–40, 41–60, 61–80, 81–100. Why five: the middle bin holds the neutral 50 with ten points
/// either side, the outer bins the "cold" and "warm" ends the question names (0 = very cold, 100 = very warm), and the
/// feeling thermometer's usual labels (ANES: 0, 15, 30, 40, 50, 60, 70, 85, 100) fall two to a bin; at a dozen pairs
/// more bins would nearly all be merged by <see cref="DistributionMerge"/> (k = 5), fewer would hide the ends.
/// The bins are then merged like the answers of any scale: adjacent bins until every shown count is 0 or at least k.
/// </summary>
public static class ThermometerBins
{
    /// <summary>The highest value of each bin (inclusive); each bin starts one above the previous one's end.</summary>
    public static readonly IReadOnlyList<int> Upper = [20, 40, 60, 80, 100];

    /// <summary>The bins' names ("0–20", "21–40", …): numbers only, the same in every language.</summary>
    public static IReadOnlyList<string> Labels { get; } =
        [.. Upper.Select((upper, i) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(i == 0 ? 0 : Upper[i - 1] + 1)}–{upper}"))];

    /// <summary>The bins' codes in the results CSV ("0-20", …).</summary>
    public static IReadOnlyList<string> Codes { get; } = [.. Labels.Select(l => l.Replace('–', '-'))];

    /// <summary>The bin of a value (below 0 counts as 0, above 100 as 100; 20.5 is in 21–40).</summary>
    public static int Bin(double value)
    {
        for (var i = 0; i < Upper.Count - 1; i++)
        {
            if (value <= Upper[i])
            {
                return i;
            }
        }

        return Upper.Count - 1;
    }

    /// <summary>How many values fall in each bin.</summary>
    public static int[] Tally(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var counts = new int[Upper.Count];
        foreach (var value in values)
        {
            counts[Bin(value)]++;
        }

        return counts;
    }
}

/// <summary>Which one-line summary a question gets (<see cref="ReadAloud"/>).</summary>
public enum ReadAloudKind
{
    /// <summary>Nobody answered.</summary>
    NoAnswers,

    /// <summary>1 to k − 1 people: only that.</summary>
    TooFew,

    /// <summary>Answers exist, but every split of them would give away fewer than k people.</summary>
    NotShown,

    /// <summary>"Before the films, {Before} of {Total} answered {group}; after, {After} of {Total}."</summary>
    BeforeAfter,

    /// <summary>"Of {Total} people, {Towards} moved towards the better end, {Away} away, {Same} did not change."</summary>
    Moves,

    /// <summary>"On average {MeanBefore} before and {MeanAfter} after (0–100)."</summary>
    Means,

    /// <summary>Asked after the films only: "After the films, {After} of {Total} answered {group}."</summary>
    AfterOnly,

    /// <summary>Nothing shown (<see cref="CountShown.Hidden"/>): fewer than k answered, or with the page's totals the
    /// count of answers would give away how many (1 to k − 1) answered "don't know", preferred not to say or skipped
    /// (<see cref="CountDisclosure"/>); one sentence for both, so the reader cannot tell which.</summary>
    Withheld,
}

/// <summary>The facts of one question's read-aloud summary; the page words them in its language.</summary>
/// <param name="First">First category (index) of the group the sentence names.</param>
/// <param name="Last">Last category (index) of that group.</param>
/// <param name="Improvement">+1 a move towards the better end, −1 away from it, 0 neither (or not known).</param>
public sealed record ReadAloudFact(
    ReadAloudKind Kind, int Total, int First = 0, int Last = 0, int? Before = null, int? After = null,
    int Towards = 0, int Away = 0, int Same = 0, double? MeanBefore = null, double? MeanAfter = null, int Improvement = 0);

/// <summary>
/// Chooses, for each question, the one sentence a facilitator can read aloud, from only what the disclosure
/// rule lets the page show (the distributions of <see cref="DistributionMerge"/>, the movement counts and
/// the thermometer means of <see cref="DisclosedStatistics"/>): never a count the page hides.
/// </summary>
public static class ReadAloud
{
    /// <summary>
    /// A before-and-after question: with distributions, the share at the better end before and after (the
    /// better-end group, widened group by group towards the other end while it is 0 both times); else the
    /// movement counts when all three are shown; thermometer: the means. Otherwise <see cref="ReadAloudKind.NotShown"/>.
    /// </summary>
    public static ReadAloudFact Paired(
        StatisticScale scale, BetterEnd better, int pairs, int k, DisclosedStatistics? shown, IReadOnlyList<DistributionGroup>? distributions)
    {
        if (pairs == 0)
        {
            return new ReadAloudFact(ReadAloudKind.NoAnswers, 0);
        }

        if (pairs < Suppression.NormaliseK(k) || shown?.Statistics is not { } s)
        {
            return new ReadAloudFact(ReadAloudKind.TooFew, pairs);
        }

        if (scale == StatisticScale.Thermometer)
        {
            return s.MeanPre is { } before && s.MeanPost is { } after
                ? new ReadAloudFact(ReadAloudKind.Means, pairs, MeanBefore: before, MeanAfter: after, Improvement: Orientation.Improvement(better, after - before))
                : new ReadAloudFact(ReadAloudKind.NotShown, pairs);
        }

        if (distributions is { Count: > 0 })
        {
            return BetterEndGroup(distributions, better) is { } end && end.Counts.Count >= 2
                ? new ReadAloudFact(ReadAloudKind.BeforeAfter, pairs, end.First, end.Last, end.Counts[0], end.Counts[1],
                    Improvement: Math.Sign(end.Counts[1]!.Value - end.Counts[0]!.Value))
                : new ReadAloudFact(ReadAloudKind.NotShown, pairs);
        }

        if (shown.Move(0) is { } down && shown.Move(1) is { } same && shown.Move(2) is { } up)
        {
            var (towards, away) = Orientation.Moves(better, up, down);
            return new ReadAloudFact(ReadAloudKind.Moves, pairs, Towards: towards, Away: away, Same: same, Improvement: Math.Sign(towards - away));
        }

        return new ReadAloudFact(ReadAloudKind.NotShown, pairs);
    }

    /// <summary>
    /// A question asked after the films only: an ordered scale names its better-end group (as
    /// <see cref="Paired"/>), answers without an order the largest shown group (the first of equals).
    /// </summary>
    public static ReadAloudFact AfterOnly(int total, int k, IReadOnlyList<DistributionGroup> distribution, bool ordered, BetterEnd better)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        if (total == 0)
        {
            return new ReadAloudFact(ReadAloudKind.NoAnswers, 0);
        }

        if (total < Suppression.NormaliseK(k))
        {
            return new ReadAloudFact(ReadAloudKind.TooFew, total);
        }

        var group = ordered
            ? BetterEndGroup(distribution, better)
            : distribution.Where(g => g.Counts[0] is > 0).OrderByDescending(g => g.Counts[0]).ThenBy(g => g.First).FirstOrDefault();
        return group is null || (group.IsMerged && group.Counts[0] == total)
            ? new ReadAloudFact(ReadAloudKind.NotShown, total)
            : new ReadAloudFact(ReadAloudKind.AfterOnly, total, group.First, group.Last, After: group.Counts[0]);
    }

    /// <summary>The group at the better end, widened while it is 0 in every row; null when hidden or when merged
    /// categories in it hold every answer (then it says nothing).</summary>
    private static DistributionGroup? BetterEndGroup(IReadOnlyList<DistributionGroup> groups, BetterEnd better)
    {
        var ordered = better == BetterEnd.Higher ? groups.Reverse().ToList() : [.. groups];
        var rows = groups[0].Counts.Count;
        var sums = new int[rows];
        int first = int.MaxValue, last = int.MinValue;
        var merged = false;
        foreach (var group in ordered)
        {
            if (group.Counts.Any(c => c is null))
            {
                return null;
            }

            merged |= group.IsMerged;
            first = Math.Min(first, group.First);
            last = Math.Max(last, group.Last);
            for (var r = 0; r < rows; r++)
            {
                sums[r] += group.Counts[r]!.Value;
            }

            if (sums.Any(x => x > 0))
            {
                break;
            }
        }

        // Merged categories holding every answer in every row say nothing ("12 of 12 answered 2 to 5").
        var whole = Enumerable.Range(0, rows).All(r => sums[r] == groups.Sum(g => g.Counts[r]!.Value));
        return whole && merged ? null : new DistributionGroup(first, last, [.. sums.Select(x => (int?)x)]);
    }
}
