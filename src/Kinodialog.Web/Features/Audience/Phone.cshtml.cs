using Kinodialog.Core.Screenings;
using Kinodialog.Core.Surveys;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Features.Questionnaires;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Features.Surveys;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Audience;

/// <summary>
/// The audience member's phone page: the optional profile, then whatever the facilitator has
/// opened (pre-survey, films, post-survey, dialogue). Plain form posts; audience.js adds an
/// offline outbox and follows the stage without reloading by hand.
/// </summary>
[Kinodialog.Web.Features.Audience.AudienceRateLimit(PhonePage = true)]
public sealed class PhoneModel(AudienceSessions sessions, QuestionnaireCatalog catalog, SubmitAnswers submit, AudienceDialogue dialogue) : PageModel
{
    public enum View
    {
        Profile,
        Waiting,
        Survey,
        Thanks,
        Films,
        Dialogue,
    }

    public string Code { get; private set; } = "";

    public string Title { get; private set; } = "";

    public AudienceStage Stage { get; private set; }

    public View Showing { get; private set; }

    public SurveyForm? Form { get; private set; }

    public bool JustSent { get; private set; }

    /// <summary>The dialogue part of the page (when the dialogue stage is open).</summary>
    public AudienceDialogueView? Dialogue { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, bool sent, Guid? skip, string? notice, bool original, CancellationToken cancellationToken)
    {
        var (screening, participant) = await FindAsync(code, cancellationToken);
        if (screening is null || participant is null)
        {
            // A phone that joined with this code (its cookie is there) and can no longer use it: the
            // screening has ended. Decided by the cookie alone, so it tells a guesser nothing.
            return Kinodialog.Core.Screenings.JoinCode.Normalize(code) is { } normal && Request.Cookies.ContainsKey(Screenings.JoinScreening.CookieName(normal))
                ? Redirect(CultureLinks.Local("/join?ended=true"))
                : Redirect(CultureLinks.Local("/join?code=" + Uri.EscapeDataString(code)));
        }

        JustSent = sent;
        await PrepareAsync(screening, participant.Value, null, new Dictionary<string, string>(), cancellationToken);
        if (Showing == View.Dialogue)
        {
            var culture = LocalizationExtensions.CurrentCulture().Name;
            var banned = await dialogue.IsBannedAsync(participant.Value, cancellationToken);
            var next = banned ? [] : await dialogue.NextAsync(screening.Id, participant.Value, culture, skip, AudienceDialogueView.Carried, cancellationToken);
            Dialogue = new AudienceDialogueView(screening.Code, next.Count > 0 ? next[0] : null, banned, AudienceDialogueView.ParseNotice(notice), Guid.CreateVersion7())
            {
                Upcoming = [.. next.Skip(1).Select(s => (s, Guid.CreateVersion7()))],
                ShowOriginal = original,
            };
        }

        return Page();
    }

    /// <summary>Agree, disagree or pass, as a plain form post (the vote id comes from the form, so a resent form is stored once).</summary>
    public async Task<IActionResult> OnPostVoteAsync(string code, Guid id, Guid statement, int vote, CancellationToken cancellationToken)
    {
        var (screening, participant) = await FindAsync(code, cancellationToken);
        if (screening is null || participant is null)
        {
            return Redirect(CultureLinks.Local("/join?code=" + Uri.EscapeDataString(code)));
        }

        // A statement rejected meanwhile, or a stage that moved on: the page simply shows what is current.
        await dialogue.VoteAsync(screening, participant.Value, new AudienceDialogue.VoteCommand(id, statement, vote), cancellationToken);
        return Redirect(CultureLinks.Local("/s/" + screening.Code));
    }

    public async Task<IActionResult> OnPostSkipAsync(string code, Guid statement, CancellationToken cancellationToken)
    {
        var (screening, participant) = await FindAsync(code, cancellationToken);
        return screening is null || participant is null
            ? Redirect(CultureLinks.Local("/join?code=" + Uri.EscapeDataString(code)))
            : Redirect(CultureLinks.Local("/s/" + screening.Code + "?skip=" + statement.ToString()));
    }

    /// <summary>Reports a statement to the moderators, then shows another one.</summary>
    public async Task<IActionResult> OnPostFlagAsync(string code, Guid statement, CancellationToken cancellationToken)
    {
        var (screening, participant) = await FindAsync(code, cancellationToken);
        if (screening is null || participant is null)
        {
            return Redirect(CultureLinks.Local("/join?code=" + Uri.EscapeDataString(code)));
        }

        await dialogue.FlagAsync(screening, participant.Value, statement, cancellationToken);
        return Redirect(CultureLinks.Local("/s/" + screening.Code + "?notice=flagged&skip=" + statement.ToString()));
    }

    /// <summary>A participant's own statement (max 140 characters, in the phone's language).</summary>
    public async Task<IActionResult> OnPostProposeAsync(string code, string? text, CancellationToken cancellationToken)
    {
        var (screening, participant) = await FindAsync(code, cancellationToken);
        if (screening is null || participant is null)
        {
            return Redirect(CultureLinks.Local("/join?code=" + Uri.EscapeDataString(code)));
        }

        var outcome = await dialogue.ProposeAsync(screening, participant.Value, text, LocalizationExtensions.CurrentCulture().Name, cancellationToken);
        var notice = outcome switch
        {
            AudienceDialogue.ProposeOutcome.Accepted => "accepted",
            AudienceDialogue.ProposeOutcome.Invalid => "invalid",
            AudienceDialogue.ProposeOutcome.Closed => "closed",
            AudienceDialogue.ProposeOutcome.Invisible => "invisible",
            AudienceDialogue.ProposeOutcome.DirectionControl => "direction",
            _ => "pending",
        };
        return Redirect(CultureLinks.Local("/s/" + screening.Code + "?notice=" + notice));
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        var (screening, participant) = await FindAsync(code, cancellationToken);
        if (screening is null || participant is null)
        {
            return Redirect(CultureLinks.Local("/join?code=" + Uri.EscapeDataString(code)));
        }

        var form = await Request.ReadFormAsync(cancellationToken);
        var phase = SurveyPhases.Parse(form["phase"]);
        var questionnaire = await catalog.ForScreeningAsync(screening.QuestionnaireVersionId, cancellationToken);
        var answers = SurveyForm.Read(form, questionnaire.Definition);
        if (phase is null || !Guid.TryParse(form["answerSet"], out var id) || !Guid.TryParse(form["version"], out var version))
        {
            await PrepareAsync(screening, participant.Value, null, new Dictionary<string, string>(), cancellationToken);
            return Page();
        }

        var token = Request.Cookies[JoinScreening.CookieName(screening.Code)];
        var result = await submit.HandleAsync(screening.Code, token, new SubmitAnswers.Command(id, phase.Value, version, answers), cancellationToken);
        if (result.Acknowledged)
        {
            return Redirect(CultureLinks.Local("/s/" + screening.Code + "?sent=true"));
        }

        Response.StatusCode = result.Outcome == SubmitAnswers.Outcome.Invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        await PrepareAsync(screening, participant.Value, phase, answers, cancellationToken, result.Errors, id);
        return Page();
    }

    private async Task<(AudienceScreening? Screening, Guid? Participant)> FindAsync(string code, CancellationToken cancellationToken)
    {
        var screening = await sessions.ScreeningAsync(code, cancellationToken, fresh: true);
        if (screening is null || !screening.Open)
        {
            return (null, null);
        }

        var participant = await sessions.ParticipantAsync(screening.Id, Request.Cookies[JoinScreening.CookieName(screening.Code)], cancellationToken);
        return (screening, participant);
    }

    private async Task PrepareAsync(
        AudienceScreening screening, Guid participant, SurveyPhase? failedPhase, IReadOnlyDictionary<string, string> values,
        CancellationToken cancellationToken, IReadOnlyList<string>? errors = null, Guid? answerSetId = null)
    {
        Code = screening.Code;
        Title = screening.Title;
        Stage = screening.Stage;
        var answered = await sessions.AnsweredAsync(participant, cancellationToken);
        var phase = failedPhase ?? (!answered.Contains(SurveyPhase.Profile) ? SurveyPhase.Profile : screening.OpenPhase);
        Showing = phase switch
        {
            SurveyPhase.Profile => View.Profile,
            SurveyPhase p when answered.Contains(p) && failedPhase is null => View.Thanks,
            SurveyPhase => View.Survey,
            null => screening.Stage switch
            {
                AudienceStage.Films => View.Films,
                AudienceStage.Dialogue => View.Dialogue,
                _ => View.Waiting,
            },
        };

        if (Showing is View.Profile or View.Survey)
        {
            var questionnaire = await catalog.ForScreeningAsync(screening.QuestionnaireVersionId, cancellationToken);
            var culture = LocalizationExtensions.CurrentCulture().Name;
            var community = await sessions.CommunityAsync(participant, cancellationToken);
            Form = new SurveyForm(questionnaire, phase!.Value, culture, community, answerSetId ?? Guid.CreateVersion7(), values, errors ?? [],
                phase == SurveyPhase.Profile ? "Continue" : "Send answers");
        }
    }
}
