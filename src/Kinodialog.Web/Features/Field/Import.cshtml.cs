using Kinodialog.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Field;

/// <summary>Imports a results file from a USB stick (programme staff; an organiser for their own screenings).</summary>
[Authorize(Policy = Policies.OrganiseScreenings)]
[RequestSizeLimit(ResultsBundle.MaxFileBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = ResultsBundle.MaxFileBytes + (1024 * 1024))]
public sealed class ImportModel(ImportResultsFile import, IStringLocalizer<FieldResource> l) : PageModel
{
    public ImportResultsFile.Result? Result { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? passphrase, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            Result = new ImportResultsFile.Result(false, l["Choose the results file (.kdresults)."]);
            return Page();
        }

        if (file.Length > ResultsBundle.MaxFileBytes)
        {
            Result = new ImportResultsFile.Result(false, import.Refusal(BundleRefusal.TooLarge));
            return Page();
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        Result = await import.HandleAsync(buffer.ToArray(), passphrase, User, cancellationToken);
        return Page();
    }
}
