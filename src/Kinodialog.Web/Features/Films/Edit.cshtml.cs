using Kinodialog.Core.Localization;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Shared;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Films;

[Authorize(Policy = Policies.ManageFilms)]
public sealed class EditModel(GetFilm get, SaveFilm save) : PageModel
{
    public const int BlankCreditRows = 3;

    public sealed class TextInput
    {
        public string Culture { get; set; } = "";

        public string? Title { get; set; }

        public string? Synopsis { get; set; }

        public string? DiscussionQuestions { get; set; }

        public string? SuggestedStatements { get; set; }
    }

    public sealed class CreditInput
    {
        public string Role { get; set; } = "director";

        public string? Name { get; set; }

        public string? Pseudonym { get; set; }

        public bool ConsentToName { get; set; }
    }

    public sealed class FilmInput
    {
        public string Slug { get; set; } = "";

        public int? Year { get; set; }

        public bool IsPublished { get; set; }

        public List<TextInput> Texts { get; set; } = [];

        public List<string> Themes { get; set; } = [];

        public List<string> ContentNotes { get; set; } = [];

        public List<CreditInput> Credits { get; set; } = [];
    }

    [BindProperty]
    public FilmInput Input { get; set; } = new();

    public bool IsNew { get; private set; }

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? slug, bool saved, CancellationToken cancellationToken)
    {
        IsNew = slug is null;
        if (slug is not null)
        {
            var found = await get.MetadataAsync(slug, cancellationToken);
            if (found is null)
            {
                return NotFound();
            }

            var m = found.Value.Metadata;
            Input = new FilmInput
            {
                Slug = m.Slug,
                Year = m.Year,
                IsPublished = m.IsPublished,
                Texts = m.Texts.Select(t => new TextInput { Culture = t.Culture, Title = t.Title, Synopsis = t.Synopsis, DiscussionQuestions = t.DiscussionQuestions, SuggestedStatements = t.SuggestedStatements }).ToList(),
                Themes = [.. m.Themes],
                ContentNotes = [.. m.ContentNotes],
                Credits = m.Credits.Select(c => new CreditInput { Role = c.Role, Name = c.Name, Pseudonym = c.Pseudonym, ConsentToName = c.ConsentToName }).ToList(),
            };
        }

        Saved = saved;
        Normalise();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? slug, CancellationToken cancellationToken)
    {
        IsNew = slug is null;
        Guid? id = null;
        if (slug is not null)
        {
            var found = await get.MetadataAsync(slug, cancellationToken);
            if (found is null)
            {
                return NotFound();
            }

            id = found.Value.Id;
        }

        // A year that is not a number (or a check box that is not true/false) is an error, never "no year".
        if (this.HasUnreadableInput())
        {
            Normalise();
            return Page();
        }

        var metadata = new FilmMetadata(
            Input.Slug ?? "",
            Input.Year,
            Input.IsPublished,
            Input.Texts.Select(t => new FilmText(t.Culture, t.Title ?? "", t.Synopsis ?? "", t.DiscussionQuestions ?? "", t.SuggestedStatements ?? "")).ToList(),
            Input.Themes,
            Input.ContentNotes,
            Input.Credits.Where(c => !string.IsNullOrWhiteSpace(c.Name))
                .Select(c => new FilmCreditInput(c.Role, c.Name!, c.Pseudonym, c.ConsentToName)).ToList());
        var result = await save.HandleAsync(new SaveFilm.Command(id, metadata), cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var (field, message) in result.Errors)
            {
                ModelState.AddModelError(field.Length == 0 ? "" : "Input." + field, message);
            }

            Normalise();
            return Page();
        }

        return Redirect(CultureLinks.Local($"/films/{metadata.Slug.Trim()}/edit?saved=true"));
    }

    /// <summary>One text block per language in the usual order, and a few empty credit rows.</summary>
    private void Normalise()
    {
        Input.Texts = SupportedCultures.All
            .Select(c => Input.Texts.FirstOrDefault(t => t.Culture == c.Name) ?? new TextInput { Culture = c.Name })
            .ToList();
        Input.Credits = Input.Credits.Where(c => !string.IsNullOrWhiteSpace(c.Name)).ToList();
        for (var i = 0; i < BlankCreditRows; i++)
        {
            Input.Credits.Add(new CreditInput());
        }
    }
}
