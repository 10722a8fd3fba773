using System.Globalization;
using Kinodialog.Core.Accounts;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Surveys;

/// <summary>Survey results of one screening: counts, then each question's paired statistics with charts.</summary>
[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class ResultsModel(SurveyResults results, DialogueSummaries dialogue) : PageModel
{
    /// <summary>The dialogue's summary (the same as on the projector at the end); null when nobody voted.</summary>
    public LiveSummary? Dialogue { get; private set; }

    public SurveyReport Report { get; private set; } = null!;

    public Guid Id { get; private set; }

    /// <summary>Row-level pairs: programme staff and administrators only, and only with at least k matched pairs.</summary>
    public bool CanExportPairs => StaffRoles.ScreeningOverseers.Any(User.IsInRole) && Kinodialog.Core.Surveys.Suppression.ScreeningMayBeShown(Report.Counts.Matched, Report.K);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var report = await results.ForScreeningAsync(id, User, LocalizationExtensions.CurrentCulture().Name, cancellationToken);
        if (report is null)
        {
            return NotFound();
        }

        Id = id;
        Report = report;
        var summary = await dialogue.HandleAsync(id, User, LocalizationExtensions.CurrentCulture().Name, cancellationToken);
        Dialogue = summary is { Votes: > 0 } ? summary : null;
        return Page();
    }

    /// <summary>The distributions the page shows, as CSV (the same disclosure; for whoever may see the page).</summary>
    public async Task<IActionResult> OnGetCsvAsync(Guid id, CancellationToken cancellationToken) =>
        await results.ResultsCsvForScreeningAsync(id, User, cancellationToken) is { } csv
            ? File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", "survey-results.csv")
            : NotFound();
}

/// <summary>Number formats for reports, in the reader's culture.</summary>
public static class ResultFormat
{
    public static string Number(double? value, string format = "0.00") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.CurrentCulture) : "–";

    public static string Change(double? value, string format = "+0.00;−0.00;0.00") => Number(value, format);

    /// <summary>"p = 0.034" or "p &lt; 0.001" (<see cref="Kinodialog.Core.Surveys.PValueFormat"/>).</summary>
    public static string P(double? p) => Kinodialog.Core.Surveys.PValueFormat.Format(p, CultureInfo.CurrentCulture);
}
