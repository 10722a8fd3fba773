using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Kinodialog.Web.Features.Handbook;
using Kinodialog.Web.Features.Shared;
using Kinodialog.Web.Infrastructure.Localization;
using Kinodialog.Web.Tests.Features.Questionnaires;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Screenings.ScreeningTestKit;

namespace Kinodialog.Web.Tests.Features.Shared;

/// <summary>
/// Every staff form, posted empty and with garbage in every field, in Armenian, Azerbaijani and Russian:
/// no English sentence comes back (none of the framework's message templates, none of our English
/// validation texts), and a form that is shown again says what is wrong.
/// </summary>
public sealed partial class FormLanguageTests(SqliteDemoFactory factory) : IClassFixture<SqliteDemoFactory>
{
    private const string Garbage = "abc¤";

    private static readonly string[] Cultures = ["hy", "az", "ru"];

    /// <summary>Pages with a post handler that are not staff forms, or whose fields are files: not posted here.</summary>
    private static readonly HashSet<string> NotStaffForms = new(StringComparer.Ordinal)
    {
        "Kinodialog.Web.Features.Errors.ErrorModel",              // no fields
        "Kinodialog.Web.Features.Accounts.SignOutModel",          // a button
        "Kinodialog.Web.Features.Audience.JoinModel",             // the audience's join form (tested in the join tests)
        "Kinodialog.Web.Features.Audience.PhoneModel",            // the phones' pages
        "Kinodialog.Web.Features.Stage.RunModel",                 // buttons of run mode
        "Kinodialog.Web.Features.Stage.PackModel",                // the join-address picker: one choice from a list (JoinAddressTests)
        "Kinodialog.Web.Features.Accounts.SignInCodeModel",       // one code field, mid-sign-in (TwoFactorTests)
        "Kinodialog.Web.Features.Accounts.TwoFactorModel",        // one code field of an enrolling account (TwoFactorTests)
        "Kinodialog.Web.Features.Dialogue.ImportModel",           // files
        "Kinodialog.Web.Features.Films.MediaModel",               // files
        "Kinodialog.Web.Features.Handbook.VersionModel",          // a restore button
        "Kinodialog.Web.Features.Surveys.PaperModel",             // per-question fields of a closed screening (paper tests)
        "Kinodialog.Web.Features.Field.ImportModel",              // a file and its passphrase
        "Kinodialog.Web.Features.Field.CheckoutModel",            // a laptop chosen from a list, and buttons (FieldSyncTests)
        "Kinodialog.Web.Features.Field.LaptopSetupModel",         // only on a field laptop: FieldFormLanguageTests
        "Kinodialog.Web.Features.Field.LaptopHomeModel",          // only on a field laptop: renditions chosen from a list, and buttons
        "Kinodialog.Web.Features.Field.LaptopSyncModel",          // only on a field laptop: FieldFormLanguageTests
    };

    /// <summary>The framework's English message templates (model binding and data annotations).</summary>
    private static readonly Regex[] EnglishTemplates =
    [
        EnglishTemplate(),
    ];

    private static readonly string[] OurEnglish =
    [
        ValidationMessages.EnterValue, ValidationMessages.EnterNumber, "is not a valid value here", ValidationMessages.NotValidUnknown,
        ValidationMessages.Email, FormInput.NothingSaved, "Enter your e-mail address.", "Enter your password.",
    ];

    [GeneratedRegex(
        @"The value '[^']*' is (not valid|invalid)|The \S+ field is required|The field \S+ must be|A value for the '[^']*' parameter|A value is required|The supplied value is invalid|is not a valid e-mail address|The value '[^']*' is not valid for",
        RegexOptions.CultureInvariant)]
    private static partial Regex EnglishTemplate();

    [Fact]
    public void Every_page_with_a_post_handler_is_either_posted_here_or_named_as_not_a_staff_form()
    {
        var pages = typeof(KinodialogApplication).Assembly.GetTypes()
            .Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract
                && t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)))
            .Select(t => t.FullName!)
            .ToList();
        var posted = FormPageTypes.ToHashSet(StringComparer.Ordinal);
        var unknown = pages.Where(p => !posted.Contains(p) && !NotStaffForms.Contains(p)).ToList();
        Assert.True(unknown.Count == 0, "Forms not covered by FormLanguageTests: " + string.Join(", ", unknown));
    }

    private static readonly string[] FormPageTypes =
    [
        "Kinodialog.Web.Features.Screenings.EditModel",
        "Kinodialog.Web.Features.Screenings.DetailsModel",
        "Kinodialog.Web.Features.Surveys.CardsModel",
        "Kinodialog.Web.Features.Dialogue.ModerateModel",
        "Kinodialog.Web.Features.Dialogue.BlocklistModel",
        "Kinodialog.Web.Features.Questionnaires.IndexModel",
        "Kinodialog.Web.Features.Questionnaires.EditModel",
        "Kinodialog.Web.Features.Films.EditModel",
        "Kinodialog.Web.Features.Handbook.NewModel",
        "Kinodialog.Web.Features.Handbook.EditModel",
        "Kinodialog.Web.Features.Handbook.ReviewModel",
        "Kinodialog.Web.Features.Accounts.SignInModel",
        "Kinodialog.Web.Features.Accounts.ChangePasswordModel",
        "Kinodialog.Web.Features.Accounts.Users.NewModel",
        "Kinodialog.Web.Features.Accounts.Users.EditModel",
        "Kinodialog.Web.Features.Field.DevicesModel",
    ];

    [Fact]
    public async Task Every_staff_form_posted_empty_or_with_garbage_answers_in_the_pages_language()
    {
        using var admin = await TestClient.SignedInAsync(factory, Roles.Admin);
        var films = await FilmsAsync(factory, 1);
        var screening = await PlanAsync(admin, films);
        var filmSlug = await factory.WithDbAsync(db => db.Films.Where(f => f.Id == films[0]).Select(f => f.Slug).SingleAsync());
        var chapter = await factory.WithDbAsync(db => db.HandbookChapters.OrderBy(c => c.Slug).Select(c => c.Slug).FirstAsync());
        var questionnaire = await QuestionnaireTestKit.CreateAsync(admin, "Forms in every language");
        var someone = await TestClient.CreateAccountAsync(factory, $"someone-{Guid.NewGuid():N}@example.org", "a long enough passphrase", Roles.Organiser);
        await ProposeRevisionsAsync(chapter, "hy", "az-Latn", "ru");

        var pages = new[]
        {
            "/screenings/new", $"/screenings/{screening}/edit", $"/screenings/{screening}", $"/screenings/{screening}/cards",
            $"/screenings/{screening}/dialogue", "/dialogue/blocklist", "/questionnaires", $"/questionnaires/{questionnaire}/edit",
            "/films/new", $"/films/{filmSlug}/edit", "/handbook/new", $"/handbook/{chapter}/edit/{{lang}}", $"/handbook/{chapter}/review/{{lang}}",
            "/account/password", "/admin/users/new", $"/admin/users/{someone}", "/field/devices",
        };
        var problems = new List<string>();
        foreach (var culture in Cultures)
        {
            foreach (var page in pages)
            {
                await CheckFormsAsync(admin, $"/{culture}{page.Replace("{lang}", culture, StringComparison.Ordinal)}", problems);
            }

            // Sign-in, as someone who is not signed in.
            using var visitor = TestClient.Create(factory);
            await CheckFormsAsync(visitor, $"/{culture}/account/sign-in", problems);
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Distinct()));
    }

    /// <summary>A translator's proposed revision of each published language, so that the review forms are shown.</summary>
    private async Task ProposeRevisionsAsync(string chapter, params string[] cultures)
    {
        foreach (var culture in cultures)
        {
            var revision = await factory.WithDbAsync(db => db.HandbookTranslations.Where(t => t.Chapter.Slug == chapter && t.Culture == culture).Select(t => t.Revision).SingleAsync());
            var proposed = await factory.WithServicesAsync(sp => sp.GetRequiredService<SaveChapterText>().HandleAsync(
                new SaveChapterText.Command(chapter, culture, "Proposal", "A proposed revision.", revision, false, null, new StaffAuthor(Guid.CreateVersion7(), "Translator"), PublishesDirectly: false),
                CancellationToken.None));
            Assert.Equal(HandbookChangeStatus.Proposed, proposed.Status);
        }
    }

    [Theory]
    [InlineData("hy", "")]
    [InlineData("hy", "abc")]
    [InlineData("ru", "")]
    [InlineData("ru", "abc")]
    [InlineData("az", "")]
    public async Task Discussion_minutes_left_empty_or_unreadable_are_an_error_and_never_the_default(string culture, string minutes)
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var films = await FilmsAsync(factory, 1);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.Title", "Minutes " + culture + minutes), new("Input.LocalStart", "2030-05-17T19:00"), new("Input.TimeZoneId", "Asia/Yerevan"),
            new("Input.Venue", "Hall"), new("Input.City", "Gyumri"), new("Input.Country", "Armenia"), new("Input.EventCulture", "hy"),
            new("Input.DiscussionMinutes", minutes), new("Input.AudienceType", "students"), new("Input.Status", "Planned"),
            new("Input.FilmIds[0]", films[0].ToString()),
        };

        // A new plan: nothing is created.
        var refused = await organiser.PostFormAsync($"/{culture}/screenings/new", fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = TestClient.Parse(await refused.Content.ReadAsStringAsync());
        var error = page.QuerySelector("[data-testid=discussion-error]")!.TextContent.Trim();
        Assert.NotEmpty(error);
        Assert.DoesNotContain("minutes", error, StringComparison.Ordinal); // not the English message
        Assert.DoesNotContain("Enter", error, StringComparison.Ordinal);
        Assert.NotEmpty(page.QuerySelectorAll(".validation-summary-errors li"));
        Assert.Equal(minutes, page.QuerySelector("#Input_DiscussionMinutes")!.GetAttribute("value") ?? "");
        Assert.False(await factory.WithDbAsync(db => db.Screenings.AnyAsync(s => s.Title == "Minutes " + culture + minutes)));

        // An existing plan: the stored 40 minutes stay.
        var id = await PlanAsync(organiser, films);
        var changed = await organiser.PostFormAsync($"/{culture}/screenings/{id}/edit", fields);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var stored = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => new { s.DiscussionMinutes, s.Title }).SingleAsync());
        Assert.Equal((40, "Evening of films"), (stored.DiscussionMinutes, stored.Title));
    }

    [Theory]
    [InlineData("hy")]
    [InlineData("az")]
    [InlineData("ru")]
    public async Task Framework_messages_are_never_in_the_markup_in_English(string culture)
    {
        using var visitor = TestClient.Create(factory);
        var html = await (await visitor.Http.GetAsync($"/{culture}/account/sign-in")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("field is required", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-val-", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);

        // RememberMe that is not true/false is an error in the page's language, not "The RememberMe field is required."
        var response = await visitor.PostFormAsync($"/{culture}/account/sign-in", new Dictionary<string, string> { ["Email"] = "a@example.org", ["Password"] = "x", ["RememberMe"] = Garbage });
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("RememberMe field", body, StringComparison.Ordinal);
        Assert.NotEmpty(TestClient.Parse(body).QuerySelectorAll(".validation-summary-errors li"));
    }

    internal static async Task CheckFormsAsync(TestClient client, string url, List<string> problems)
    {
        var (response, document) = await client.GetPageAsync(url);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            problems.Add($"GET {url}: {(int)response.StatusCode}");
            return;
        }

        var forms = document.Forms.Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)
            && !(f.GetAttribute("action") ?? "").Contains("sign-out", StringComparison.Ordinal)).ToList();
        if (forms.Count == 0)
        {
            problems.Add($"GET {url}: no form");
        }

        // One copy of the page: the antiforgery token holds for the whole session.
        foreach (var (form, i) in forms.Select((f, i) => (f, i)))
        {
            foreach (var value in new[] { "", Garbage })
            {
                var fields = Fields(form, value);
                var action = form.GetAttribute("action");
                var target = string.IsNullOrEmpty(action) ? url : action;
                var what = $"POST {target} (form {i}, {(value.Length == 0 ? "empty" : "garbage")})";
                var posted = await client.Http.PostAsync(target, new FormUrlEncodedContent(fields));
                var body = await posted.Content.ReadAsStringAsync();
                if (posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found && posted.Headers.Location is { } location)
                {
                    body = await (await client.Http.GetAsync(location)).Content.ReadAsStringAsync();
                }
                else if (posted.StatusCode != HttpStatusCode.OK)
                {
                    if ((int)posted.StatusCode >= 500)
                    {
                        problems.Add($"{what}: {(int)posted.StatusCode}");
                    }

                    continue;
                }

                Inspect(what, body, problems, expectErrors: posted.StatusCode == HttpStatusCode.OK && value.Length > 0 && fields.Count > 1);
            }
        }
    }

    private static void Inspect(string what, string html, List<string> problems, bool expectErrors)
    {
        var page = TestClient.Parse(html);
        var text = page.Body?.TextContent ?? "";
        var markup = page.DocumentElement.OuterHtml;
        foreach (var template in EnglishTemplates)
        {
            var match = template.Match(markup);
            if (match.Success)
            {
                problems.Add($"{what}: English framework message \"{match.Value}\"");
            }
        }

        foreach (var english in OurEnglish)
        {
            if (text.Contains(english, StringComparison.Ordinal))
            {
                problems.Add($"{what}: English \"{english}\"");
            }
        }

        if (markup.Contains("style=\"display:none\"", StringComparison.Ordinal))
        {
            problems.Add($"{what}: an inline style (refused by the Content-Security-Policy)");
        }

        if (expectErrors && !HasErrors(page))
        {
            problems.Add($"{what}: the form came back with no message");
        }
    }

    private static bool HasErrors(IHtmlDocument page) =>
        page.QuerySelectorAll(".validation-summary-errors li, .field-error, .alert-error, [role=alert]")
            .Any(e => !string.IsNullOrWhiteSpace(e.TextContent));

    /// <summary>Every field of the form (except its antiforgery token) set to <paramref name="value"/>.</summary>
    private static List<KeyValuePair<string, string>> Fields(IHtmlFormElement form, string value)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = element.GetAttribute("name")!;
            var type = element.GetAttribute("type") ?? "";
            if (name == "__RequestVerificationToken")
            {
                fields.Add(new(name, element.GetAttribute("value") ?? ""));
            }
            else if (type is "file" or "submit" or "button" or "image" or "reset")
            {
                continue;
            }
            else if (!fields.Any(f => f.Key == name))
            {
                fields.Add(new(name, value));
            }
        }

        // A button that carries a value ("op" in the questionnaire editor) is pressed with its own value.
        if (form.QuerySelector("button[name]") is { } button && !fields.Any(f => f.Key == button.GetAttribute("name")))
        {
            fields.Add(new(button.GetAttribute("name")!, button.GetAttribute("value") ?? ""));
        }

        return fields;
    }
}
