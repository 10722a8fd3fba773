using System.Security.Claims;
using System.Security.Cryptography;
using Kinodialog.Core.Surveys;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Questionnaires;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Surveys;

/// <summary>One printed participant card: its number, its code and the join link its QR code opens.</summary>
public sealed record ParticipantCard(int Number, string Code, string JoinUrl, string QrDataUri);

/// <summary>
/// Numbered participant cards for paper forms. Card codes are derived from a key kept with the
/// screening, so the same cards can be printed again; only their hashes identify participants.
/// </summary>
public sealed class ParticipantCards(KinodialogDbContext db, ScreeningAccess access, TimeProvider clock)
{
    public const int MaxCards = 500;

    public sealed record Sheet(Guid ScreeningId, string Title, string? JoinCode, int Printed, IReadOnlyList<ParticipantCard> Cards);

    /// <summary>Makes sure cards 1…<paramref name="upTo"/> exist; returns false for someone else's screening.</summary>
    public async Task<bool> PrepareAsync(Guid id, int upTo, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var screening = await access.For(user).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (screening is null)
        {
            return false;
        }

        upTo = Math.Clamp(upTo, 1, MaxCards);
        screening.CardKey ??= RandomNumberGenerator.GetBytes(32);
        var now = clock.GetUtcNow().UtcDateTime;
        for (var number = screening.CardsPrinted + 1; number <= upTo; number++)
        {
            db.Participants.Add(new Participant
            {
                ScreeningId = id,
                TokenHash = JoinScreening.Hash(ParticipantCodes.CardCode(screening.CardKey, number)),
                Culture = screening.EventCulture,
                JoinedAt = now,
                CardNumber = number,
                OnPhone = false,
            });
        }

        screening.CardsPrinted = Math.Max(screening.CardsPrinted, upTo);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<Sheet?> SheetAsync(Guid id, int from, int to, Func<string?, string, string> joinUrl, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var screening = await access.For(user).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (screening is null)
        {
            return null;
        }

        var cards = new List<ParticipantCard>();
        if (screening.CardKey is not null)
        {
            for (var number = Math.Max(1, from); number <= Math.Min(to, screening.CardsPrinted); number++)
            {
                var code = ParticipantCodes.CardCode(screening.CardKey, number);
                var url = joinUrl(screening.JoinCode, code);
                cards.Add(new ParticipantCard(number, ParticipantCodes.Display(code), url, QrCodes.SvgDataUri(url)));
            }
        }

        return new Sheet(screening.Id, screening.Title, screening.JoinCode, screening.CardsPrinted, cards);
    }
}

/// <summary>
/// An organiser types in a paper form: the card code (or the person's self-made code) and the
/// answers. Stored like a phone's answers (source: paper), idempotently by the form's answer-set id.
/// </summary>
public sealed class EnterPaperAnswers(
    KinodialogDbContext db, ScreeningAccess access, QuestionnaireCatalog catalog, SurveyIngest ingest, SubmitAnswers submit,
    TimeProvider clock, IStringLocalizer<SurveysResource> l)
{
    public sealed record Command(string? Code, SurveyPhase Phase, Guid AnswerSetId, IReadOnlyDictionary<string, string> Answers);

    public sealed record Result(bool Found, bool Saved, IReadOnlyList<string> Errors, string? CodeError);

    public async Task<Result> HandleAsync(Guid id, Command command, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var screening = await access.For(user).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (screening is null)
        {
            return new(false, false, [], null);
        }

        var questionnaire = await catalog.ForScreeningAsync(screening.QuestionnaireVersionId, cancellationToken);
        var definition = questionnaire.Definition;
        var profileKeys = QuestionnaireRules.QuestionsFor(definition, SurveyPhase.Profile).SelectMany(q => q.AnswerKeys).ToHashSet(StringComparer.Ordinal);
        var profile = command.Answers.Where(a => profileKeys.Contains(a.Key)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var rest = command.Answers.Where(a => !profileKeys.Contains(a.Key)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var (profileClean, profileIssues) = QuestionnaireRules.CheckAnswers(definition, SurveyPhase.Profile, profile);
        var (answers, issues) = QuestionnaireRules.CheckAnswers(definition, command.Phase, rest);
        var errors = profileIssues.Concat(issues).Select(i => submit.Describe(definition, i)).ToList();

        Participant? participant = null;
        string? codeError = null;
        if (ParticipantCodes.NormalizeCard(command.Code) is { } card)
        {
            var hash = JoinScreening.Hash(card);
            participant = await db.Participants.FirstOrDefaultAsync(p => p.ScreeningId == id && p.TokenHash == hash && p.CardNumber != null, cancellationToken);
            codeError = participant is null ? l["No participant card of this screening has this code. Check the code on the card."].Value : null;
        }
        else if (screening.ClosedAt is not null)
        {
            codeError = l["Self-made codes can no longer be matched once the screening is closed. Use the code of a participant card."];
        }
        else
        {
            screening.SelfCodeKey ??= RandomNumberGenerator.GetBytes(32);
            var selfHash = ParticipantCodes.SelfCodeHash(screening.SelfCodeKey, command.Code);
            if (selfHash is null)
            {
                codeError = l["Type the code from the participant card, or the person's self-made code (at least three letters or digits)."];
            }
            else if (errors.Count == 0)
            {
                participant = await db.Participants.FirstOrDefaultAsync(p => p.ScreeningId == id && p.SelfCodeHash == selfHash, cancellationToken);
                if (participant is null)
                {
                    participant = new Participant
                    {
                        ScreeningId = id,
                        TokenHash = JoinScreening.Hash(Convert.ToHexString(RandomNumberGenerator.GetBytes(24))),
                        Culture = screening.EventCulture,
                        JoinedAt = clock.GetUtcNow().UtcDateTime,
                        SelfCodeHash = selfHash,
                        OnPhone = false,
                    };
                    db.Participants.Add(participant);
                }

                await db.SaveChangesAsync(cancellationToken);
            }
        }

        if (errors.Count > 0 || codeError is not null || participant is null)
        {
            return new(true, false, errors, codeError);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (profileClean.Count > 0)
        {
            await ingest.SubmitAsync(
                Response(DerivedId(command.AnswerSetId), SurveyPhase.Profile, profileClean),
                SurveyAnswers.DeclaredCommunity(profileClean),
                cancellationToken);
        }

        await ingest.SubmitAsync(Response(command.AnswerSetId, command.Phase, answers), null, cancellationToken);
        return new(true, true, [], null);

        SurveyResponse Response(Guid answerSet, SurveyPhase phase, Dictionary<string, string> values) => new()
        {
            Id = answerSet,
            ScreeningId = id,
            ParticipantId = participant.Id,
            QuestionnaireVersionId = questionnaire.VersionId,
            Phase = phase,
            Source = ResponseSource.Paper,
            ReceivedAt = now,
            Answers = SurveyAnswers.ToJson(values),
        };
    }

    /// <summary>The profile part of a paper form gets an id derived from the form's, so a resubmission stays idempotent.</summary>
    private static Guid DerivedId(Guid id)
    {
        var bytes = SHA256.HashData(id.ToByteArray());
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes.AsSpan(0, 16));
    }
}
