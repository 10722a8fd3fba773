using Kinodialog.Core.Opinions;

namespace Kinodialog.Core.Dialogue;

/// <summary>An accepted statement of a screening as the next-statement rule sees it, for one phone.</summary>
/// <param name="Voted">whether this phone has voted on it (agree, disagree or pass).</param>
/// <param name="MapPriority">the priority the last opinion map gave it (Polis's comment priority); null, 0 or less: none yet.</param>
/// <param name="SeenBy">how many people have voted on it (read only when it has no map priority).</param>
public readonly record struct NextStatementCandidate(bool Voted, double? MapPriority, int SeenBy);

/// <summary>
/// Which statement a phone is shown next, and the few after it that the phone keeps for voting offline.
/// <list type="bullet">
/// <item>Only accepted statements the phone has not voted on are drawn; whether the organiser seeded a
/// statement or the audience proposed it, whether it is meta, and whether it is translated into the
/// phone's language make no difference (an untranslated statement is shown in its original language).</item>
/// <item>Each is drawn at random with a weight: the priority the last opinion map gave it, or — for a
/// statement the map has given none yet (new since the last recompute) — (1 + 8 · 2^(−n/5))², n the
/// people who voted on it: 81 when nobody has, 25 after 5, 9 after 10, 4 after 15, towards 1. New
/// statements thus come early, and the less seen the earlier.</item>
/// <item>The draw is seeded by the phone (its participant id) and by how many statements it has voted on,
/// so a reload shows the same statement and every vote gives a fresh draw.</item>
/// <item>A statement the phone asked to skip is drawn last: only when nothing else is left, unless it
/// has been voted on.</item>
/// <item>Several are drawn one after another without putting back, each among those not drawn yet.</item>
/// </list>
/// The README's "What the room is shown" states the rule in words; NextStatementRuleTests checks it
/// with hand-computed cases.
/// </summary>
public static class NextStatementRule
{
    /// <summary>The weight of a statement in the draw: its map priority when above 0, else <see cref="NewStatementPriority"/>.</summary>
    public static double Priority(double? mapPriority, int seenBy) =>
        mapPriority is double p && p > 0 ? p : NewStatementPriority(seenBy);

    /// <summary>(1 + 8 · 2^(−n/5))² for a statement that n people have voted on and the map has no priority for yet.</summary>
    public static double NewStatementPriority(int seenBy) => Math.Pow(1 + (8 * Math.Pow(2, -seenBy / 5.0)), 2);

    /// <summary>
    /// The seed of a phone's draw: 4 bytes of its participant id combined with the number of statements it
    /// has voted on (all it voted on, also those no longer accepted).
    /// </summary>
    public static int Seed(Guid participantId, int votedCount) => BitConverter.ToInt32(participantId.ToByteArray(), 12) ^ votedCount;

    /// <summary>
    /// Up to <paramref name="count"/> statements (indexes into <paramref name="statements"/>, which are in
    /// statement-number order) in the order the phone should show them.
    /// </summary>
    /// <param name="skip">index of the statement the phone skipped (drawn last), or null.</param>
    /// <param name="random">the draw (<c>new Random(Seed(…))</c>); one <see cref="Random.NextDouble"/> per statement drawn.</param>
    public static IReadOnlyList<int> Order(IReadOnlyList<NextStatementCandidate> statements, int? skip, int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(random);
        var weights = new double[statements.Count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = statements[i].Voted || i == skip ? 0 : Priority(statements[i].MapPriority, statements[i].SeenBy);
        }

        var order = new List<int>();
        while (order.Count < count && NextStatementChooser.Draw(weights, random) is int index)
        {
            order.Add(index);
            weights[index] = 0;
        }

        if (order.Count < count && skip is int skipped && skipped >= 0 && skipped < statements.Count && !statements[skipped].Voted)
        {
            order.Add(skipped);
        }

        return order;
    }
}
