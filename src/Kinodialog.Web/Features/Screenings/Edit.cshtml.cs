using Kinodialog.Core.Screenings;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Features.Questionnaires;
using Kinodialog.Web.Features.Shared;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Screenings;

[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class EditModel(GetScreening get, SaveScreening save, ListFilms films, QuestionnaireCatalog questionnaires, GetScreeningQuestionnaire questionnaireChoice, IOptions<ScreeningsOptions> options, IStringLocalizer<ScreeningsResource> L) : PageModel
{
    public const int FilmSlots = 6;

    public static IReadOnlyList<string> AllZones { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.Id).Where(z => z.Contains('/', StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    public sealed class FormInput
    {
        public string Title { get; set; } = "";

        public DateTime? LocalStart { get; set; }

        public string TimeZoneId { get; set; } = "";

        public string? Venue { get; set; }

        public string? City { get; set; }

        public string? Country { get; set; }

        public bool IsPublic { get; set; }

        public string EventCulture { get; set; } = "en";

        public string? SubtitleCulture { get; set; }

        public List<string> AudienceCultures { get; set; } = [];

        /// <summary>No default here: a field that was left empty or could not be read is an error, never 45.</summary>
        public int? DiscussionMinutes { get; set; }

        public string? Facilitators { get; set; }

        public string AudienceType { get; set; } = "mixed";

        public int? ExpectedSize { get; set; }

        public ScreeningStatus Status { get; set; } = ScreeningStatus.Planned;

        public List<Guid?> FilmIds { get; set; } = [];

        /// <summary>A published questionnaire version, or null for the built-in default (latest).</summary>
        public Guid? QuestionnaireVersionId { get; set; }
    }

    [BindProperty]
    public FormInput Input { get; set; } = new();

    public const int DefaultDiscussionMinutes = 45;

    public bool IsNew { get; private set; }

    public IReadOnlyList<FilmListItem> Films { get; private set; } = [];

    public IReadOnlyList<PublishedQuestionnaire> Questionnaires { get; private set; } = [];

    /// <summary>Answers have been given, so the questionnaire can no longer be changed.</summary>
    public bool QuestionnaireLocked { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        IsNew = id is null;
        var culture = LocalizationExtensions.CurrentCulture().Name;
        Input.EventCulture = culture;
        Input.DiscussionMinutes = DefaultDiscussionMinutes;
        // An organiser whose screenings are in Yerevan starts the next plan in Yerevan; a first plan starts
        // in the programme's default zone (Screenings:DefaultTimeZone).
        Input.TimeZoneId = IsNew && await get.LastTimeZoneAsync(User, cancellationToken) is { } zone ? zone : options.Value.DefaultTimeZone;

        if (id is { } existing)
        {
            var s = await get.HandleAsync(existing, User, culture, cancellationToken);
            if (s is null)
            {
                return NotFound();
            }

            Input = new FormInput
            {
                Title = s.Title,
                LocalStart = s.LocalStart,
                TimeZoneId = s.TimeZoneId,
                Venue = s.Venue,
                City = s.City,
                Country = s.Country,
                IsPublic = s.Visibility == ScreeningVisibility.Public,
                EventCulture = s.EventCulture,
                SubtitleCulture = s.SubtitleCulture,
                AudienceCultures = s.AudienceCultures.ToList(),
                DiscussionMinutes = s.DiscussionMinutes,
                Facilitators = s.Facilitators,
                AudienceType = s.AudienceType,
                ExpectedSize = s.ExpectedSize,
                Status = s.Status,
                FilmIds = s.Films.Select(f => (Guid?)f.FilmId).ToList(),
                QuestionnaireVersionId = (await questionnaireChoice.HandleAsync(existing, cancellationToken)).VersionId,
            };
        }

        await PrepareAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        IsNew = id is null;
        if (id is { } existing && await get.HandleAsync(existing, User, LocalizationExtensions.CurrentCulture().Name, cancellationToken) is null)
        {
            // Someone else's screening: 404 as for a GET, before anything (errors, a locked questionnaire) is shown.
            return NotFound();
        }

        // A field that could not be read (or was left empty) is an error on the form: nothing is saved
        // with a value the person did not enter.
        if (Input.DiscussionMinutes is null && ModelState.GetFieldValidationState("Input.DiscussionMinutes") != ModelValidationState.Invalid)
        {
            ModelState.AddModelError("Input.DiscussionMinutes", L["Plan between 0 and 600 minutes of discussion."]);
        }

        if (this.HasUnreadableInput())
        {
            await PrepareAsync(id, cancellationToken);
            return Page();
        }

        var input = new ScreeningInput(
            Input.Title ?? "", Input.LocalStart, Input.TimeZoneId ?? "", Input.Venue ?? "", Input.City ?? "", Input.Country ?? "", Input.IsPublic,
            Input.EventCulture ?? "", Input.SubtitleCulture, Input.DiscussionMinutes!.Value, Input.Facilitators ?? "", Input.AudienceType ?? "", Input.ExpectedSize,
            Input.Status, Input.FilmIds.Where(f => f is not null).Select(f => f!.Value).ToList(), Input.QuestionnaireVersionId, Input.AudienceCultures);
        var result = await save.HandleAsync(id, input, User, cancellationToken);
        if (result.Id is null)
        {
            if (id is not null && result.Errors.ContainsKey(""))
            {
                return NotFound();
            }

            foreach (var (field, message) in result.Errors)
            {
                ModelState.AddModelError("Input." + field, message);
            }

            await PrepareAsync(id, cancellationToken);
            return Page();
        }

        return Redirect(CultureLinks.Local($"/screenings/{result.Id}"));
    }

    private async Task PrepareAsync(Guid? id, CancellationToken cancellationToken)
    {
        Films = await films.HandleAsync(new ListFilms.Query(LocalizationExtensions.CurrentCulture().Name), cancellationToken);
        Questionnaires = await questionnaires.ListPublishedAsync(cancellationToken);
        if (id is { } existing && await questionnaireChoice.HandleAsync(existing, cancellationToken) is { Locked: true } choice)
        {
            QuestionnaireLocked = true;
            Input.QuestionnaireVersionId = choice.VersionId;
        }

        while (Input.FilmIds.Count < FilmSlots)
        {
            Input.FilmIds.Add(null);
        }
    }
}
