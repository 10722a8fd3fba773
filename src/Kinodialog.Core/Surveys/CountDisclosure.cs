namespace Kinodialog.Core.Surveys;

/// <summary>How one per-question count is shown (<see cref="CountDisclosure"/>).</summary>
public enum CountShown
{
    /// <summary>As a number.</summary>
    Number = 0,

    /// <summary>
    /// Not shown, nor anything counted over it: below k, or subtracted from the page's totals it would give away
    /// fewer than k people who answered "don't know", preferred not to say or skipped. One state with one text for
    /// both reasons: shown apart, "withheld" would pin the count down where only one value gives it (6 matched pairs:
    /// at least 5 pairs and 1 to 4 left out can only be 5).
    /// </summary>
    Hidden = 1,
}

/// <summary>The counts of one before-and-after question as they may be shown; null where not shown.</summary>
/// <param name="Pairs">How the number of pairs is shown; anything counted over the pairs (movement counts,
/// distributions, tests, means) only with <see cref="CountShown.Number"/>.</param>
public sealed record QuestionCountsShown(CountShown Pairs, int? PreAnswers, int? PostAnswers, int? PreExcluded, int? PostExcluded)
{
    /// <summary>Whether a count this rule decides about is not shown as a number.</summary>
    public bool AnyHidden => Pairs == CountShown.Hidden || PreAnswers is null || PostAnswers is null || PreExcluded is null || PostExcluded is null;
}

/// <summary>
/// The disclosure rule (<see cref="Suppression"/>) for the counts shown per question next to the participation
/// counts at the top of every results page (answered before, answered after, matched pairs, only before, only
/// after: these say who took part and are shown as they are). A reader who subtracts a question's counts from
/// them learns how many people answered "don't know", preferred not to say or skipped the question (12 matched
/// pairs, 10 pairs for the question: 2), how many of those who answered only before gave an answer, and so on.
/// The rule: no per-question count is shown from which, together with the participation counts, a count of 1 to
/// k − 1 people of an answer-defined group can be worked out.
/// <para>The model (what a reader can know): each participant is in one participation group (only before, only
/// after, both), and for a question is "counted" (C: an answer that enters the statistics) or not (N: don't know,
/// prefer not to say, or no answer) in each phase they answered. That gives eight cells: only before C / N, only
/// after C / N, both CC / CN / NC / NN. The group sizes are public. Shown per question: pairs = CC, answers
/// before = (only before C) + CC + CN, answers after = (only after C) + CC + NC. <see cref="Paired"/> enumerates
/// every table of the eight cells that shows the same numbers (the reader's attack) and refuses to show the
/// answers before and after when any set of cells that is not a union of whole groups has the same count, 1 to
/// k − 1, in all of them.</para>
/// </summary>
public static class CountDisclosure
{
    /// <summary>
    /// How a question's pairs are shown, given the matched pairs of the page: as a number when the pairs and
    /// the matched pairs left out of them (not counted before or after) are both safe (0 or at least k);
    /// otherwise hidden (12 matched, 10 pairs: the 2 left out would be given away; 3 matched, 0 pairs: all three).
    /// </summary>
    public static CountShown PairsShown(int matched, int pairs, int k)
    {
        k = Suppression.NormaliseK(k);
        return Suppression.IsSafe(pairs, k) && Suppression.IsSafe(matched - pairs, k) ? CountShown.Number : CountShown.Hidden;
    }

    /// <summary>
    /// The counts of one before-and-after question as they may be shown: the pairs through
    /// <see cref="PairsShown"/>; the answers before and after together, only when both are safe and no
    /// table that shows the same (<see cref="PairedLeaks"/>) pins down a count of 1 to k − 1; "don't know" /
    /// "prefer not to say" of a phase only with the answers, when it and the rest of that phase's respondents
    /// who did not answer (skipped) are both safe.
    /// </summary>
    public static QuestionCountsShown Paired(ResponseCounts totals, int pairs, int preAnswers, int postAnswers, int preExcluded, int postExcluded, int k)
    {
        ArgumentNullException.ThrowIfNull(totals);
        k = Suppression.NormaliseK(k);
        var shown = PairsShown(totals.Matched, pairs, k);
        var answers = Suppression.IsSafe(preAnswers, k) && Suppression.IsSafe(postAnswers, k)
            && !PairedLeaks(totals, shown == CountShown.Number ? pairs : null, preAnswers, postAnswers, k);
        return new QuestionCountsShown(
            shown,
            answers ? preAnswers : null,
            answers ? postAnswers : null,
            Excluded(answers, totals.Pre, preAnswers, preExcluded, k),
            Excluded(answers, totals.Post, postAnswers, postExcluded, k));
    }

    /// <summary>
    /// A question asked after the films only: how its answers (and so its distribution) are shown, and its
    /// "don't know" / "prefer not to say" count. As <see cref="Paired"/>, with the cells only after C / N and
    /// both C / N (<see cref="AfterOnlyLeaks"/>): 12 answered after, 10 answered the question: hidden.
    /// </summary>
    public static (CountShown Answers, int? Excluded) AfterOnly(ResponseCounts totals, int answers, int excluded, int k)
    {
        ArgumentNullException.ThrowIfNull(totals);
        k = Suppression.NormaliseK(k);
        var shown = Suppression.IsSafe(answers, k) && !AfterOnlyLeaks(totals, answers, k) ? CountShown.Number : CountShown.Hidden;
        return (shown, Excluded(shown == CountShown.Number, totals.Post, answers, excluded, k));
    }

    /// <summary>
    /// Whether a screening's part of a question may enter a pooled result: only when its own page shows the
    /// question's pairs as a number of at least k. Then every pooled count is a sum of numbers its screenings'
    /// pages show, and the difference of two pooled filters is too.
    /// </summary>
    public static bool MayEnterPool(int matched, int pairs, int k) =>
        pairs >= Suppression.NormaliseK(k) && PairsShown(matched, pairs, k) == CountShown.Number;

    /// <summary>
    /// The reader's attack on a before-and-after question: with the group sizes (<paramref name="totals"/>),
    /// what is known of the pairs (<paramref name="pairs"/> when shown; when null, every number of pairs that
    /// <see cref="PairsShown"/> hides), and
    /// the answers before and after, every table of the eight cells is enumerated; true when some set of cells,
    /// other than a union of whole groups, has the same count of 1 to k − 1 in all of them. The cells are
    /// affine in (only before C, only after C, pairs), so for each pair of the first and last, the extremes in the
    /// second lie at the ends of its range: two tables each.
    /// </summary>
    public static bool PairedLeaks(ResponseCounts totals, int? pairs, int preAnswers, int postAnswers, int k)
    {
        ArgumentNullException.ThrowIfNull(totals);
        k = Suppression.NormaliseK(k);
        int preOnly = totals.PreOnly, postOnly = totals.PostOnly, matched = totals.Matched;
        var range = new Range(8);
        for (var g = 0; g <= matched; g++)
        {
            if (pairs is { } known ? g != known : PairsShown(matched, g, k) == CountShown.Number)
            {
                continue;
            }

            for (var alpha = 0; alpha <= Math.Min(preOnly, preAnswers - g); alpha++)
            {
                var countedBeforeOnly = preAnswers - g - alpha;
                var low = Math.Max(0, preAnswers + postAnswers - matched - g - alpha);
                var high = Math.Min(postOnly, postAnswers - g);
                if (low > high)
                {
                    continue;
                }

                foreach (var beta in low == high ? [low] : new[] { low, high })
                {
                    range.Add([alpha, preOnly - alpha, beta, postOnly - beta, g, countedBeforeOnly, postAnswers - g - beta, matched - preAnswers - postAnswers + g + alpha + beta]);
                }
            }
        }

        return range.Pins([0b11, 0b1100, 0b1111_0000], k);
    }

    /// <summary>
    /// The reader's attack on a question asked after the films only: cells only after C / N and both C / N,
    /// the group sizes public, the answers shown; true when a set of cells other than a union of whole groups
    /// has the same count of 1 to k − 1 in every table that shows the same.
    /// </summary>
    public static bool AfterOnlyLeaks(ResponseCounts totals, int answers, int k)
    {
        ArgumentNullException.ThrowIfNull(totals);
        k = Suppression.NormaliseK(k);
        int postOnly = totals.PostOnly, matched = totals.Matched;
        var low = Math.Max(0, answers - matched);
        var high = Math.Min(postOnly, answers);
        var range = new Range(4);
        foreach (var beta in low == high ? [low] : new[] { low, high })
        {
            if (beta <= high)
            {
                range.Add([beta, postOnly - beta, answers - beta, matched - answers + beta]);
            }
        }

        return range.Pins([0b11, 0b1100], k);
    }

    private static int? Excluded(bool answersShown, int total, int answers, int excluded, int k) =>
        answersShown && Suppression.IsSafe(excluded, k) && Suppression.IsSafe(total - answers - excluded, k) ? excluded : null;

    /// <summary>The smallest and largest count of every set of cells over the tables added.</summary>
    private sealed class Range
    {
        private readonly int[] min;
        private readonly int[] max;
        private readonly int[] sums;

        public Range(int cells)
        {
            min = new int[1 << cells];
            max = new int[1 << cells];
            sums = new int[1 << cells];
            Array.Fill(min, int.MaxValue);
            Array.Fill(max, int.MinValue);
        }

        public void Add(int[] cells)
        {
            for (var set = 1; set < sums.Length; set++)
            {
                var lowest = System.Numerics.BitOperations.TrailingZeroCount(set);
                sums[set] = sums[set & (set - 1)] + cells[lowest];
                min[set] = Math.Min(min[set], sums[set]);
                max[set] = Math.Max(max[set], sums[set]);
            }
        }

        /// <summary>Whether a set of cells that is not a union of whole groups has one count of 1 to k − 1 in every
        /// table. Cells that are 0 in every table are left aside (they add nothing: "the one who answered only after,
        /// and the pairs, none" is the public count of one).</summary>
        public bool Pins(int[] groups, int k)
        {
            var zero = 0;
            for (var cell = 0; 1 << cell < sums.Length; cell++)
            {
                zero |= min[1 << cell] == 0 && max[1 << cell] == 0 ? 1 << cell : 0;
            }

            for (var set = 1; set < sums.Length; set++)
            {
                if (min[set] != max[set] || min[set] < 1 || min[set] >= k)
                {
                    continue;
                }

                var cells = set & ~zero;
                if (!groups.Where((_, g) => (cells & groups[g]) != 0).All(group => (cells & group) == group))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
