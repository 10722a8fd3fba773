using Kinodialog.Core.Accounts;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Accounts;

/// <summary>Role names and what each role may do, in the reader's language.</summary>
public static class RoleNames
{
    public static string Name(IStringLocalizer<AccountsResource> l, string role) => role switch
    {
        StaffRoles.Admin => l["Administrator"],
        StaffRoles.Programme => l["Programme staff"],
        StaffRoles.Organiser => l["Organiser"],
        StaffRoles.Translator => l["Translator"],
        _ => role,
    };

    public static string Hint(IStringLocalizer<AccountsResource> l, string role) => role switch
    {
        StaffRoles.Admin => l["Creates and disables accounts and assigns roles."],
        StaffRoles.Programme => l["Curates the film library and the handbook; sees all screenings."],
        StaffRoles.Organiser => l["Plans and runs their own screenings."],
        StaffRoles.Translator => l["Translates subtitles and texts."],
        _ => "",
    };
}
