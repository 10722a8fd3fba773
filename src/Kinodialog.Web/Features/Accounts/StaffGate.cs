using Kinodialog.Web.Infrastructure.Errors;
using Kinodialog.Web.Infrastructure.Localization;

namespace Kinodialog.Web.Features.Accounts;

/// <summary>
/// Keeps a signed-in person who still has something to do before using the site (change a one-time
/// password, enrol an authenticator) on the page where they do it: every other page redirects there and
/// every API answers 403 until it is done. Signing out always works.
/// </summary>
public static class StaffGate
{
    /// <summary>Claim present while the password is a one-time password.</summary>
    public const string PasswordChangeRequired = "kd:password-change-required";

    /// <summary>Claim present while a role that requires two-factor sign-in has no authenticator enrolled.</summary>
    public const string TwoFactorEnrolmentRequired = "kd:two-factor-enrolment-required";

    public const string ChangePasswordPath = "/account/password";

    public const string EnrolPath = "/account/two-factor";

    public static IApplicationBuilder UseStaffGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var target = user.HasClaim(c => c.Type == PasswordChangeRequired) ? ChangePasswordPath
            : user.HasClaim(c => c.Type == TwoFactorEnrolmentRequired) ? EnrolPath
            : null;
        if (target is null || IsAllowed(context.Request.Path, target))
        {
            await next(context);
            return;
        }

        if (context.Request.IsApiRequest() || context.Request.Path.StartsWithSegments("/media", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var culture = LocalizationExtensions.CurrentCulture();
        var returnUrl = HttpMethods.IsGet(context.Request.Method)
            ? (context.Request.PathBase + context.Request.Path + context.Request.QueryString).ToString()
            : $"/{culture.UrlSegment}/";
        context.Response.Redirect($"/{culture.UrlSegment}{target}?returnUrl={Uri.EscapeDataString(returnUrl)}");
    });

    /// <summary>The page to go to, sign-out, and (for enrolment) the pages under it; path is <c>/{culture}/…</c>.</summary>
    private static bool IsAllowed(PathString path, string target)
    {
        var value = path.Value ?? "";
        var second = value.IndexOf('/', 1);
        var rest = second < 0 ? "" : value[second..];
        return string.Equals(rest, target, StringComparison.OrdinalIgnoreCase)
            || rest.StartsWith(target + "/", StringComparison.OrdinalIgnoreCase)
            || string.Equals(rest, "/account/sign-out", StringComparison.OrdinalIgnoreCase);
    }
}
