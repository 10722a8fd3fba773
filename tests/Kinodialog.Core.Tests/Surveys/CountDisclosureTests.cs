using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

/// <summary>
/// The per-question counts against the page's totals (<see cref="CountDisclosure"/>): hand-computed cases, then a
/// reader who knows the rule, takes every table of answers that the page would show the same way, and looks for a
/// count of 1 to k − 1 that is the same in all of them.
/// </summary>
public sealed class CountDisclosureTests
{
    private const int K = 5;

    private static ResponseCounts Totals(int preOnly, int postOnly, int matched) =>
        new(preOnly + matched, postOnly + matched, matched, preOnly, postOnly);

    [Theory]
    [InlineData(12, 12, CountShown.Number)]
    [InlineData(12, 7, CountShown.Number)]
    [InlineData(12, 10, CountShown.Hidden)] // 12 − 10: two said "don't know" or skipped
    [InlineData(6, 5, CountShown.Hidden)]
    [InlineData(14, 10, CountShown.Hidden)]
    [InlineData(15, 10, CountShown.Number)]
    [InlineData(12, 3, CountShown.Hidden)]
    [InlineData(12, 0, CountShown.Number)]
    [InlineData(3, 0, CountShown.Hidden)] // "0 pairs" of 3 matched: all three left out
    [InlineData(3, 3, CountShown.Hidden)]
    [InlineData(0, 0, CountShown.Number)]
    public void Pairs_are_a_number_only_when_they_and_the_matched_pairs_left_out_are_zero_or_at_least_k(int matched, int pairs, CountShown expected) =>
        Assert.Equal(expected, CountDisclosure.PairsShown(matched, pairs, K));

    [Fact]
    public void Twelve_pairs_of_twelve_who_all_answered_show_every_count()
    {
        var shown = CountDisclosure.Paired(Totals(0, 0, 12), 12, 12, 12, 0, 0, K);
        Assert.Equal(new QuestionCountsShown(CountShown.Number, 12, 12, 0, 0), shown);
        Assert.False(shown.AnyHidden);
    }

    [Fact]
    public void Two_saying_dont_know_before_withhold_the_pairs_and_the_answers_before()
    {
        // 12 matched; 2 said "don't know" before: pairs 10 (12 − 10 = 2), answers before 10 (12 − 10 = 2).
        var shown = CountDisclosure.Paired(Totals(0, 0, 12), 10, 10, 12, 2, 0, K);
        Assert.Equal(CountShown.Hidden, shown.Pairs);
        Assert.Null(shown.PreAnswers);
        Assert.Null(shown.PostAnswers);
        Assert.Null(shown.PreExcluded);
        Assert.True(shown.AnyHidden);
    }

    [Fact]
    public void Two_who_answered_only_before_and_both_answered_hide_the_answers_before_and_after()
    {
        // 12 pairs of 12 matched, 14 answered before: the 2 who answered only before both answered (14 − 12).
        Assert.True(CountDisclosure.PairedLeaks(Totals(2, 0, 12), 12, 14, 12, K));
        var shown = CountDisclosure.Paired(Totals(2, 0, 12), 12, 14, 12, 0, 0, K);
        Assert.Equal(CountShown.Number, shown.Pairs);
        Assert.Null(shown.PreAnswers);
        // Seven who answered only before, all answering, are not a handful.
        Assert.False(CountDisclosure.PairedLeaks(Totals(7, 0, 12), 12, 19, 12, K));
    }

    [Fact]
    public void Five_saying_dont_know_after_and_none_before_is_shown_in_full()
    {
        // 15 matched; 5 said "don't know" after: pairs 10 (left out 5), before 15, after 10, don't know after 5.
        Assert.Equal(new QuestionCountsShown(CountShown.Number, 15, 10, 0, 5), CountDisclosure.Paired(Totals(0, 0, 15), 10, 15, 10, 0, 5, K));
    }

    [Fact]
    public void Dont_know_is_shown_only_when_the_rest_who_gave_no_answer_is_zero_or_at_least_k()
    {
        // 20 matched, 10 pairs: 5 "don't know" after and 5 skipped after: both shown.
        Assert.Equal(5, CountDisclosure.Paired(Totals(0, 0, 20), 10, 20, 10, 0, 5, K).PostExcluded);
        // 7 "don't know" after and 3 skipped: 20 − 10 − 7 = 3 would give the skipped away.
        Assert.Null(CountDisclosure.Paired(Totals(0, 0, 20), 10, 20, 10, 0, 7, K).PostExcluded);
    }

    [Theory]
    [InlineData(0, 12, 12, 0, CountShown.Number)]
    [InlineData(0, 12, 10, 0, CountShown.Hidden)] // 12 answered after, 10 answered the question
    [InlineData(2, 12, 14, 0, CountShown.Hidden)] // the 2 who answered only after both answered it
    [InlineData(2, 12, 0, 0, CountShown.Hidden)] // fewer than k
    [InlineData(7, 12, 19, 0, CountShown.Number)]
    [InlineData(0, 12, 3, 0, CountShown.Hidden)]
    [InlineData(0, 12, 0, 0, CountShown.Number)]
    [InlineData(0, 3, 0, 0, CountShown.Hidden)]
    public void After_only_answers_are_shown_only_when_no_subtraction_gives_a_handful_away(int postOnly, int matched, int answers, int excluded, CountShown expected) =>
        Assert.Equal(expected, CountDisclosure.AfterOnly(Totals(0, postOnly, matched), answers, excluded, K).Answers);

    [Fact]
    public void A_screening_enters_a_pool_only_with_its_pairs_shown_as_a_number_of_at_least_k()
    {
        Assert.True(CountDisclosure.MayEnterPool(12, 12, K));
        Assert.False(CountDisclosure.MayEnterPool(12, 10, K));
        Assert.False(CountDisclosure.MayEnterPool(12, 3, K));
        Assert.False(CountDisclosure.MayEnterPool(12, 0, K));
    }

    // ---- The reader: every table of the eight cells, grouped by what the page shows. ----

    private static readonly int[] Groups = [0b11, 0b1100, 0b1111_0000];

    /// <summary>Every way of splitting <paramref name="n"/> people into <paramref name="cells"/> cells.</summary>
    private static IEnumerable<int[]> Splits(int cells, int n)
    {
        if (cells == 1)
        {
            yield return [n];
            yield break;
        }

        for (var first = 0; first <= n; first++)
        {
            foreach (var rest in Splits(cells - 1, n - first))
            {
                yield return [first, .. rest];
            }
        }
    }

    /// <summary>
    /// For each group of tables the reader cannot tell apart: every set of cells whose count is the same in all of them,
    /// is 1 to k − 1, and is not a union of whole participation groups (cells that are 0 in all of them aside).
    /// </summary>
    private static List<string> Pinned(IEnumerable<(string Shown, int[] Cells, int[] Sizes)> tables, int[] groups)
    {
        var found = new List<string>();
        foreach (var group in tables.GroupBy(t => t.Shown, StringComparer.Ordinal))
        {
            var all = group.ToList();
            var cells = all[0].Cells.Length;
            // Cells that are 0 in every table add nothing to a count.
            var empty = Enumerable.Range(0, cells).Where(c => all.All(t => t.Cells[c] == 0)).Sum(c => 1 << c);

            for (var set = 1; set < 1 << cells; set++)
            {
                int Sum(int[] table) => Enumerable.Range(0, cells).Where(c => (set & (1 << c)) != 0).Sum(c => table[c]);
                var value = Sum(all[0].Cells);
                var kept = set & ~empty;
                var whole = groups.Where(g => (kept & g) != 0).All(g => (kept & g) == g);
                if (value is >= 1 and < K && !whole && all.All(t => Sum(t.Cells) == value))
                {
                    found.Add($"{group.Key}: cells {Convert.ToString(set, 2)} = {value}");
                }
            }
        }

        return found;
    }

    [Fact]
    public void No_count_of_one_to_k_minus_one_is_determined_by_the_pairs_the_answers_and_the_totals()
    {
        // Cells: only before C, N; only after C, N; both CC, CN, NC, NN (C: an answer in the statistics; N: don't
        // know, prefer not to say or none).
        var tables = new List<(string, int[], int[])>();
        for (var preOnly = 0; preOnly <= 3; preOnly++)
        {
            for (var postOnly = 0; postOnly <= 3; postOnly++)
            {
                for (var matched = 0; matched <= 11; matched++)
                {
                    foreach (var both in Splits(4, matched))
                    {
                        for (var preC = 0; preC <= preOnly; preC++)
                        {
                            for (var postC = 0; postC <= postOnly; postC++)
                            {
                                int[] cells = [preC, preOnly - preC, postC, postOnly - postC, .. both];
                                var pairs = both[0];
                                var before = preC + both[0] + both[1];
                                var after = postC + both[0] + both[2];
                                var shown = CountDisclosure.Paired(Totals(preOnly, postOnly, matched), pairs, before, after, 0, 0, K);
                                var key = string.Join('|', preOnly, postOnly, matched, shown.Pairs, shown.Pairs == CountShown.Number ? pairs : -1, shown.PreAnswers, shown.PostAnswers);
                                tables.Add((key, cells, [preOnly, postOnly, matched]));
                            }
                        }
                    }
                }
            }
        }

        Assert.Empty(Pinned(tables, Groups));

        // The rule is not empty: some tables show their answers before and after (the hand-computed cases say which).
        Assert.Contains(tables, t => !t.Item1.EndsWith("||", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_the_rule_the_reader_finds_the_dont_know_count()
    {
        // The attack works on the old page, which showed every count of 0 or at least k: 12 matched, 10 pairs.
        var tables = new List<(string, int[], int[])>();
        foreach (var both in Splits(4, 12))
        {
            var pairs = both[0];
            var key = Suppression.IsSafe(pairs, K) ? pairs.ToString(System.Globalization.CultureInfo.InvariantCulture) : "fewer";
            tables.Add((key, [0, 0, 0, 0, .. both], [0, 0, 12]));
        }

        Assert.Contains(Pinned(tables, Groups), p => p.StartsWith("10: cells 11100000 = 2", StringComparison.Ordinal));
    }

    [Fact]
    public void No_count_of_one_to_k_minus_one_is_determined_by_the_answers_to_a_question_asked_after_only()
    {
        var tables = new List<(string, int[], int[])>();
        for (var postOnly = 0; postOnly <= 6; postOnly++)
        {
            for (var matched = 0; matched <= 14; matched++)
            {
                for (var postC = 0; postC <= postOnly; postC++)
                {
                    for (var bothC = 0; bothC <= matched; bothC++)
                    {
                        var answers = postC + bothC;
                        var shown = CountDisclosure.AfterOnly(Totals(0, postOnly, matched), answers, 0, K);
                        var key = string.Join('|', postOnly, matched, shown.Answers, shown.Answers == CountShown.Number ? answers : -1);
                        tables.Add((key, [postC, postOnly - postC, bothC, matched - bothC], [postOnly, matched]));
                    }
                }
            }
        }

        Assert.Empty(Pinned(tables, [0b11, 0b1100]));
    }
}
