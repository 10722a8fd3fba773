using Kinodialog.Core.Surveys;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Questionnaires;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Surveys;

/// <summary>Typing in paper forms after the screening: the card's code, then the answers.</summary>
[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class PaperModel(GetScreening get, QuestionnaireCatalog catalog, EnterPaperAnswers enter) : PageModel
{
    public ScreeningView Screening { get; private set; } = null!;

    public SurveyPhase Phase { get; private set; } = SurveyPhase.Pre;

    public SurveyForm? Profile { get; private set; }

    public SurveyForm Form { get; private set; } = null!;

    public string? Code { get; private set; }

    public string? CodeError { get; private set; }

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? phase, bool saved, CancellationToken cancellationToken)
    {
        Saved = saved;
        return await LoadAsync(id, SurveyPhases.Parse(phase) ?? SurveyPhase.Pre, new Dictionary<string, string>(), [], null, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? code, string? phase, Guid answerSet, CancellationToken cancellationToken)
    {
        var chosen = SurveyPhases.Parse(phase) is SurveyPhase.Post ? SurveyPhase.Post : SurveyPhase.Pre;
        var screening = await get.HandleAsync(id, User, LocalizationExtensions.CurrentCulture().Name, cancellationToken);
        if (screening is null)
        {
            return NotFound();
        }

        var questionnaire = await catalog.ForScreeningAsync(screening.QuestionnaireVersionId, cancellationToken);
        var answers = SurveyForm.Read(await Request.ReadFormAsync(cancellationToken), questionnaire.Definition);
        var result = await enter.HandleAsync(id, new EnterPaperAnswers.Command(code, chosen, answerSet == Guid.Empty ? Guid.CreateVersion7() : answerSet, answers), User, cancellationToken);
        if (result.Saved)
        {
            return Redirect(CultureLinks.Local($"/screenings/{id}/paper?phase={SurveyPhases.Name(chosen)}&saved=true"));
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        Code = code;
        CodeError = result.CodeError;
        await LoadAsync(id, chosen, answers, result.Errors, answerSet, cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, SurveyPhase phase, IReadOnlyDictionary<string, string> values, IReadOnlyList<string> errors, Guid? answerSet, CancellationToken cancellationToken)
    {
        var culture = LocalizationExtensions.CurrentCulture().Name;
        var screening = await get.HandleAsync(id, User, culture, cancellationToken);
        if (screening is null)
        {
            return false;
        }

        Screening = screening;
        Phase = phase == SurveyPhase.Post ? SurveyPhase.Post : SurveyPhase.Pre;
        var questionnaire = await catalog.ForScreeningAsync(screening.QuestionnaireVersionId, cancellationToken);
        var set = answerSet ?? Guid.CreateVersion7();
        Profile = Phase == SurveyPhase.Pre ? new SurveyForm(questionnaire, SurveyPhase.Profile, culture, null, set, values, [], "", HiddenFields: false) : null;
        Form = new SurveyForm(questionnaire, Phase, culture, null, set, values, errors, "", HiddenFields: false);
        return true;
    }
}
