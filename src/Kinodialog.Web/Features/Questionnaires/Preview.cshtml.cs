using Kinodialog.Core.Localization;
using Kinodialog.Core.Surveys;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Questionnaires;

/// <summary>
/// A version's questions as phones show them (through the audience's own form partial, disabled),
/// for a chosen language, own community and phase, with <c>{other}</c> substituted.
/// </summary>
[Authorize(Policy = Policies.ManageQuestionnaires)]
public sealed class PreviewModel(GetQuestionnaireVersion get, IStringLocalizer<QuestionnairesResource> l) : PageModel
{
    public static IReadOnlyList<string> Phases { get; } = ["profile", "pre", "post"];

    public QuestionnaireVersionView Version { get; private set; } = null!;

    public SurveyForm Form { get; private set; } = null!;

    public SupportedCulture Culture { get; private set; } = SupportedCultures.Default;

    public string Community { get; private set; } = "";

    public string Phase { get; private set; } = "pre";

    /// <summary>What would stop publication, so that staff know the preview is not yet what phones will get.</summary>
    public IReadOnlyList<string> Issues { get; private set; } = [];

    /// <remarks>"culture" is also the route's language segment, so the preview's language is read from the query explicitly.</remarks>
    public async Task<IActionResult> OnGetAsync(Guid versionId, [FromQuery(Name = "culture")] string? language, string? community, string? phase, CancellationToken cancellationToken)
    {
        if (await get.HandleAsync(versionId, cancellationToken) is not { } version)
        {
            return NotFound();
        }

        Version = version;
        Culture = SupportedCultures.Find(language) ?? LocalizationExtensions.CurrentCulture();
        Community = community is "armenian" or "azerbaijani" ? community : "";
        Phase = Phases.Contains(phase, StringComparer.Ordinal) ? phase! : "pre";
        var surveyPhase = Phase switch
        {
            "profile" => SurveyPhase.Profile,
            "post" => SurveyPhase.Post,
            _ => SurveyPhase.Pre,
        };
        Issues = QuestionnaireRules.Validate(version.Definition, SaveDraft.Cultures).Select(i => QuestionnaireText.Describe(l, i)).ToList();
        var questionnaire = new PublishedQuestionnaire(version.Id, version.QuestionnaireId, version.Key, version.Number, Renderable(version.Definition));
        Form = new SurveyForm(questionnaire, surveyPhase, Culture.Name, Community.Length == 0 ? null : Community, Guid.Empty,
            new Dictionary<string, string>(StringComparer.Ordinal), [], l["Send answers"]);
        return Page();
    }

    /// <summary>A draft may point its skip logic at nothing yet; the form shows only conditions that resolve.</summary>
    private static QuestionnaireDefinition Renderable(QuestionnaireDefinition definition) => definition with
    {
        Questions = definition.Questions.Select(q => q.ShowIf is { } s && definition.Find(s.QuestionId)?.Choices.Any(c => c.Code == s.ChoiceCode) != true ? q with { ShowIf = null } : q).ToList(),
    };
}
