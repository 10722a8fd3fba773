using Kinodialog.Core.Screenings;
using Kinodialog.Core.Surveys;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Surveys;

/// <summary>
/// The audience member's phone page: the optional profile, then whatever the facilitator has
/// opened (pre-survey, films, post-survey, dialogue). Plain form posts; audience.js adds an
/// offline outbox and follows the stage without reloading by hand.
/// </summary>
public sealed class AudienceModel(AudienceSessions sessions, QuestionnaireCatalog catalog, SubmitAnswers submit) : PageModel
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

    public async Task<IActionResult> OnGetAsync(string code, bool sent, CancellationToken cancellationToken)
    {
        var (screening, participant) = await FindAsync(code, cancellationToken);
        if (screening is null || participant is null)
        {
            return Redirect(CultureLinks.Local("/join?code=" + Uri.EscapeDataString(code)));
        }

        JustSent = sent;
        await PrepareAsync(screening, participant.Value, null, new Dictionary<string, string>(), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        var (screening, participant) = await FindAsync(code, cancellationToken);
        if (screening is null || participant is null)
        {
            return Redirect(CultureLinks.Local("/join?code=" + Uri.EscapeDataString(code)));
        }

        var form = await Request.ReadFormAsync(cancellationToken);
        var phase = SurveysApi.ParsePhase(form["phase"]);
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
