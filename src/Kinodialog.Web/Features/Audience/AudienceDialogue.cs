using System.Globalization;
using Kinodialog.Core.Dialogue;
using Kinodialog.Core.Localization;
using Kinodialog.Core.Opinions;
using Kinodialog.Core.Screenings;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Features.Surveys;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Audience;

/// <summary>A statement as a phone shows it: translated when possible, else the original with its language named.</summary>
/// <summary>
/// A statement as a phone shows it: in the phone's language when translated (<paramref name="Translated"/>),
/// with the original's text and language kept for "show the original".
/// </summary>
public sealed record PhoneStatement(Guid Id, int Number, string Text, string Culture, bool Translated, string LanguageName)
{
    public string? OriginalText { get; init; }

    public string? OriginalCulture { get; init; }

    /// <summary>The original language's name, in that language.</summary>
    public string? OriginalLanguageName => OriginalCulture is null ? null : AudienceDialogue.LanguageName(OriginalCulture);
}

/// <summary>The phone's side of the dialogue: the next statement, votes, proposals.</summary>
public sealed class AudienceDialogue(KinodialogDbContext db, VoteIngest ingest, DialogueCache cache, DialogueRecompute recompute, ScreeningEvents events, TimeProvider clock)
{
    public const int MaxStatementLength = StatementText.MaxLength;

    /// <summary>The most votes one request may carry (a phone's outbox after some time offline).</summary>
    public const int MaxVotesPerRequest = 100;

    public enum VoteOutcome
    {
        Stored,
        Duplicate,
        Invalid,
        Closed,

        /// <summary>Acknowledged without storing (a banned participant is not told).</summary>
        Quiet,
    }

    public enum ProposeOutcome
    {
        Pending,
        Accepted,
        Invalid,
        Closed,

        /// <summary>Thanked without storing (banned).</summary>
        Quiet,

        /// <summary>Refused: nothing visible (<see cref="StatementText.Check"/>).</summary>
        Invisible,

        /// <summary>Refused: a bidirectional embedding, override or isolate (<see cref="StatementText.Check"/>).</summary>
        DirectionControl,
    }

    public sealed record VoteCommand(Guid Id, Guid Statement, int Value);

    /// <param name="Stored">Per vote, in order: stored now (true) or stored before under the same id (false).</param>
    /// <param name="InvalidIndex">When <see cref="VoteOutcome.Invalid"/>: which vote (−1: the request as a whole).</param>
    /// <param name="InvalidField">When <see cref="VoteOutcome.Invalid"/>: id, statement or vote.</param>
    public sealed record VotesResult(VoteOutcome Outcome, IReadOnlyList<bool> Stored, int InvalidIndex = -1, string? InvalidField = null)
    {
        public static VotesResult Invalid(int index, string? field) => new(VoteOutcome.Invalid, [], index, field);
    }

    public static bool DialogueOpen(AudienceScreening screening) => screening.Open && screening.Stage == AudienceStage.Dialogue;

    public async Task<bool> IsBannedAsync(Guid participantId, CancellationToken cancellationToken) =>
        await db.Participants.AsNoTracking().AnyAsync(p => p.Id == participantId && p.Banned, cancellationToken);

    /// <summary>
    /// The next statement for this participant, by <see cref="NextStatementRule"/>: drawn by the map's
    /// priorities (from the last recompute) among accepted statements they have not voted on; statements
    /// new since then weighted by how few have seen them. The draw is seeded per participant, so a reload
    /// shows the same statement.
    /// </summary>
    public async Task<PhoneStatement?> NextAsync(Guid screeningId, Guid participantId, string culture, Guid? skip, CancellationToken cancellationToken)
    {
        var next = await NextAsync(screeningId, participantId, culture, skip, 1, cancellationToken);
        return next.Count > 0 ? next[0] : null;
    }

    /// <summary>
    /// Up to <paramref name="count"/> statements in the order the phone should show them (each drawn
    /// as above among those not drawn yet): the first is shown, the others let the phone's script go on
    /// while it is offline, its votes waiting in its outbox.
    /// </summary>
    public async Task<IReadOnlyList<PhoneStatement>> NextAsync(Guid screeningId, Guid participantId, string culture, Guid? skip, int count, CancellationToken cancellationToken)
    {
        var statements = await db.Statements.AsNoTracking()
            .Where(s => s.ScreeningId == screeningId && s.Status == StatementStatus.Accepted)
            .OrderBy(s => s.Number).Select(s => new { s.Id, s.Number }).ToListAsync(cancellationToken);
        if (statements.Count == 0)
        {
            return [];
        }

        var voted = (await db.Votes.AsNoTracking().Where(v => v.ParticipantId == participantId)
            .Select(v => v.StatementId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        var summaryJson = await db.DialogueStates.AsNoTracking().Where(d => d.ScreeningId == screeningId).Select(d => d.ResultJson).FirstOrDefaultAsync(cancellationToken);
        var priorities = DialogueSummaries.Parse(summaryJson).Priorities;

        // How many have seen a statement matters only for those the last map gave no priority yet
        // (new ones): count their voters alone, not every vote of the screening on every page.
        var unranked = statements.Where(s => !(priorities.TryGetValue(s.Number.ToString(CultureInfo.InvariantCulture), out var p) && p > 0)).Select(s => s.Id).ToList();
        var seenBy = unranked.Count == 0 ? [] : await db.Votes.AsNoTracking().Where(v => v.ScreeningId == screeningId && unranked.Contains(v.StatementId))
            .GroupBy(v => v.StatementId).Select(g => new { g.Key, Count = g.Select(v => v.ParticipantId).Distinct().Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

        // The rule itself (weights, seed, skip) is NextStatementRule in Core.
        var candidates = statements.Select(s => new NextStatementCandidate(
            voted.Contains(s.Id),
            priorities.TryGetValue(s.Number.ToString(CultureInfo.InvariantCulture), out var p) ? p : null,
            seenBy.GetValueOrDefault(s.Id))).ToList();
        var skipIndex = skip is Guid skipped ? statements.FindIndex(s => s.Id == skipped) : -1;
        var order = NextStatementRule.Order(candidates, skipIndex < 0 ? null : skipIndex, count, new Random(NextStatementRule.Seed(participantId, voted.Count)));
        var ids = order.Select(i => statements[i].Id).ToList();

        var shown = new List<PhoneStatement>(ids.Count);
        foreach (var id in ids)
        {
            if (await ShowAsync(id, culture, cancellationToken) is { } statement)
            {
                shown.Add(statement);
            }
        }

        return shown;
    }

    /// <summary>The statement in the phone's language, or the original with its language named.</summary>
    public async Task<PhoneStatement?> ShowAsync(Guid statementId, string culture, CancellationToken cancellationToken)
    {
        var statement = await db.Statements.AsNoTracking().Where(s => s.Id == statementId)
            .Select(s => new { s.Id, s.Number, s.Text, s.Culture }).FirstOrDefaultAsync(cancellationToken);
        if (statement is null)
        {
            return null;
        }

        if (!string.Equals(statement.Culture, culture, StringComparison.Ordinal))
        {
            var translation = await db.StatementTranslations.AsNoTracking()
                .Where(t => t.StatementId == statementId && t.Culture == culture).Select(t => t.Text).FirstOrDefaultAsync(cancellationToken);
            if (translation is not null)
            {
                return new PhoneStatement(statement.Id, statement.Number, translation, culture, true, LanguageName(culture))
                {
                    OriginalText = statement.Text,
                    OriginalCulture = statement.Culture,
                };
            }
        }

        return new PhoneStatement(statement.Id, statement.Number, statement.Text, statement.Culture, false, LanguageName(statement.Culture));
    }

    /// <summary>Whether a statement of this screening now has a translation into <paramref name="culture"/> (a phone showing its original waits for it).</summary>
    /// <remarks>One query on every change of the screening while the phone waits: the statement is of this screening, written in another language, and has a translation into this one.</remarks>
    public Task<bool> IsTranslatedAsync(Guid screeningId, Guid statementId, string culture, CancellationToken cancellationToken) =>
        db.Statements.AsNoTracking()
            .Where(s => s.Id == statementId && s.ScreeningId == screeningId && s.Culture != culture)
            .AnyAsync(s => db.StatementTranslations.Any(t => t.StatementId == s.Id && t.Culture == culture), cancellationToken);

    public static string LanguageName(string culture) => SupportedCultures.Find(culture)?.NativeName ?? culture;

    /// <summary>Stores a vote once (deduplicated on its id), after the commit.</summary>
    public async Task<VoteOutcome> VoteAsync(AudienceScreening screening, Guid participantId, VoteCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var result = await VoteAsync(screening, participantId, [command], cancellationToken);
        return result.Outcome == VoteOutcome.Stored && !result.Stored[0] ? VoteOutcome.Duplicate : result.Outcome;
    }

    /// <summary>
    /// Stores a request's votes (a phone's outbox: one or up to <see cref="MaxVotesPerRequest"/>) in one
    /// transaction, each id once, and returns after the commit. One invalid vote and none is stored.
    /// Checked against <see cref="DialogueCache"/>, not the database.
    /// </summary>
    public async Task<VotesResult> VoteAsync(AudienceScreening screening, Guid participantId, IReadOnlyList<VoteCommand> commands, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(commands);
        if (commands.Count is 0 or > MaxVotesPerRequest)
        {
            return VotesResult.Invalid(-1, null);
        }

        for (var i = 0; i < commands.Count; i++)
        {
            if (commands[i].Id == Guid.Empty)
            {
                return VotesResult.Invalid(i, "id");
            }

            if (commands[i].Value is < -1 or > 1)
            {
                return VotesResult.Invalid(i, "vote");
            }
        }

        if (!DialogueOpen(screening))
        {
            return new VotesResult(VoteOutcome.Closed, []);
        }

        var rules = await cache.RulesAsync(db, screening.Id, cancellationToken);
        HashSet<Guid>? acceptedSince = null;
        for (var i = 0; i < commands.Count; i++)
        {
            var statement = commands[i].Statement;
            if (rules.Accepted.Contains(statement) || acceptedSince?.Contains(statement) == true)
            {
                continue;
            }

            if (!await AcceptedSinceAsync(screening.Id, statement, cancellationToken))
            {
                return VotesResult.Invalid(i, "statement");
            }

            (acceptedSince ??= []).Add(statement);
        }

        if (rules.Banned.Contains(participantId))
        {
            return new VotesResult(VoteOutcome.Quiet, [.. commands.Select(_ => true)]);
        }

        // The writer stamps the time (CreatedAt) in the order it stores them: the latest vote per
        // statement counts, and within a request the later in the array.
        var votes = commands.Select(c => new Vote
        {
            Id = c.Id,
            ScreeningId = screening.Id,
            ParticipantId = participantId,
            StatementId = c.Statement,
            Value = (sbyte)c.Value,
        }).ToList();
        return new VotesResult(VoteOutcome.Stored, await ingest.SubmitAsync(votes, cancellationToken));
    }

    /// <summary>A statement accepted after the cache was filled (seeded, or proposed under post-moderation).</summary>
    private async Task<bool> AcceptedSinceAsync(Guid screeningId, Guid statementId, CancellationToken cancellationToken)
    {
        if (!await db.Statements.AsNoTracking().AnyAsync(s => s.Id == statementId && s.ScreeningId == screeningId && s.Status == StatementStatus.Accepted, cancellationToken))
        {
            return false;
        }

        cache.Invalidate(screeningId);
        return true;
    }

    /// <summary>Asks the moderators to look at a statement (once per participant; a banned participant is ignored quietly).</summary>
    public async Task<bool> FlagAsync(AudienceScreening screening, Guid participantId, Guid statementId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(screening);
        if (!await db.Statements.AsNoTracking().AnyAsync(s => s.Id == statementId && s.ScreeningId == screening.Id && s.Status == StatementStatus.Accepted, cancellationToken))
        {
            return false;
        }

        if (await IsBannedAsync(participantId, cancellationToken)
            || await db.StatementFlags.AnyAsync(f => f.StatementId == statementId && f.ParticipantId == participantId, cancellationToken))
        {
            return true;
        }

        db.StatementFlags.Add(new StatementFlag { StatementId = statementId, ParticipantId = participantId, CreatedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same phone flagged it twice at once: one flag is enough.
        }

        // The moderation page shows reports as they come.
        await events.PublishAsync(screening.Id, cancellationToken, stateChanged: false);
        return true;
    }

    /// <summary>
    /// A participant's own statement: pending until a moderator accepts it, or accepted at once with
    /// post-moderation; held for review when it contains a blocklisted term.
    /// </summary>
    public async Task<ProposeOutcome> ProposeAsync(AudienceScreening screening, Guid participantId, string? text, string culture, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(screening);
        text = text?.Trim() ?? "";
        if (text.Length == 0 || text.Length > MaxStatementLength)
        {
            return ProposeOutcome.Invalid;
        }

        switch (StatementText.Check(text))
        {
            case StatementTextProblem.Invisible:
                return ProposeOutcome.Invisible;
            case StatementTextProblem.DirectionControl:
                return ProposeOutcome.DirectionControl;
        }

        if (!DialogueOpen(screening))
        {
            return ProposeOutcome.Closed;
        }

        if (await IsBannedAsync(participantId, cancellationToken))
        {
            return ProposeOutcome.Quiet;
        }

        var postModeration = await db.Screenings.AsNoTracking().Where(s => s.Id == screening.Id).Select(s => s.PostModeration).FirstAsync(cancellationToken);
        var held = await Blocklist.MatchesAsync(db, screening.Id, text, cancellationToken);
        var status = held ? StatementStatus.Held : postModeration ? StatementStatus.Accepted : StatementStatus.Pending;
        await StatementNumbers.AddAsync(db, new Statement
        {
            ScreeningId = screening.Id,
            ParticipantId = participantId,
            Text = text,
            Culture = culture,
            Status = status,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        }, cancellationToken);
        if (status == StatementStatus.Accepted)
        {
            recompute.Notify(screening.Id);
        }
        else
        {
            // The moderation page shows what waits for it as it comes.
            await events.PublishAsync(screening.Id, cancellationToken, stateChanged: false);
        }

        return status == StatementStatus.Accepted ? ProposeOutcome.Accepted : ProposeOutcome.Pending;
    }
}
