using System.Security.Claims;
using Kinodialog.Core.Accounts;
using Kinodialog.Core.Localization;
using Kinodialog.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Handbook;

/// <summary>What every handbook page needs to know about the reader.</summary>
public abstract class HandbookPageModel : PageModel
{
    public bool CanWrite => StaffRoles.HandbookWriters.Any(User.IsInRole);

    public bool CanPublish => StaffRoles.HandbookEditors.Any(User.IsInRole);

    protected StaffAuthor? CurrentAuthor()
    {
        var id = User.FindFirstValue(ClaimTypes.NameIdentifier);
        return id is null ? null : new StaffAuthor(Guid.Parse(id), User.FindFirstValue(StaffClaimsFactory.DisplayNameClaim) ?? User.Identity?.Name ?? "");
    }

    /// <summary>The culture named by a {lang} route segment (en, hy, az, ru), or null.</summary>
    protected static SupportedCulture? LanguageFromRoute(string? lang) =>
        SupportedCultures.All.FirstOrDefault(c => string.Equals(c.UrlSegment, lang, StringComparison.Ordinal));
}
