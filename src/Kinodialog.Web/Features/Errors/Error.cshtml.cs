using System.Diagnostics;
using System.Globalization;
using Kinodialog.Web.Features.Shared;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Errors;

/// <summary>The friendly, localised page shown for 4xx/5xx responses to people (not to API clients).</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ErrorModel(IStringLocalizer<SharedResource> s) : PageModel
{
    public string Heading { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public string? RequestId { get; private set; }

    public void OnGet() => Describe(Status());

    public void OnPost() => Describe(Status());

    /// <summary>
    /// The status of the failed request, from the re-execution or the route (/error/404) only: never
    /// bound from the form or query of the failed request, which may carry a field named "code".
    /// </summary>
    private int? Status()
    {
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is { } reExecuted)
        {
            return reExecuted.OriginalStatusCode;
        }

        return int.TryParse(Convert.ToString(RouteData.Values["code"], CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    private void Describe(int? code)
    {
        var status = code ?? StatusCodes.Status500InternalServerError;
        if (status is < 400 or > 599)
        {
            status = StatusCodes.Status404NotFound;
        }

        Response.StatusCode = status;
        (Heading, Explanation) = status switch
        {
            StatusCodes.Status400BadRequest => (s["The request could not be understood"], s["Something in the form or link was not valid. Go back, reload the page and try again."]),
            StatusCodes.Status401Unauthorized => (s["Please sign in"], s["This page is for staff accounts. Sign in and try again."]),
            StatusCodes.Status403Forbidden => (s["You do not have access to this page"], s["Your account does not have the role this page needs. Ask an administrator if you think it should."]),
            StatusCodes.Status404NotFound => (s["Page not found"], s["There is no page at this address. It may have been moved, unpublished or mistyped."]),
            StatusCodes.Status429TooManyRequests => (s["Too many attempts"], s["Please wait a little before trying again."]),
            >= 500 => (s["Something went wrong on our side"], s["The error has been logged. Please try again in a moment; what you had saved before is safe."]),
            _ => (s["The request could not be completed"], s["Go back and try again."]),
        };
        RequestId = status >= 500 ? Activity.Current?.Id ?? HttpContext.TraceIdentifier : null;
    }
}
