using Kinodialog.Core.Surveys;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Shared;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Questionnaires;

/// <summary>
/// The structured editor of a draft (a published version is shown read-only). The whole draft is one
/// form: every button posts it, the change is applied on the server and the page is shown again, so
/// it works without JavaScript.
/// </summary>
[Authorize(Policy = Policies.ManageQuestionnaires)]
[RequestFormLimits(ValueCountLimit = 20_000)]
public sealed class EditModel(GetQuestionnaireVersion get, SaveDraft save, IStringLocalizer<QuestionnairesResource> l) : PageModel
{
    public const string Prefix = nameof(Input);

    public QuestionnaireVersionView Version { get; private set; } = null!;

    [BindProperty]
    public DraftInput Input { get; set; } = new();

    [BindProperty]
    public Guid Revision { get; set; }

    public bool Saved { get; private set; }

    public bool Published { get; private set; }

    public bool ExistingDraft { get; private set; }

    public bool Conflict { get; private set; }

    public bool RefusedPublished { get; private set; }

    /// <summary>What stops publication, as sentences (empty when publishing was not tried or succeeded).</summary>
    public IReadOnlyList<string> Issues { get; private set; } = [];

    public bool ReadOnly => Version.IsPublished;

    public async Task<IActionResult> OnGetAsync(Guid versionId, bool saved, bool published, bool existing, CancellationToken cancellationToken)
    {
        if (await get.HandleAsync(versionId, cancellationToken) is not { } version)
        {
            return NotFound();
        }

        Version = version;
        Input = DraftInput.From(version.Definition);
        Revision = version.Revision;
        Saved = saved && !version.IsPublished;
        Published = published && version.IsPublished;
        ExistingDraft = existing;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid versionId, string? op, CancellationToken cancellationToken)
    {
        if (await get.HandleAsync(versionId, cancellationToken) is not { } version)
        {
            return NotFound();
        }

        Version = version;
        // What could not be read at all (the revision, a check box) is kept as an error; the rest of the
        // form is strings, shown again as typed.
        var unreadable = ModelState.Where(e => e.Value!.ValidationState == ModelValidationState.Invalid)
            .SelectMany(e => e.Value!.Errors.Select(error => (e.Key, error.ErrorMessage))).ToList();
        ModelState.Clear();
        if (version.IsPublished)
        {
            return RefusePublished(version);
        }

        if (unreadable.Count > 0)
        {
            foreach (var (key, message) in unreadable)
            {
                ModelState.AddModelError(key, message);
            }

            this.HasUnreadableInput();
            return Page();
        }

        op ??= "save";
        var focus = op is "save" or "publish" ? null : DraftForms.Apply(Input, op);
        var (definition, errors) = DraftForms.Read(Input, l, Prefix);
        if (errors.Count > 0)
        {
            // Nothing is saved: what was typed stays in the form, next to the messages.
            foreach (var error in errors)
            {
                ModelState.AddModelError(error.Field, error.Message);
            }

            return Page();
        }

        var result = await save.HandleAsync(new SaveDraft.Command(versionId, Revision, definition, op == "publish"), cancellationToken);
        switch (result.Outcome)
        {
            case SaveDraft.Outcome.Saved:
                // Post/Redirect/Get: a reload does not post again.
                return Redirect(CultureLinks.Local($"/questionnaires/{versionId}/edit?saved=true{(focus is { } q ? "#q-" + q : "")}"));
            case SaveDraft.Outcome.Published:
                return Redirect(CultureLinks.Local($"/questionnaires/{versionId}/edit?published=true"));
            case SaveDraft.Outcome.NotPublishable:
                Revision = result.Revision;
                Saved = true;
                Issues = result.Issues.Select(i => QuestionnaireText.Describe(l, i)).ToList();
                return Page();
            case SaveDraft.Outcome.Conflict:
                // Keep the editor's input; the next save is based on the revision now current.
                Conflict = true;
                Revision = result.Revision;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            case SaveDraft.Outcome.AlreadyPublished:
                return RefusePublished((await get.HandleAsync(versionId, cancellationToken))!);
            default:
                return NotFound();
        }
    }

    private PageResult RefusePublished(QuestionnaireVersionView version)
    {
        Version = version;
        Input = DraftInput.From(version.Definition);
        Revision = version.Revision;
        RefusedPublished = true;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>The choices of earlier questions a question can depend on: ("id=code", "id: label").</summary>
    public IReadOnlyList<(string Question, IReadOnlyList<(string Value, string Text)> Choices)> SkipOptions(int index)
    {
        var culture = Infrastructure.Localization.LocalizationExtensions.CurrentCulture();
        var position = Core.Localization.SupportedCultures.All.ToList().IndexOf(culture);
        return Input.Questions.Take(index)
            .Where(q => !string.IsNullOrWhiteSpace(q.Id) && q.Choices.Count > 0)
            .Select(q => (q.Id!.Trim(), (IReadOnlyList<(string, string)>)q.Choices
                .Where(c => !string.IsNullOrWhiteSpace(c.Code))
                .Select(c => (q.Id!.Trim() + "=" + c.Code!.Trim(), c.Code!.Trim() + (c.Labels.ElementAtOrDefault(position) is { Length: > 0 } label ? " – " + label : "")))
                .ToList()))
            .ToList();
    }

    public static IReadOnlyList<QuestionType> Types { get; } = Enum.GetValues<QuestionType>();

    public static IReadOnlyList<QuestionTiming> Timings { get; } = Enum.GetValues<QuestionTiming>();
}
