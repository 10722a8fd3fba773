using System.Globalization;
using System.Text;
using Kinodialog.Core.Localization;
using Kinodialog.Core.Opinions;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>Import a Polis open-data export (a zip of its folder, or its CSV files) as a read-only dialogue.</summary>
[Authorize(Policy = Policies.OrganiseScreenings)]
[RequestSizeLimit(4 * ImportPolisDialogue.MaxBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = 4 * ImportPolisDialogue.MaxBytes)]
public sealed class ImportModel(ImportPolisDialogue import, IStringLocalizer<DialogueResource> l) : PageModel
{
    /// <summary>Problems, each in the reader's language with its file and line.</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Culture { get; set; }

    public void OnGet() => Culture ??= LocalizationExtensions.CurrentCulture().Name;

    public async Task<IActionResult> OnPostAsync(IFormFile? archive, IFormFile? comments, IFormFile? votes, IFormFile? summary, CancellationToken cancellationToken)
    {
        if (SupportedCultures.Find(Culture) is null)
        {
            Errors = [l["Choose the language the statements are written in."]];
            return Page();
        }

        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in new[] { archive, comments, votes, summary })
        {
            if (file is { Length: > ImportPolisDialogue.MaxBytes })
            {
                Errors = [l["{0} is {1} MB; the limit is {2} MB.", file.FileName, file.Length / 1_048_576, ImportPolisDialogue.MaxBytes / 1_048_576]];
                return Page();
            }
        }

        if (archive is { Length: > 0 })
        {
            await using var stream = archive.OpenReadStream();
            var unzipped = ImportPolisDialogue.Unzip(stream);
            if (unzipped is null)
            {
                Errors = [l["{0} is not a zip archive.", archive.FileName]];
                return Page();
            }

            foreach (var (name, text) in unzipped)
            {
                files[name] = text;
            }
        }

        foreach (var (file, name) in new[] { (comments, PolisImport.CommentsFile), (votes, PolisImport.VotesFile), (summary, PolisImport.SummaryFile) })
        {
            if (file is { Length: > 0 })
            {
                using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
                files[name] = await reader.ReadToEndAsync(cancellationToken);
            }
        }

        var result = await import.HandleAsync(
            new ImportPolisDialogue.Command(Title, Culture, files.GetValueOrDefault(PolisImport.CommentsFile), files.GetValueOrDefault(PolisImport.VotesFile), files.GetValueOrDefault(PolisImport.SummaryFile)),
            User,
            cancellationToken);
        if (result.ScreeningId is not Guid id)
        {
            Errors = result.Errors.Select(Describe).ToList();
            if (result.Errors.Count >= PolisImport.MaxErrors)
            {
                Errors = [.. Errors, l["Only the first {0} problems are listed.", PolisImport.MaxErrors]];
            }

            return Page();
        }

        return Redirect(CultureLinks.Local($"/screenings/{id}/dialogue"));
    }

    /// <summary>One problem in the reader's language: which file, which line, which column, what was found.</summary>
    public string Describe(PolisImportError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        string what = error.Problem switch
        {
            PolisImportProblem.EmptyFile => l["the file is missing or empty"],
            PolisImportProblem.MissingColumn => l["the column “{0}” is missing from the first line", error.Column ?? ""],
            PolisImportProblem.ShortRow => l["this row has only {0} fields, fewer than the first line names", error.Value ?? ""],
            PolisImportProblem.UnterminatedQuote => l["a quoted field starts here and is never closed"],
            PolisImportProblem.BadQuote => l["the column “{0}” has a stray quote: a quoted field must start and end with a quote", error.Column ?? ""],
            PolisImportProblem.RowTooLong => l["this row is too long to read (over 16 million characters); a quote is probably never closed"],
            PolisImportProblem.NotANumber => l["“{0}” must be a whole number, not “{1}”", error.Column ?? "", error.Value ?? ""],
            PolisImportProblem.BadVote => l["a vote must be 1 (agree), -1 (disagree) or 0 (pass), not “{0}”", error.Value ?? ""],
            PolisImportProblem.BadModeration => l["“moderated” must be 1, 0 or -1, not “{0}”", error.Value ?? ""],
            PolisImportProblem.UnknownComment => l["comment {0} is not in comments.csv", error.Value ?? ""],
            PolisImportProblem.DuplicateComment => l["comment {0} appears twice", error.Value ?? ""],
            PolisImportProblem.EmptyText => l["the comment has no text"],
            PolisImportProblem.TextTooLong => l["the comment is {0} characters long; the limit is {1}", error.Value ?? "", ImportPolisDialogue.MaxStatementLength],
            _ => l["there are no comments"],
        };
        return error.Line > 0
            ? l["{0}, line {1}: {2}.", error.File, error.Line.ToString(CultureInfo.CurrentCulture), what]
            : l["{0}: {1}.", error.File, what];
    }
}
