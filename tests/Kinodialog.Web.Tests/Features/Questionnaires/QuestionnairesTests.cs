using System.Net;
using Kinodialog.Core.Surveys;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Questionnaires;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Questionnaires.QuestionnaireTestKit;
using static Kinodialog.Web.Tests.Features.Screenings.ScreeningTestKit;

namespace Kinodialog.Web.Tests.Features.Questionnaires;

public abstract class QuestionnairesTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task Only_programme_staff_and_administrators_may_edit_questionnaires()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var id = await CreateAsync(programme, "Access check");
        var home = await programme.GetOkPageAsync("/en/films");
        Assert.NotNull(home.QuerySelector("nav.main-nav a[href='/en/questionnaires']"));

        foreach (var role in new[] { Roles.Organiser, Roles.Translator })
        {
            using var other = await TestClient.SignedInAsync(factory, role);
            foreach (var url in new[] { "/en/questionnaires", EditUrl(id), $"/en/questionnaires/{id}/preview" })
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await other.Http.GetAsync(url)).StatusCode);
            }

            Assert.Null((await other.GetOkPageAsync("/en/films")).QuerySelector("nav.main-nav a[href='/en/questionnaires']"));
        }

        using var admin = await TestClient.SignedInAsync(factory, Roles.Admin);
        await admin.GetOkPageAsync(EditUrl(id));
        using var anonymous = TestClient.Create(factory);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.Http.GetAsync(EditUrl(id))).StatusCode);
    }

    [Fact]
    public async Task A_questionnaire_made_from_the_default_is_edited_refused_for_a_missing_Armenian_label_then_published_and_read_only()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var id = await CreateAsync(programme, "Youth evenings 2031");
        var row = await factory.WithDbAsync(db => db.QuestionnaireVersions.Where(v => v.Id == id)
            .Join(db.Questionnaires, v => v.QuestionnaireId, q => q.Id, (v, q) => new { q.Key, v.Number, v.PublishedAt }).SingleAsync());
        Assert.Equal(("youth-evenings-2031", 1, (DateTime?)null), (row.Key, row.Number, row.PublishedAt));

        // Change a label and add a question.
        var form = (await BrowserForm.LoadAsync(programme, EditUrl(id), Editor)).WithAllTitles("Youth evenings");
        var trust = form.IndexOf("Input.Questions", "Id", "trust");
        form.Set($"Input.Questions[{trust}].Labels[0]", "How far do you trust ordinary {other}?");
        var added = await form.PostAsync(programme, "add-question");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("saved=true", added.Headers.Location!.OriginalString, StringComparison.Ordinal);

        form = await BrowserForm.LoadAsync(programme, EditUrl(id), Editor);
        var hope = form.IndexOf("Input.Questions", "Id", "question-14");
        Assert.Equal("How far do you trust ordinary {other}?", form.Get($"Input.Questions[{trust}].Labels[0]"));
        form.Set($"Input.Questions[{hope}].Id", "hope").Set($"Input.Questions[{hope}].When", "Post")
            .Set($"Input.Questions[{hope}].Labels[0]", "Do you feel more hopeful now?")
            .Set($"Input.Questions[{hope}].Labels[2]", "İndi daha ümidlisinizmi?")
            .Set($"Input.Questions[{hope}].Labels[3]", "Чувствуете ли вы теперь больше надежды?");
        Assert.Equal(HttpStatusCode.Redirect, (await form.PostAsync(programme, $"add-choice:{hope}")).StatusCode);
        form = await BrowserForm.LoadAsync(programme, EditUrl(id), Editor);
        Assert.Equal(HttpStatusCode.Redirect, (await form.PostAsync(programme, $"add-choice:{hope}")).StatusCode);
        form = await BrowserForm.LoadAsync(programme, EditUrl(id), Editor);
        Assert.Equal("hope", form.Get($"Input.Questions[{hope}].Id"));
        var choices = new[] { ("yes", "Yes", "Այո", "Bəli", "Да"), ("no", "No", "Ոչ", "Xeyr", "Нет") };
        for (var j = 0; j < choices.Length; j++)
        {
            var (code, en, hy, az, ru) = choices[j];
            form.Set($"Input.Questions[{hope}].Choices[{j}].Code", code)
                .Set($"Input.Questions[{hope}].Choices[{j}].Labels[0]", en).Set($"Input.Questions[{hope}].Choices[{j}].Labels[1]", hy)
                .Set($"Input.Questions[{hope}].Choices[{j}].Labels[2]", az).Set($"Input.Questions[{hope}].Choices[{j}].Labels[3]", ru);
        }

        var saved = await form.PostAsync(programme, "save");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // Publishing names the question and the language of the missing label.
        form = await BrowserForm.LoadAsync(programme, EditUrl(id), Editor);
        var refused = await form.PostAsync(programme, "publish");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = TestClient.Parse(await refused.Content.ReadAsStringAsync());
        var issues = page.QuerySelectorAll("[data-testid=publish-issues] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(["Question “hope”: the label in Հայերեն is missing."], issues);
        Assert.Null(await factory.WithDbAsync(db => db.QuestionnaireVersions.Where(v => v.Id == id).Select(v => v.PublishedAt).SingleAsync()));

        // The Armenian message, in Armenian.
        var armenian = await BrowserForm.LoadAsync(programme, EditUrl(id, "hy"), Editor);
        var inArmenian = TestClient.Parse(await (await armenian.PostAsync(programme, "publish")).Content.ReadAsStringAsync());
        Assert.Equal("«hope» հարց․ Հայերեն տեքստը բացակայում է։", inArmenian.QuerySelector("[data-testid=publish-issues] li")!.TextContent.Trim());

        form = BrowserForm.Read(inArmenian, Editor, EditUrl(id, "hy"));
        form.Set($"Input.Questions[{hope}].Labels[1]", "Հիմա ավելի շատ հույս ունե՞ք։");
        var published = await form.PostAsync(programme, "publish");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);

        var definition = QuestionnaireDefinition.FromJson(await DefinitionAsync(factory, id));
        Assert.Equal("How far do you trust ordinary {other}?", definition.Find("trust")!.Labels["en"]);
        var question = definition.Find("hope")!;
        Assert.Equal((QuestionType.SingleChoice, QuestionTiming.Post), (question.Type, question.When));
        Assert.Equal(["yes", "no"], question.Choices.Select(c => c.Code));
        Assert.Equal("Ոչ", question.Choices[1].Labels["hy"]);
        Assert.NotNull(await factory.WithDbAsync(db => db.QuestionnaireVersions.Where(v => v.Id == id).Select(v => v.PublishedAt).SingleAsync()));
        var catalog = await factory.WithServicesAsync(sp => sp.GetRequiredService<QuestionnaireCatalog>().ListPublishedAsync(CancellationToken.None));
        Assert.Contains(catalog, v => v.VersionId == id);

        // A published version is shown read-only, and a save is refused.
        var readOnly = await programme.GetOkPageAsync(EditUrl(id));
        Assert.Null(readOnly.QuerySelector("[data-testid=save]"));
        Assert.Null(readOnly.QuerySelector("[data-testid=publish]"));
        Assert.NotNull(readOnly.QuerySelector("form[data-testid=editor] fieldset[disabled]"));
        var before = await DefinitionAsync(factory, id);
        var change = form.Set($"Input.Questions[{hope}].Labels[0]", "Changed after publication");
        var refusedChange = await change.PostAsync(programme, "save");
        Assert.Equal(HttpStatusCode.Conflict, refusedChange.StatusCode);
        Assert.NotNull(TestClient.Parse(await refusedChange.Content.ReadAsStringAsync()).QuerySelector("[data-testid=refused]"));
        Assert.Equal(before, await DefinitionAsync(factory, id));

        // The preview shows the phone's form with {other} substituted for the chosen community and language.
        var preview = await programme.GetOkPageAsync($"/en/questionnaires/{id}/preview?culture=ru&community=azerbaijani&phase=pre");
        Assert.Contains("армянам", preview.QuerySelector("[data-q=trust] legend")!.TextContent, StringComparison.Ordinal);
        Assert.Null(preview.QuerySelector("[data-q=hope]"));
        Assert.NotNull(preview.QuerySelector("[data-testid=preview-form] fieldset[disabled]"));
        var post = await programme.GetOkPageAsync($"/en/questionnaires/{id}/preview?culture=hy&community=armenian&phase=post");
        Assert.Equal("Հիմա ավելի շատ հույս ունե՞ք։", post.QuerySelector("[data-q=hope] legend")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_new_draft_from_a_published_version_gets_the_next_number_and_the_published_version_stays_unchanged()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var v1 = await CreatePublishedAsync(programme, "Draft numbering");
        var original = await DefinitionAsync(factory, v1);

        var response = await programme.PostWithTokenFromAsync("/en/questionnaires", $"/en/questionnaires?handler=Draft&versionId={v1}", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var v2 = Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^2]);
        var draft = await factory.WithDbAsync(db => db.QuestionnaireVersions.SingleAsync(v => v.Id == v2));
        Assert.Equal((2, (DateTime?)null, original), (draft.Number, draft.PublishedAt, draft.Definition));

        var form = await BrowserForm.LoadAsync(programme, EditUrl(v2), Editor);
        form.Set($"Input.Questions[{form.IndexOf("Input.Questions", "Id", "warmth")}].Labels[0]", "A new wording");
        Assert.Equal(HttpStatusCode.Redirect, (await form.PostAsync(programme, "save")).StatusCode);
        Assert.Contains("A new wording", await DefinitionAsync(factory, v2), StringComparison.Ordinal);
        Assert.Equal(original, await DefinitionAsync(factory, v1));

        // At most one draft per questionnaire: asking again leads to the existing one.
        var again = await programme.PostWithTokenFromAsync("/en/questionnaires", $"/en/questionnaires?handler=Draft&versionId={v1}", []);
        Assert.Equal(EditUrl(v2) + "?existing=true", again.Headers.Location!.OriginalString);
        var questionnaireId = draft.QuestionnaireId;
        Assert.Equal(2, await factory.WithDbAsync(db => db.QuestionnaireVersions.CountAsync(v => v.QuestionnaireId == questionnaireId)));

        var list = await programme.GetOkPageAsync("/en/questionnaires");
        var row = list.QuerySelector("tr[data-key=draft-numbering]")!;
        Assert.Equal(["2:draft", "1:published"], row.QuerySelectorAll("[data-testid=version]").Select(v => v.GetAttribute("data-number") + ":" + v.GetAttribute("data-status")));
        Assert.Null(row.QuerySelector("[data-testid=new-draft]"));
    }

    [Fact]
    public async Task Publishing_a_new_version_of_the_default_questionnaire_makes_it_the_default()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var catalog = () => factory.WithServicesAsync(sp => sp.GetRequiredService<QuestionnaireCatalog>().DefaultAsync(CancellationToken.None));
        var current = await catalog();

        var response = await programme.PostWithTokenFromAsync("/en/questionnaires", $"/en/questionnaires?handler=Draft&versionId={current.VersionId}", []);
        var draft = Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^2].Split('?')[0]);
        var form = await BrowserForm.LoadAsync(programme, EditUrl(draft), Editor);
        Assert.Equal(HttpStatusCode.Redirect, (await form.PostAsync(programme, "publish")).StatusCode);

        var next = await catalog();
        Assert.Equal((draft, current.Number + 1), (next.VersionId, next.Number));
    }

    [Fact]
    public async Task The_better_end_of_each_scale_is_shown_kept_and_changed_in_the_editor()
    {
        // Issue 15: results say "improved" only if the questionnaire says which end of a scale is closer.
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var id = await CreateAsync(programme, "Better ends");
        var form = await BrowserForm.LoadAsync(programme, EditUrl(id), Editor);
        var distance = form.IndexOf("Input.Questions", "Id", "distance");
        var trust = form.IndexOf("Input.Questions", "Id", "trust");
        Assert.Equal(("Lower", "Higher"), (form.Get($"Input.Questions[{distance}].Better"), form.Get($"Input.Questions[{trust}].Better")));

        Assert.Equal(HttpStatusCode.Redirect, (await form.Set($"Input.Questions[{trust}].Better", "Lower").PostAsync(programme, "save")).StatusCode);
        var stored = QuestionnaireDefinition.FromJson(await DefinitionAsync(factory, id));
        Assert.Equal((BetterEnd.Lower, BetterEnd.Lower, BetterEnd.Higher, BetterEnd.Lower), (stored.Find("trust")!.Better, stored.Find("distance")!.Better, stored.Find("warmth")!.Better, stored.Find("unease")!.Better));

        var refused = await (await BrowserForm.LoadAsync(programme, EditUrl(id), Editor)).Set($"Input.Questions[{trust}].Better", "sideways").PostAsync(programme, "save");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Question “trust”: choose which end of the scale is better.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(BetterEnd.Lower, QuestionnaireDefinition.FromJson(await DefinitionAsync(factory, id)).Find("trust")!.Better);
    }

    [Fact]
    public async Task A_stale_save_is_refused_and_the_editor_keeps_what_was_typed()
    {
        using var ani = await TestClient.SignedInAsync(factory, Roles.Programme);
        using var leyla = await TestClient.SignedInAsync(factory, Roles.Programme);
        var id = await CreateAsync(ani, "Concurrent edits");
        var first = await BrowserForm.LoadAsync(ani, EditUrl(id), Editor);
        var second = await BrowserForm.LoadAsync(leyla, EditUrl(id), Editor);

        Assert.Equal(HttpStatusCode.Redirect, (await first.Set("Input.Titles[1]", "Առաջին").PostAsync(ani, "save")).StatusCode);
        var stale = await second.Set("Input.Titles[3]", "Второй вариант").PostAsync(leyla, "save");

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = TestClient.Parse(await stale.Content.ReadAsStringAsync());
        Assert.NotNull(page.QuerySelector("[data-testid=conflict]"));
        var kept = BrowserForm.Read(page, Editor, EditUrl(id));
        Assert.Equal("Второй вариант", kept.Get("Input.Titles[3]"));
        var stored = QuestionnaireDefinition.FromJson(await DefinitionAsync(factory, id));
        Assert.Equal("Առաջին", stored.Titles["hy"]);
        Assert.False(stored.Titles.ContainsKey("ru"));

        // Saving again, knowingly, replaces the other save.
        Assert.Equal(HttpStatusCode.Redirect, (await kept.PostAsync(leyla, "save")).StatusCode);
        Assert.Equal("Второй вариант", QuestionnaireDefinition.FromJson(await DefinitionAsync(factory, id)).Titles["ru"]);
    }

    [Fact]
    public async Task A_value_that_is_not_a_number_is_named_in_a_field_error_and_nothing_saved_is_lost()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var id = await CreateAsync(programme, "Malformed input");
        var before = await DefinitionAsync(factory, id);
        var form = await BrowserForm.LoadAsync(programme, EditUrl(id), Editor);
        var trust = form.IndexOf("Input.Questions", "Id", "trust");
        form.Set($"Input.Questions[{trust}].Choices[1].Value", "two").Set($"Input.Questions[{trust}].Labels[0]", "Typed but not saved");

        var response = await form.PostAsync(programme, "save");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = TestClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Question “trust”, choice “2”: the value “two” is not a number.", page.QuerySelector("[data-testid=field-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("the value “two”", page.QuerySelector($"[data-valmsg-for='Input.Questions[{trust}].Choices[1].Value']")!.TextContent, StringComparison.Ordinal);
        var kept = BrowserForm.Read(page, Editor, EditUrl(id));
        Assert.Equal(("two", "Typed but not saved"), (kept.Get($"Input.Questions[{trust}].Choices[1].Value"), kept.Get($"Input.Questions[{trust}].Labels[0]")));
        Assert.Equal(before, await DefinitionAsync(factory, id));
    }

    [Fact]
    public async Task Structural_buttons_move_and_remove_questions_choices_and_items()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var id = await CreateAsync(programme, "Buttons");
        async Task<QuestionnaireDefinition> PressAsync(Func<BrowserForm, string> op)
        {
            var form = await BrowserForm.LoadAsync(programme, EditUrl(id), Editor);
            Assert.Equal(HttpStatusCode.Redirect, (await form.PostAsync(programme, op(form))).StatusCode);
            return QuestionnaireDefinition.FromJson(await DefinitionAsync(factory, id));
        }

        var ids = QuestionnaireDefinition.FromJson(await DefinitionAsync(factory, id)).Questions.Select(q => q.Id).ToList();
        var moved = await PressAsync(f => "up:" + f.IndexOf("Input.Questions", "Id", "trust"));
        Assert.Equal(ids.IndexOf("trust") - 1, moved.Questions.ToList().FindIndex(q => q.Id == "trust"));
        moved = await PressAsync(f => "down:" + f.IndexOf("Input.Questions", "Id", "trust"));
        Assert.Equal(ids, moved.Questions.Select(q => q.Id));

        var removed = await PressAsync(f => "remove-question:" + f.IndexOf("Input.Questions", "Id", "fair"));
        Assert.Null(removed.Find("fair"));
        var choice = await PressAsync(f => $"remove-choice:{f.IndexOf("Input.Questions", "Id", "again")}:1");
        Assert.Equal(["yes", "no", "prefer-not"], choice.Find("again")!.Choices.Select(c => c.Code));
        var item = await PressAsync(f => $"add-item:{f.IndexOf("Input.Questions", "Id", "traits")}");
        Assert.Equal(["friendly", "trustworthy", "peaceful", "item-4"], item.Find("traits")!.ItemList.Select(i => i.Code));
        item = await PressAsync(f => $"remove-item:{f.IndexOf("Input.Questions", "Id", "traits")}:0");
        Assert.Equal(["trustworthy", "peaceful", "item-4"], item.Find("traits")!.ItemList.Select(i => i.Code));

        // Skip logic is picked from the choices of earlier questions.
        var form = await BrowserForm.LoadAsync(programme, EditUrl(id), Editor);
        var page = await programme.GetOkPageAsync(EditUrl(id));
        var again = form.IndexOf("Input.Questions", "Id", "again");
        var options = page.QuerySelectorAll($"select[name='Input.Questions[{again}].ShowIf'] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains("community=armenian", options);
        Assert.DoesNotContain(options, o => o!.StartsWith("safe=", StringComparison.Ordinal));
        form.Set($"Input.Questions[{again}].ShowIf", "business=approve");
        Assert.Equal(HttpStatusCode.Redirect, (await form.PostAsync(programme, "save")).StatusCode);
        Assert.Equal(new SkipCondition("business", "approve"), QuestionnaireDefinition.FromJson(await DefinitionAsync(factory, id)).Find("again")!.ShowIf);
    }

    [Fact]
    public async Task A_long_questionnaire_is_not_stopped_by_the_default_limit_of_1024_form_fields()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var id = await CreateAsync(programme, "Long form");
        var form = await BrowserForm.LoadAsync(programme, EditUrl(id), Editor);
        for (var i = 0; form.Fields.Count <= 2_000; i++)
        {
            form.Set($"Input.Questions[0].Choices[{i + 10}].Code", "c" + i);
        }

        var response = await form.PostAsync(programme, "save");

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_screening_uses_the_chosen_published_version_and_the_choice_is_fixed_once_answers_exist()
    {
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var version = await CreatePublishedAsync(programme, "Screening choice");
        var draft = await CreateAsync(programme, "Not yet published");
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var screening = await PlanAsync(organiser, await FilmsAsync(factory, 1));
        var url = $"/en/screenings/{screening}/edit";
        Assert.Null(await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == screening).Select(s => s.QuestionnaireVersionId).SingleAsync()));

        var form = await BrowserForm.LoadAsync(organiser, url, "form.stacked-form");
        Assert.Equal("", form.Get("Input.QuestionnaireVersionId"));
        var page = await organiser.GetOkPageAsync(url);
        var options = page.QuerySelectorAll("select[name='Input.QuestionnaireVersionId'] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains(version.ToString(), options);
        Assert.DoesNotContain(draft.ToString(), options);

        var refused = await form.Set("Input.QuestionnaireVersionId", draft.ToString()).PostAsync(organiser);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Choose a published questionnaire version.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await form.Set("Input.QuestionnaireVersionId", version.ToString()).PostAsync(organiser)).StatusCode);
        Assert.Equal(version, await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == screening).Select(s => s.QuestionnaireVersionId).SingleAsync()));

        // One answer set fixes the choice.
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        await factory.WithDbAsync(async db =>
        {
            var participant = new Participant { ScreeningId = screening, TokenHash = "test-" + Guid.NewGuid().ToString("N"), Culture = "en", JoinedAt = now };
            db.Participants.Add(participant);
            db.SurveyResponses.Add(new SurveyResponse
            {
                Id = Guid.CreateVersion7(),
                ScreeningId = screening,
                ParticipantId = participant.Id,
                QuestionnaireVersionId = version,
                Phase = SurveyPhase.Pre,
                Source = ResponseSource.Phone,
                ReceivedAt = now,
                Answers = """{"trust":"3"}""",
            });
            return await db.SaveChangesAsync();
        });

        page = await organiser.GetOkPageAsync(url);
        Assert.Null(page.QuerySelector("select[name='Input.QuestionnaireVersionId']"));
        Assert.Contains("Screening choice", page.QuerySelector("[data-testid=questionnaire-locked]")!.TextContent, StringComparison.Ordinal);
        form = await BrowserForm.LoadAsync(organiser, url, "form.stacked-form");
        var locked = await form.Set("Input.QuestionnaireVersionId", "").PostAsync(organiser);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("can no longer be changed", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(version, await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == screening).Select(s => s.QuestionnaireVersionId).SingleAsync()));

        // The rest of the plan can still be changed.
        form = await BrowserForm.LoadAsync(organiser, url, "form.stacked-form");
        Assert.Equal(HttpStatusCode.Redirect, (await form.Set("Input.Title", "Renamed evening").PostAsync(organiser)).StatusCode);
        var saved = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == screening).Select(s => new { s.Title, s.QuestionnaireVersionId }).SingleAsync());
        Assert.Equal(("Renamed evening", (Guid?)version), (saved.Title, saved.QuestionnaireVersionId));
    }
}

public sealed class QuestionnairesTestsOnSqlite(SqliteFactory factory) : QuestionnairesTests<SqliteFactory>(factory);

public sealed class QuestionnairesTestsOnPostgres(PostgresFactory factory) : QuestionnairesTests<PostgresFactory>(factory);
