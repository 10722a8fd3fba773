using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Shared;

/// <summary>The one rule of every staff form: what could not be read is an error on the form, never a default.</summary>
public static class FormInput
{
    public const string NothingSaved = "Part of what was sent could not be read, so nothing was saved. Check the marked fields.";

    /// <summary>
    /// True when model binding (or a data annotation) refused part of the post. A line saying that nothing
    /// was saved is added to the form's summary, so that a refused field without a message of its own
    /// (a hidden field, a check box) is still reported. The handler then shows the form again.
    /// <paramref name="fieldsWithOwnMessage"/>: fields whose message the page shows next to them; when only
    /// these were refused, no extra line is added.
    /// </summary>
    public static bool HasUnreadableInput(this PageModel page, params string[] fieldsWithOwnMessage)
    {
        if (page.ModelState.IsValid)
        {
            return false;
        }

        var unshown = page.ModelState.Any(e => e.Value!.ValidationState == ModelValidationState.Invalid && !fieldsWithOwnMessage.Contains(e.Key, StringComparer.Ordinal));
        if (unshown && !(page.ModelState.TryGetValue(string.Empty, out var form) && form.Errors.Count > 0))
        {
            var l = page.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            page.ModelState.AddModelError(string.Empty, l[NothingSaved]);
        }

        return true;
    }
}
