using System.Security.Claims;
using Kinodialog.Core.Dialogue;
using Kinodialog.Core.Localization;
using Kinodialog.Core.Screenings;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Screenings;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Dialogue;

public sealed record ModerationStatement(
    Guid Id, int Number, string Text, string Culture, StatementStatus Status, bool IsMeta, bool Proposed, bool ProposerBanned,
    IReadOnlyList<string> TranslatedInto, int Flags)
{
    /// <summary>The statement's translations by culture (to correct one).</summary>
    public IReadOnlyDictionary<string, string> Translations { get; init; } = new Dictionary<string, string>();
}

/// <summary>Why a translation was refused, or that it was saved.</summary>
public enum TranslationOutcome
{
    Saved,
    NotFound,
    Invisible,
    DirectionControl,
    TooLong,
}

public sealed record ModerationTerm(Guid Id, string Culture, string Term, bool Global);

/// <summary>One line of the moderation log (who acted is a staff account; participants are never named).</summary>
/// <summary>A line of the moderation log; <paramref name="At"/> is on the venue's clocks (the screening's time zone).</summary>
public sealed record ModerationLogLine(DateTime At, string Action, int? StatementNumber, string StaffName);

/// <summary>A statement a film suggests, shown in the reader's language (or another), and whether the screening has it already.</summary>
public sealed record SuggestedStatement(int Index, string Culture, string Text, int Languages, bool Added);

public sealed record FilmSuggestions(Guid FilmId, string Title, IReadOnlyList<SuggestedStatement> Statements);

public sealed record ModerationView(
    Guid ScreeningId, string Title, bool PostModeration, bool Imported, IReadOnlyList<ModerationStatement> Statements, IReadOnlyList<ModerationTerm> Terms,
    IReadOnlyList<ModerationLogLine> Log, IReadOnlyList<FilmSuggestions> Suggestions)
{
    /// <summary>The room's languages (<see cref="ScreeningLanguages.Of"/>): each statement gets a translation form for each one it lacks.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>False for a translator (or an imported dialogue): the page offers translating only.</summary>
    public bool CanModerate { get; init; } = true;
}

/// <summary>What became of a statement or term typed on the moderation page.</summary>
public enum InputOutcome
{
    Saved,

    /// <summary>Not this user's screening (or no such screening).</summary>
    NotFound,
    Empty,
    TooLong,
    Invisible,
    DirectionControl,
    UnknownLanguage,
}

/// <summary>
/// The facilitator's side: seed statements, translate, accept or reject, ban (by a statement,
/// never by who proposed it), blocklist terms, post-moderation. Every action is logged as a
/// <see cref="ModerationAction"/>; other organisers' screenings are "not found".
/// </summary>
public sealed class DialogueModeration(KinodialogDbContext db, ScreeningAccess access, DialogueRecompute recompute, ScreeningEvents events, TimeProvider clock)
{
    public const int MaxTermLength = 100;

    /// <summary>The longest translation: a statement's limit, with room for a language that says it in more letters.</summary>
    public const int MaxTranslationLength = StatementText.MaxLength * 2;

    public async Task<ModerationView?> LoadAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken, string? culture = null)
    {
        var screening = await access.ForTranslation(user).AsNoTracking().Where(s => s.Id == id)
            .Select(s => new { s.Title, s.PostModeration, s.ImportedFrom, s.EventCulture, s.TimeZoneId, s.AudienceCultures }).FirstOrDefaultAsync(cancellationToken);
        if (screening is null)
        {
            return null;
        }

        var statements = await db.Statements.AsNoTracking().Where(s => s.ScreeningId == id).OrderBy(s => s.Number)
            .Select(s => new { s.Id, s.Number, s.Text, s.Culture, s.Status, s.IsMeta, s.ParticipantId }).ToListAsync(cancellationToken);
        var ids = statements.Select(s => s.Id).ToList();
        var translations = await db.StatementTranslations.AsNoTracking().Where(t => ids.Contains(t.StatementId))
            .Select(t => new { t.StatementId, t.Culture, t.Text }).ToListAsync(cancellationToken);
        var flags = await db.StatementFlags.AsNoTracking().Where(f => ids.Contains(f.StatementId))
            .GroupBy(f => f.StatementId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var banned = (await db.Participants.AsNoTracking().Where(p => p.ScreeningId == id && p.Banned).Select(p => p.Id).ToListAsync(cancellationToken)).ToHashSet();
        var terms = await db.BlocklistEntries.AsNoTracking().Where(b => b.ScreeningId == id || b.ScreeningId == null)
            .OrderBy(b => b.Culture).ThenBy(b => b.Term).Select(b => new ModerationTerm(b.Id, b.Culture, b.Term, b.ScreeningId == null)).ToListAsync(cancellationToken);
        var log = await db.ModerationActions.AsNoTracking().Where(a => a.ScreeningId == id).OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Take(50)
            .Select(a => new ModerationLogLine(
                a.CreatedAt, a.Action,
                db.Statements.Where(s => s.Id == a.StatementId).Select(s => (int?)s.Number).FirstOrDefault(),
                db.Users.Where(u => u.Id == a.StaffUserId).Select(u => u.DisplayName).FirstOrDefault() ?? ""))
            .ToListAsync(cancellationToken);
        // Every time is shown as on the clocks at the venue.
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(screening.TimeZoneId, out var found) ? found : TimeZoneInfo.Utc;
        log = log.Select(l => l with { At = ScreeningPlan.ToLocal(l.At, zone) }).ToList();
        return new ModerationView(id, screening.Title, screening.PostModeration, screening.ImportedFrom is not null,
            statements.Select(s => new ModerationStatement(s.Id, s.Number, s.Text, s.Culture, s.Status, s.IsMeta, s.ParticipantId is not null,
                s.ParticipantId is Guid p && banned.Contains(p),
                translations.Where(t => t.StatementId == s.Id).Select(t => t.Culture).Order(StringComparer.Ordinal).ToList(),
                flags.GetValueOrDefault(s.Id))
            {
                Translations = translations.Where(t => t.StatementId == s.Id).ToDictionary(t => t.Culture, t => t.Text, StringComparer.Ordinal),
            }).ToList(),
            terms, log, await SuggestionsAsync(id, culture ?? screening.EventCulture, screening.EventCulture, statements.Select(s => s.Text).ToHashSet(StringComparer.Ordinal), cancellationToken))
        {
            Languages = ScreeningLanguages.Of(screening.EventCulture, screening.AudienceCultures),
            // Not while a field laptop holds the screening: the page then only shows the dialogue.
            CanModerate = screening.ImportedFrom is null && await access.For(user).AnyAsync(s => s.Id == id && s.CheckedOutToDeviceId == null, cancellationToken),
        };
    }

    /// <summary>Each film's suggested statements: line n of every language is one statement.</summary>
    private async Task<List<(Guid FilmId, Dictionary<string, string> Titles, List<Dictionary<string, string>> Statements)>> FilmSuggestionsAsync(Guid id, CancellationToken cancellationToken)
    {
        var films = await db.ScreeningFilms.AsNoTracking().Where(f => f.ScreeningId == id).OrderBy(f => f.Position).Select(f => f.FilmId).ToListAsync(cancellationToken);
        var texts = await db.FilmTranslations.AsNoTracking().Where(t => films.Contains(t.FilmId))
            .Select(t => new { t.FilmId, t.Culture, t.Title, t.SuggestedStatements }).ToListAsync(cancellationToken);
        var result = new List<(Guid, Dictionary<string, string>, List<Dictionary<string, string>>)>();
        foreach (var film in films.Distinct())
        {
            var titles = new Dictionary<string, string>(StringComparer.Ordinal);
            var statements = new List<Dictionary<string, string>>();
            foreach (var text in texts.Where(t => t.FilmId == film))
            {
                titles[text.Culture] = text.Title;
                var lines = Films.SaveFilm.Lines(text.SuggestedStatements);
                for (var i = 0; i < lines.Count; i++)
                {
                    if (statements.Count <= i)
                    {
                        statements.Add(new Dictionary<string, string>(StringComparer.Ordinal));
                    }

                    statements[i][text.Culture] = lines[i];
                }
            }

            if (statements.Count > 0)
            {
                result.Add((film, titles, statements));
            }
        }

        return result;
    }

    /// <summary>The culture a suggestion is shown or seeded in: the wanted one, else the screening's, else the first it has.</summary>
    private static string Pick(Dictionary<string, string> texts, string wanted, string fallback) =>
        texts.ContainsKey(wanted) ? wanted
        : texts.ContainsKey(fallback) ? fallback
        : SupportedCultures.All.Select(c => c.Name).First(texts.ContainsKey);

    private async Task<List<FilmSuggestions>> SuggestionsAsync(Guid id, string culture, string eventCulture, HashSet<string> existing, CancellationToken cancellationToken) =>
        [.. (await FilmSuggestionsAsync(id, cancellationToken)).Select(f => new FilmSuggestions(
            f.FilmId,
            f.Titles[Pick(f.Titles, culture, eventCulture)],
            f.Statements.Select((texts, index) =>
            {
                var shown = Pick(texts, culture, eventCulture);
                return new SuggestedStatement(index, shown, texts[shown], texts.Count, texts.Values.Any(existing.Contains));
            }).ToList()))];

    /// <summary>
    /// Seeds a film's suggested statement (or all of them when <paramref name="index"/> is null) in the
    /// screening's language where the film has it, with the other languages as translations; one the
    /// screening already has is left alone.
    /// </summary>
    public async Task<bool> SeedSuggestedAsync(Guid id, ClaimsPrincipal user, Guid filmId, int? index, CancellationToken cancellationToken)
    {
        var eventCulture = await access.For(user).Where(s => s.Id == id && s.ImportedFrom == null).Select(s => s.EventCulture).FirstOrDefaultAsync(cancellationToken);
        if (eventCulture is null)
        {
            return false;
        }

        var film = (await FilmSuggestionsAsync(id, cancellationToken)).FirstOrDefault(f => f.FilmId == filmId);
        if (film.Statements is null || index is < 0 || index >= film.Statements.Count)
        {
            return false;
        }

        var existing = (await db.Statements.Where(s => s.ScreeningId == id).Select(s => s.Text).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var chosen = index is int one ? [film.Statements[one]] : film.Statements;
        foreach (var texts in chosen.Where(t => !t.Values.Any(existing.Contains) && t.Values.All(text => StatementText.Check(text) == StatementTextProblem.None)))
        {
            var original = Pick(texts, eventCulture, eventCulture);
            var statement = new Statement { ScreeningId = id, Text = texts[original], Culture = original, Status = StatementStatus.Accepted, CreatedAt = Now };
            await StatementNumbers.AddAsync(db, statement, cancellationToken);
            foreach (var (culture, text) in texts.Where(t => t.Key != original))
            {
                db.StatementTranslations.Add(new StatementTranslation { StatementId = statement.Id, Culture = culture, Text = text });
            }

            await LogAsync(id, user, "seed", statement.Id, null, cancellationToken);
        }

        recompute.Notify(id);
        return true;
    }

    /// <summary>A statement the facilitator seeds, accepted at once; what is wrong with it otherwise.</summary>
    public async Task<InputOutcome> SeedAsync(Guid id, ClaimsPrincipal user, string? text, string? culture, bool isMeta, CancellationToken cancellationToken)
    {
        text = text?.Trim() ?? "";
        if (!await OwnsAsync(id, user, cancellationToken))
        {
            return InputOutcome.NotFound;
        }

        var problem = text.Length == 0 ? InputOutcome.Empty
            : text.Length > StatementText.MaxLength ? InputOutcome.TooLong
            : StatementText.Check(text) switch
            {
                StatementTextProblem.Invisible => InputOutcome.Invisible,
                StatementTextProblem.DirectionControl => InputOutcome.DirectionControl,
                _ => SupportedCultures.Find(culture) is null ? InputOutcome.UnknownLanguage : InputOutcome.Saved,
            };
        if (problem != InputOutcome.Saved)
        {
            return problem;
        }

        var language = SupportedCultures.Find(culture)!;

        var statement = new Statement { ScreeningId = id, Text = text, Culture = language.Name, Status = StatementStatus.Accepted, IsMeta = isMeta, CreatedAt = Now };
        await StatementNumbers.AddAsync(db, statement, cancellationToken);
        await LogAsync(id, user, "seed", statement.Id, null, cancellationToken);
        recompute.Notify(id);
        return InputOutcome.Saved;
    }

    /// <summary>
    /// Adds or corrects a statement's translation (pending or accepted; an imported dialogue too), then
    /// tells the projector and the phones: they show it at their next fetch.
    /// </summary>
    public async Task<TranslationOutcome> TranslateAsync(Guid id, ClaimsPrincipal user, Guid statementId, string? culture, string? text, CancellationToken cancellationToken)
    {
        text = text?.Trim() ?? "";
        var original = await access.ForTranslation(user).AnyAsync(s => s.Id == id, cancellationToken)
            ? await db.Statements.Where(s => s.Id == statementId && s.ScreeningId == id).Select(s => s.Culture).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (original is null || SupportedCultures.Find(culture) is not { } language || language.Name == original)
        {
            return TranslationOutcome.NotFound;
        }

        switch (StatementText.Check(text))
        {
            case StatementTextProblem.Invisible:
                return TranslationOutcome.Invisible;
            case StatementTextProblem.DirectionControl:
                return TranslationOutcome.DirectionControl;
        }

        if (text.Length > MaxTranslationLength)
        {
            return TranslationOutcome.TooLong;
        }

        var existing = await db.StatementTranslations.FirstOrDefaultAsync(t => t.StatementId == statementId && t.Culture == language.Name, cancellationToken);
        if (existing is null)
        {
            db.StatementTranslations.Add(new StatementTranslation { StatementId = statementId, Culture = language.Name, Text = text });
        }
        else
        {
            existing.Text = text;
        }

        await LogAsync(id, user, "translate", statementId, null, cancellationToken);
        await events.PublishAsync(id, cancellationToken);
        return TranslationOutcome.Saved;
    }

    /// <summary>Accept, reject or hold a statement; a rejected statement leaves the map.</summary>
    public async Task<bool> SetStatusAsync(Guid id, ClaimsPrincipal user, Guid statementId, StatementStatus status, CancellationToken cancellationToken)
    {
        if (status == StatementStatus.Pending || !Enum.IsDefined(status) || !await OwnsAsync(id, user, cancellationToken))
        {
            return false;
        }

        var statement = await db.Statements.FirstOrDefaultAsync(s => s.Id == statementId && s.ScreeningId == id, cancellationToken);
        if (statement is null)
        {
            return false;
        }

        statement.Status = status;
        await LogAsync(id, user, status.ToString().ToLowerInvariant(), statementId, null, cancellationToken);
        await ChangedAsync(id, cancellationToken);
        return true;
    }

    /// <summary>Bans whoever proposed this statement: their votes leave the map, they can no longer vote or propose.</summary>
    public async Task<bool> BanAsync(Guid id, ClaimsPrincipal user, Guid statementId, CancellationToken cancellationToken)
    {
        if (!await OwnsAsync(id, user, cancellationToken))
        {
            return false;
        }

        var participantId = await db.Statements.Where(s => s.Id == statementId && s.ScreeningId == id).Select(s => s.ParticipantId).FirstOrDefaultAsync(cancellationToken);
        if (participantId is null)
        {
            return false;
        }

        await db.Participants.Where(p => p.Id == participantId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Banned, true), cancellationToken);
        await db.Statements.Where(s => s.ParticipantId == participantId && s.Status != StatementStatus.Accepted)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, StatementStatus.Rejected), cancellationToken);
        await LogAsync(id, user, "ban", statementId, participantId, cancellationToken);
        await ChangedAsync(id, cancellationToken);
        return true;
    }

    /// <summary>Dismisses the participants' reports of an accepted statement (it stays on the map); logged.</summary>
    public async Task<bool> DismissReportsAsync(Guid id, ClaimsPrincipal user, Guid statementId, CancellationToken cancellationToken)
    {
        if (!await OwnsAsync(id, user, cancellationToken)
            || !await db.Statements.AnyAsync(s => s.Id == statementId && s.ScreeningId == id, cancellationToken))
        {
            return false;
        }

        await db.StatementFlags.Where(f => f.StatementId == statementId).ExecuteDeleteAsync(cancellationToken);
        await LogAsync(id, user, "dismiss-reports", statementId, null, cancellationToken);
        await events.PublishAsync(id, cancellationToken, stateChanged: false);
        return true;
    }

    /// <summary>Lifts the ban on whoever proposed this statement: their votes count again (statements the ban rejected stay rejected).</summary>
    public async Task<bool> UnbanAsync(Guid id, ClaimsPrincipal user, Guid statementId, CancellationToken cancellationToken)
    {
        if (!await OwnsAsync(id, user, cancellationToken))
        {
            return false;
        }

        var participantId = await db.Statements.Where(s => s.Id == statementId && s.ScreeningId == id).Select(s => s.ParticipantId).FirstOrDefaultAsync(cancellationToken);
        if (participantId is null)
        {
            return false;
        }

        await db.Participants.Where(p => p.Id == participantId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Banned, false), cancellationToken);
        await LogAsync(id, user, "unban", statementId, participantId, cancellationToken);
        await ChangedAsync(id, cancellationToken);
        return true;
    }

    /// <summary>A term held for a moderator in this screening; what is wrong with it otherwise.</summary>
    public async Task<InputOutcome> AddTermAsync(Guid id, ClaimsPrincipal user, string? culture, string? term, CancellationToken cancellationToken)
    {
        term = term?.Trim() ?? "";
        if (!await OwnsAsync(id, user, cancellationToken))
        {
            return InputOutcome.NotFound;
        }

        if (term.Length == 0 || term.Length > MaxTermLength || SupportedCultures.Find(culture) is not { } language)
        {
            return term.Length == 0 ? InputOutcome.Empty : term.Length > MaxTermLength ? InputOutcome.TooLong : InputOutcome.UnknownLanguage;
        }

        db.BlocklistEntries.Add(new BlocklistEntry { ScreeningId = id, Culture = language.Name, Term = term });
        await LogAsync(id, user, "blocklist-add", null, null, cancellationToken);
        return InputOutcome.Saved;
    }

    public async Task<bool> RemoveTermAsync(Guid id, ClaimsPrincipal user, Guid termId, CancellationToken cancellationToken)
    {
        if (!await OwnsAsync(id, user, cancellationToken))
        {
            return false;
        }

        var removed = await db.BlocklistEntries.Where(b => b.Id == termId && b.ScreeningId == id).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            await LogAsync(id, user, "blocklist-remove", null, null, cancellationToken);
        }

        return removed > 0;
    }

    public async Task<bool> SetPostModerationAsync(Guid id, ClaimsPrincipal user, bool on, CancellationToken cancellationToken)
    {
        if (!await OwnsAsync(id, user, cancellationToken))
        {
            return false;
        }

        await db.Screenings.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.PostModeration, on), cancellationToken);
        await LogAsync(id, user, on ? "post-moderation-on" : "post-moderation-off", null, null, cancellationToken);
        return true;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The user may act on this screening's dialogue; an imported dialogue is read-only except for translations.</summary>
    private async Task<bool> OwnsAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var owns = await access.For(user).AnyAsync(s => s.Id == id && s.ImportedFrom == null, cancellationToken);
        if (owns)
        {
            // Bulk updates (ban, post-moderation) bypass the save check: a laptop holds this screening's dialogue.
            await CheckedOutScreeningGuard.ThrowIfCheckedOutAsync(db, id, cancellationToken);
        }

        return owns;
    }

    private async Task LogAsync(Guid id, ClaimsPrincipal user, string action, Guid? statementId, Guid? participantId, CancellationToken cancellationToken)
    {
        db.ModerationActions.Add(new ModerationAction
        {
            ScreeningId = id,
            StaffUserId = ScreeningAccess.UserId(user),
            Action = action,
            StatementId = statementId,
            ParticipantId = participantId,
            CreatedAt = Now,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ChangedAsync(Guid id, CancellationToken cancellationToken)
    {
        recompute.Notify(id);
        await events.PublishAsync(id, cancellationToken);
    }
}
