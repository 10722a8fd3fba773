using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>The facilitator's dialogue page: seed, translate, moderate, blocklist.</summary>
[Authorize(Policy = Policies.TranslateStatements)]
public sealed class ModerateModel(DialogueModeration moderation, Accounts.StaffAuditLog audit) : PageModel
{
    public ModerationView View { get; private set; } = null!;

    /// <summary>Why the last seed or translation was refused: "statement-invisible", "translation-direction"…</summary>
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? error, CancellationToken cancellationToken)
    {
        Error = error;
        var view = await moderation.LoadAsync(id, User, cancellationToken, LocalizationExtensions.CurrentCulture().Name);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        return Page();
    }

    /// <summary>The moderation queue alone (the page's script swaps it in when the screening changes).</summary>
    public async Task<IActionResult> OnGetQueueAsync(Guid id, CancellationToken cancellationToken)
    {
        var view = await moderation.LoadAsync(id, User, cancellationToken, LocalizationExtensions.CurrentCulture().Name);
        return view is null || view.Imported ? NotFound() : Partial("_ModerationQueue", view);
    }

    public async Task<IActionResult> OnPostDismissAsync(Guid id, Guid statement, CancellationToken cancellationToken) =>
        Done(id, await moderation.DismissReportsAsync(id, User, statement, cancellationToken));

    public async Task<IActionResult> OnPostSeedAsync(Guid id, string? text, string? culture, bool meta, CancellationToken cancellationToken) =>
        Done(id, "statement", await moderation.SeedAsync(id, User, text, culture, meta, cancellationToken));

    public async Task<IActionResult> OnPostSeedSuggestedAsync(Guid id, Guid film, int? index, CancellationToken cancellationToken) =>
        Done(id, await moderation.SeedSuggestedAsync(id, User, film, index, cancellationToken));

    /// <summary>Adds or corrects a translation; a refused text comes back with the reason, in the page's language.</summary>
    public async Task<IActionResult> OnPostTranslateAsync(Guid id, Guid statement, string? culture, string? text, CancellationToken cancellationToken) =>
        await moderation.TranslateAsync(id, User, statement, culture, text, cancellationToken) switch
        {
            TranslationOutcome.Saved => Done(id, true),
            TranslationOutcome.Invisible => Redirect(CultureLinks.Local($"/screenings/{id}/dialogue?error=translation-invisible")),
            TranslationOutcome.DirectionControl => Redirect(CultureLinks.Local($"/screenings/{id}/dialogue?error=translation-direction")),
            TranslationOutcome.TooLong => Redirect(CultureLinks.Local($"/screenings/{id}/dialogue?error=translation-too-long")),
            _ => NotFound(),
        };

    public async Task<IActionResult> OnPostStatusAsync(Guid id, Guid statement, StatementStatus status, CancellationToken cancellationToken) =>
        Done(id, await moderation.SetStatusAsync(id, User, statement, status, cancellationToken));

    public async Task<IActionResult> OnPostBanAsync(Guid id, Guid statement, CancellationToken cancellationToken) =>
        Done(id, await moderation.BanAsync(id, User, statement, cancellationToken));

    public async Task<IActionResult> OnPostUnbanAsync(Guid id, Guid statement, CancellationToken cancellationToken) =>
        Done(id, await moderation.UnbanAsync(id, User, statement, cancellationToken));

    public async Task<IActionResult> OnPostAddTermAsync(Guid id, string? culture, string? term, CancellationToken cancellationToken) =>
        Done(id, "term", await moderation.AddTermAsync(id, User, culture, term, cancellationToken));

    public async Task<IActionResult> OnPostRemoveTermAsync(Guid id, Guid term, CancellationToken cancellationToken)
    {
        var removed = await moderation.RemoveTermAsync(id, User, term, cancellationToken);
        if (removed)
        {
            await audit.RecordAsync(Accounts.StaffAuditActions.Deleted, User, detail: $"blocklist term {term}, screening {id}");
        }

        return Done(id, removed);
    }

    public async Task<IActionResult> OnPostPostModerationAsync(Guid id, bool on, CancellationToken cancellationToken) =>
        Done(id, await moderation.SetPostModerationAsync(id, User, on, cancellationToken));

    /// <summary>A post whose values could not be read (not a statement's id, not on/off) changes nothing.</summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (HttpMethods.IsPost(context.HttpContext.Request.Method) && !context.ModelState.IsValid
            && context.RouteData.Values.TryGetValue("id", out var id))
        {
            context.Result = Redirect(CultureLinks.Local($"/screenings/{id}/dialogue?error=unreadable"));
            return;
        }

        await next();
    }

    /// <summary>Back to the page, with the reason (<c>?error=statement-empty</c> and so on) when the input could not be saved.</summary>
    private IActionResult Done(Guid id, string field, InputOutcome outcome)
    {
        var reason = outcome switch
        {
            InputOutcome.Saved or InputOutcome.NotFound => null,
            InputOutcome.Empty => "empty",
            InputOutcome.TooLong => "too-long",
            InputOutcome.Invisible => "invisible",
            InputOutcome.DirectionControl => "direction",
            _ => "language",
        };
        return reason is null
            ? Done(id, outcome == InputOutcome.Saved)
            : Redirect(CultureLinks.Local($"/screenings/{id}/dialogue?error={field}-{reason}"));
    }

    private IActionResult Done(Guid id, bool ok) =>
        ok ? Redirect(CultureLinks.Local($"/screenings/{id}/dialogue")) : NotFound();
}
