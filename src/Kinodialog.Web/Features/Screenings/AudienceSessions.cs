using Kinodialog.Core.Screenings;
using Kinodialog.Core.Surveys;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Screenings;

/// <summary>What a phone needs to know about the screening it joined.</summary>
public sealed record AudienceScreening(
    Guid Id, string Code, string Title, AudienceStage Stage, AudienceStage FurthestStage, Guid? QuestionnaireVersionId, bool Open)
{
    /// <summary>Answers for a phase are accepted once its survey has been opened.</summary>
    public bool PhaseOpened(SurveyPhase phase) => phase switch
    {
        SurveyPhase.Profile => true,
        SurveyPhase.Pre => FurthestStage >= AudienceStage.PreSurvey,
        _ => FurthestStage >= AudienceStage.PostSurvey,
    };

    /// <summary>The survey the phones show now, if any.</summary>
    public SurveyPhase? OpenPhase => Stage switch
    {
        AudienceStage.PreSurvey => SurveyPhase.Pre,
        AudienceStage.PostSurvey => SurveyPhase.Post,
        _ => null,
    };
}

public sealed record AudienceMember(Guid ParticipantId, string? Community);

/// <summary>
/// Finds the screening of a join code and the participant of a phone's token. Screenings are
/// cached for a second (every phone polls), participants for the life of the process (a token
/// never changes owner).
/// </summary>
public sealed class AudienceSessions(KinodialogDbContext db, AudienceCache cache, TimeProvider clock)
{
    public static readonly TimeSpan ScreeningCacheTime = TimeSpan.FromSeconds(1);

    public async Task<AudienceScreening?> ScreeningAsync(string? typedCode, CancellationToken cancellationToken, bool fresh = false)
    {
        var code = JoinCode.Normalize(typedCode);
        if (code is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (!fresh && cache.TryGetScreening(code, out var cached))
        {
            return cached;
        }

        var screening = await db.Screenings.AsNoTracking().FirstOrDefaultAsync(s => s.JoinCode == code, cancellationToken);
        var found = screening is null ? null : new AudienceScreening(
            screening.Id, code, screening.Title, screening.Stage, screening.FurthestStage, screening.QuestionnaireVersionId,
            ScreeningClock.JoinOpen(screening, now.UtcDateTime));
        cache.SetScreening(code, found, ScreeningCacheTime);
        return found;
    }

    /// <summary>The participant a phone's token (cookie) stands for in this screening, or null.</summary>
    public async Task<Guid?> ParticipantAsync(Guid screeningId, string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }

        var hash = JoinScreening.Hash(token);
        if (cache.TryGetParticipant(hash, out var known))
        {
            return known.ScreeningId == screeningId ? known.ParticipantId : null;
        }

        var participant = await db.Participants.AsNoTracking().Where(p => p.TokenHash == hash)
            .Select(p => new { p.Id, p.ScreeningId }).FirstOrDefaultAsync(cancellationToken);
        if (participant is null)
        {
            return null;
        }

        cache.SetParticipant(hash, (participant.ScreeningId, participant.Id));
        return participant.ScreeningId == screeningId ? participant.Id : null;
    }

    /// <summary>Which phases this participant has sent answers for (the latest set per phase counts).</summary>
    public async Task<IReadOnlyList<SurveyPhase>> AnsweredAsync(Guid participantId, CancellationToken cancellationToken) =>
        await db.SurveyResponses.AsNoTracking().Where(r => r.ParticipantId == participantId)
            .Select(r => r.Phase).Distinct().ToListAsync(cancellationToken);

    /// <summary>The community the participant declared (from the profile answers), or null.</summary>
    public async Task<string?> CommunityAsync(Guid participantId, CancellationToken cancellationToken) =>
        await db.Participants.AsNoTracking().Where(p => p.Id == participantId).Select(p => p.Community).FirstOrDefaultAsync(cancellationToken);
}
