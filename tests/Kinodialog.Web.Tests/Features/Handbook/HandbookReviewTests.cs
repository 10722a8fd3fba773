using System.Globalization;
using System.Net;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Tests.Features.Handbook;

/// <summary>Issue 14: a Translator's edit to a published language waits for Programme staff's review.</summary>
public abstract class HandbookReviewTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private const string ApprovedAzerbaijani = "İştirakçıların adları heç yerdə dərc edilmir.";
    private const string Inflammatory = "Bu mətn heç vaxt oxuculara çatmamalıdır.";

    private static string NewSlug() => "review-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A chapter published in English and Azerbaijani by Programme staff; returns the Programme client.</summary>
    private async Task<TestClient> PublishedChapterAsync(string slug)
    {
        var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        var created = await programme.PostFormAsync("/en/handbook/new", new Dictionary<string, string>
        {
            ["Slug"] = slug,
            ["SourceCulture"] = "en",
            ["Title"] = "Participant safety",
            ["Markdown"] = "Participants' names are never published.",
            ["SortOrder"] = "10",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(programme, slug, "az", "İştirakçıların təhlükəsizliyi", ApprovedAzerbaijani, 0, matchesSource: true)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await programme.PostFormAsync($"/en/handbook/{slug}/edit/en", [], handler: "Publish")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await programme.PostFormAsync($"/en/handbook/{slug}/edit/az", [], handler: "Publish")).StatusCode);
        return programme;
    }

    private static async Task<HttpResponseMessage> SaveAsync(TestClient client, string slug, string lang, string title, string markdown, int baseRevision, bool matchesSource = false, string note = "")
    {
        var fields = new Dictionary<string, string>
        {
            ["Title"] = title,
            ["Markdown"] = markdown,
            ["BaseRevision"] = baseRevision.ToString(CultureInfo.InvariantCulture),
            ["Note"] = note,
        };
        if (matchesSource)
        {
            fields["MatchesSource"] = "true";
        }

        return await client.PostFormAsync($"/en/handbook/{slug}/edit/{lang}", fields);
    }

    private static async Task<string> ReadAzerbaijaniAsync(TestClient reader, string slug) =>
        (await reader.GetOkPageAsync($"/az/handbook/{slug}")).QuerySelector(".prose")!.TextContent.Trim();

    private static Task<HttpResponseMessage> DecideAsync(TestClient client, string slug, string handler, int proposal, int revision, string? note = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["ProposalNumber"] = proposal.ToString(CultureInfo.InvariantCulture),
            ["Revision"] = revision.ToString(CultureInfo.InvariantCulture),
        };
        if (note is not null)
        {
            fields["ReviewNote"] = note;
        }

        return client.PostFormAsync($"/en/handbook/{slug}/review/az", fields, handler);
    }

    private Task<Kinodialog.Data.Entities.HandbookProposal?> ProposalAsync(string slug) =>
        factory.WithDbAsync(db => db.HandbookProposals.AsNoTracking().SingleOrDefaultAsync(p => p.Translation.Chapter.Slug == slug && p.Translation.Culture == "az-Latn"));

    [Fact]
    public async Task A_translators_edit_of_a_published_language_does_not_reach_readers_before_review()
    {
        var slug = NewSlug();
        using var programme = await PublishedChapterAsync(slug);
        using var translator = await TestClient.SignedInAsync(factory, Roles.Translator);
        using var reader = TestClient.Create(factory);

        var edit = await translator.GetOkPageAsync($"/en/handbook/{slug}/edit/az");
        Assert.NotNull(edit.QuerySelector("[data-testid=review-needed]"));
        var saved = await SaveAsync(translator, slug, "az", "İştirakçıların təhlükəsizliyi", Inflammatory, 1, matchesSource: true);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith("?proposed=true", saved.Headers.Location!.OriginalString, StringComparison.Ordinal);

        Assert.Equal(ApprovedAzerbaijani, await ReadAzerbaijaniAsync(reader, slug));
        var api = await reader.Http.GetStringAsync($"/api/handbook/{slug}?culture=az");
        Assert.DoesNotContain(Inflammatory, api, StringComparison.Ordinal);
        Assert.Equal(1, await factory.WithDbAsync(db => db.HandbookTranslations.Where(t => t.Chapter.Slug == slug && t.Culture == "az-Latn").Select(t => t.Revision).SingleAsync()));

        // Staff see that a revision awaits review, and what it changes.
        var chapter = await programme.GetOkPageAsync($"/en/handbook/{slug}");
        var pending = chapter.QuerySelector("[data-testid=pending-review] a");
        Assert.NotNull(pending);
        Assert.Equal($"/en/handbook/{slug}/review/az", pending.GetAttribute("href"));
        var index = await programme.GetOkPageAsync("/en/handbook");
        Assert.Contains(index.QuerySelectorAll("[data-testid=review-link]"), a => a.GetAttribute("href") == $"/en/handbook/{slug}/review/az");
        var review = await programme.GetOkPageAsync($"/en/handbook/{slug}/review/az");
        Assert.Equal(ApprovedAzerbaijani, review.QuerySelector("[data-testid=diff] .diff-removed del")!.TextContent);
        Assert.Equal(Inflammatory, review.QuerySelector("[data-testid=diff] .diff-added ins")!.TextContent);
        Assert.Contains(Inflammatory, review.QuerySelector("[data-testid=proposal] .prose")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(review.QuerySelector("[data-testid=approve]"));
        Assert.NotNull(review.QuerySelector("[data-testid=send-back]"));

        // The translator sees the notice too, and continues from the proposal, not from the published text.
        var again = await translator.GetOkPageAsync($"/en/handbook/{slug}/edit/az");
        Assert.NotNull(again.QuerySelector("[data-testid=proposal-pending]"));
        Assert.Equal(Inflammatory, again.QuerySelector("textarea[name=Markdown]")!.TextContent.Trim());
        Assert.NotNull(chapter.QuerySelector("[data-testid=chapter]"));
    }

    [Fact]
    public async Task Approval_publishes_the_proposal_as_a_version_by_its_translator_and_is_audited()
    {
        var slug = NewSlug();
        using var programme = await PublishedChapterAsync(slug);
        using var translator = await TestClient.SignedInAsync(factory, Roles.Translator);
        using var reader = TestClient.Create(factory);
        const string better = "İştirakçıların adları və şəkilləri heç yerdə dərc edilmir.";
        await SaveAsync(translator, slug, "az", "İştirakçıların təhlükəsizliyi", better, 1, matchesSource: true, note: "şəkillər əlavə olundu");

        var approved = await DecideAsync(programme, slug, "Approve", 1, 1);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);

        Assert.Equal(better, await ReadAzerbaijaniAsync(reader, slug));
        var version = await factory.WithDbAsync(db => db.HandbookVersions.AsNoTracking()
            .Where(v => v.Translation.Chapter.Slug == slug && v.Translation.Culture == "az-Latn").OrderByDescending(v => v.Number).FirstAsync());
        Assert.Equal((2, better, "Test Translator", "şəkillər əlavə olundu"), (version.Number, version.Markdown, version.AuthorName, version.Note));
        Assert.Equal(Kinodialog.Data.Entities.HandbookProposalState.Approved, (await ProposalAsync(slug))!.State);
        Assert.Null((await programme.GetOkPageAsync($"/en/handbook/{slug}")).QuerySelector("[data-testid=pending-review]"));

        // Approving again (a second click, a stale form) changes nothing.
        var reviewUrl = $"/en/handbook/{slug}/review/az";
        var again = await programme.PostWithTokenFromAsync(reviewUrl, reviewUrl + "?handler=Approve", new() { ["ProposalNumber"] = "1", ["Revision"] = "1" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, await factory.WithDbAsync(db => db.HandbookTranslations.Where(t => t.Chapter.Slug == slug && t.Culture == "az-Latn").Select(t => t.Revision).SingleAsync()));

        var audit = await factory.WithDbAsync(db => db.StaffAuditEvents.AsNoTracking()
            .Where(e => e.Detail != null && e.Detail.Contains(slug)).ToListAsync());
        var approval = Assert.Single(audit);
        Assert.Equal("handbook-revision-approved", approval.Action);
        Assert.NotNull(approval.ActorId);
        Assert.NotNull(approval.TargetUserId);
        Assert.NotEqual(approval.ActorId, approval.TargetUserId);
        using var admin = await TestClient.SignedInAsync(factory, Roles.Admin);
        var log = await admin.GetOkPageAsync("/ru/admin/audit");
        Assert.Contains("Правка в руководстве одобрена", log.QuerySelector("[data-testid=audit-table]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_edit_replaces_the_pending_proposal_and_an_approval_of_the_first_is_refused()
    {
        var slug = NewSlug();
        using var programme = await PublishedChapterAsync(slug);
        using var translator = await TestClient.SignedInAsync(factory, Roles.Translator);
        using var reader = TestClient.Create(factory);
        await SaveAsync(translator, slug, "az", "Birinci", "Birinci təklif.", 1);
        var reviewed = await programme.GetOkPageAsync($"/en/handbook/{slug}/review/az");
        Assert.Equal("1", reviewed.QuerySelector("input[name=ProposalNumber]")!.GetAttribute("value"));

        await SaveAsync(translator, slug, "az", "İkinci", "İkinci təklif.", 1);
        Assert.Equal(1, await factory.WithDbAsync(db => db.HandbookProposals.CountAsync(p => p.Translation.Chapter.Slug == slug)));
        Assert.Equal((2, "İkinci təklif."), ((await ProposalAsync(slug))!.Number, (await ProposalAsync(slug))!.Markdown));

        // The reviewer saw proposal 1: approving it must not publish proposal 2, which they have not read.
        var stale = await DecideAsync(programme, slug, "Approve", 1, 1);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var page = TestClient.Parse(await stale.Content.ReadAsStringAsync());
        Assert.NotEmpty(page.QuerySelectorAll(".validation-summary-errors li"));
        Assert.Equal("2", page.QuerySelector("input[name=ProposalNumber]")!.GetAttribute("value"));
        Assert.Equal(ApprovedAzerbaijani, await ReadAzerbaijaniAsync(reader, slug));
        Assert.Equal(Kinodialog.Data.Entities.HandbookProposalState.Pending, (await ProposalAsync(slug))!.State);
    }

    [Fact]
    public async Task Sending_back_keeps_the_published_text_and_shows_the_note_to_the_translator()
    {
        var slug = NewSlug();
        using var programme = await PublishedChapterAsync(slug);
        using var translator = await TestClient.SignedInAsync(factory, Roles.Translator);
        using var reader = TestClient.Create(factory);
        await SaveAsync(translator, slug, "az", "İştirakçıların təhlükəsizliyi", Inflammatory, 1);

        var withoutNote = await DecideAsync(programme, slug, "SendBack", 1, 1, note: "  ");
        Assert.Equal(HttpStatusCode.OK, withoutNote.StatusCode);
        Assert.NotEmpty(TestClient.Parse(await withoutNote.Content.ReadAsStringAsync()).QuerySelector("[data-valmsg-for=ReviewNote]")!.TextContent.Trim());
        Assert.Equal(Kinodialog.Data.Entities.HandbookProposalState.Pending, (await ProposalAsync(slug))!.State);

        const string note = "Bu cümlə qarşı tərəfi təhqir edir; əvvəlki mətni saxlayın.";
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(programme, slug, "SendBack", 1, 1, note)).StatusCode);

        Assert.Equal(ApprovedAzerbaijani, await ReadAzerbaijaniAsync(reader, slug));
        var edit = await translator.GetOkPageAsync($"/az/handbook/{slug}/edit/az");
        Assert.Contains(note, edit.QuerySelector("[data-testid=sent-back-note]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Inflammatory, edit.QuerySelector("textarea[name=Markdown]")!.TextContent.Trim());
        Assert.Contains(note, (await translator.GetOkPageAsync($"/en/handbook/{slug}/review/az")).QuerySelector("[data-testid=review-note]")!.TextContent, StringComparison.Ordinal);
        Assert.Null((await programme.GetOkPageAsync($"/en/handbook/{slug}")).QuerySelector("[data-testid=pending-review]"));
        var audit = await factory.WithDbAsync(db => db.StaffAuditEvents.AsNoTracking().SingleAsync(e => e.Detail != null && e.Detail.Contains(slug)));
        Assert.Equal("handbook-revision-sent-back", audit.Action);
        Assert.DoesNotContain(note, audit.Detail!, StringComparison.Ordinal);

        // The next edit is a new proposal awaiting review; the note is gone.
        await SaveAsync(translator, slug, "az", "İştirakçıların təhlükəsizliyi", "Düzəldilmiş mətn.", 1);
        var proposal = (await ProposalAsync(slug))!;
        Assert.Equal((Kinodialog.Data.Entities.HandbookProposalState.Pending, 2, null), (proposal.State, proposal.Number, proposal.ReviewNote));
    }

    [Fact]
    public async Task A_translator_cannot_approve_and_an_organiser_can_neither_edit_nor_review()
    {
        var slug = NewSlug();
        using var programme = await PublishedChapterAsync(slug);
        using var translator = await TestClient.SignedInAsync(factory, Roles.Translator);
        using var reader = TestClient.Create(factory);
        await SaveAsync(translator, slug, "az", "İştirakçıların təhlükəsizliyi", Inflammatory, 1);

        var own = await translator.GetOkPageAsync($"/en/handbook/{slug}/review/az");
        Assert.Null(own.QuerySelector("[data-testid=approve]"));
        var reviewUrl = $"/en/handbook/{slug}/review/az";
        var fields = new Dictionary<string, string> { ["ProposalNumber"] = "1", ["Revision"] = "1", ["ReviewNote"] = "x" };
        Assert.Equal(HttpStatusCode.Forbidden, (await translator.PostWithTokenFromAsync(reviewUrl, reviewUrl + "?handler=Approve", fields)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await translator.PostWithTokenFromAsync(reviewUrl, reviewUrl + "?handler=SendBack", fields)).StatusCode);

        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.Http.GetAsync(reviewUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.PostWithTokenFromAsync("/en/handbook", reviewUrl + "?handler=Approve", fields)).StatusCode);
        var edit = new Dictionary<string, string> { ["Title"] = "x", ["Markdown"] = "Organiser's text.", ["BaseRevision"] = "1" };
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.PostWithTokenFromAsync("/en/handbook", $"/en/handbook/{slug}/edit/az", edit)).StatusCode);

        Assert.Equal(ApprovedAzerbaijani, await ReadAzerbaijaniAsync(reader, slug));
        var proposal = (await ProposalAsync(slug))!;
        Assert.Equal((Kinodialog.Data.Entities.HandbookProposalState.Pending, Inflammatory), (proposal.State, proposal.Markdown));
    }

    [Fact]
    public async Task Programme_staff_publish_directly_and_a_translators_draft_language_needs_no_review()
    {
        var slug = NewSlug();
        using var programme = await PublishedChapterAsync(slug);
        using var translator = await TestClient.SignedInAsync(factory, Roles.Translator);
        using var reader = TestClient.Create(factory);

        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(programme, slug, "az", "Başlıq", "Proqram əməkdaşının mətni.", 1)).StatusCode);
        Assert.Equal("Proqram əməkdaşının mətni.", await ReadAzerbaijaniAsync(reader, slug));

        // Russian is not published: the translator's text is a draft version, as before.
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(translator, slug, "ru", "Безопасность", "Черновик перевода.", 0, matchesSource: true)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(translator, slug, "ru", "Безопасность", "Второй черновик.", 1, matchesSource: true)).StatusCode);
        var russian = await factory.WithDbAsync(db => db.HandbookTranslations.AsNoTracking().SingleAsync(t => t.Chapter.Slug == slug && t.Culture == "ru"));
        Assert.Equal((2, "Второй черновик.", false), (russian.Revision, russian.Markdown, russian.IsPublished));
        Assert.False(await factory.WithDbAsync(db => db.HandbookProposals.AnyAsync(p => p.Translation.Chapter.Slug == slug)));

        // A translator's restore of an old published version is a proposal too.
        var restore = await translator.PostFormAsync($"/en/handbook/{slug}/history/az/1", new Dictionary<string, string> { ["baseRevision"] = "2" });
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.Equal("Proqram əməkdaşının mətni.", await ReadAzerbaijaniAsync(reader, slug));
        var proposal = (await ProposalAsync(slug))!;
        Assert.Equal((ApprovedAzerbaijani, 1), (proposal.Markdown.Trim(), proposal.RestoredFromNumber));
    }

    [Fact]
    public async Task A_translators_restore_of_a_published_language_says_in_every_language_that_it_was_sent_for_review()
    {
        var slug = NewSlug();
        using var programme = await PublishedChapterAsync(slug);
        const string Published = "Proqram əməkdaşının mətni.";
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(programme, slug, "az", "Başlıq", Published, 1)).StatusCode);
        using var translator = await TestClient.SignedInAsync(factory, Roles.Translator);
        using var reader = TestClient.Create(factory);

        // Programme staff restore directly: their page keeps the restore wording.
        var direct = await programme.GetOkPageAsync($"/en/handbook/{slug}/history/az/1");
        Assert.Equal("Restore this version", direct.QuerySelector("[data-testid=restore]")!.TextContent.Trim());
        Assert.Null(direct.QuerySelector("[data-testid=review-needed]"));

        var before = new HashSet<string>(StringComparer.Ordinal);
        var after = new HashSet<string>(StringComparer.Ordinal);
        foreach (var culture in new[] { "en", "hy", "az", "ru" })
        {
            var version = await translator.GetOkPageAsync($"/{culture}/handbook/{slug}/history/az/1");
            var notice = version.QuerySelector("[data-testid=review-needed]");
            Assert.True(notice is not null, $"the {culture} restore page does not say that a restore goes to review");
            Assert.True(before.Add(notice.TextContent.Trim() + " | " + version.QuerySelector("[data-testid=restore]")!.TextContent.Trim()), $"the {culture} wording is not translated");

            var restore = await translator.PostFormAsync($"/{culture}/handbook/{slug}/history/az/1", new Dictionary<string, string> { ["baseRevision"] = "2" });
            Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
            var landed = await translator.GetOkPageAsync(restore.Headers.Location!.OriginalString);
            var message = landed.QuerySelector("[data-testid=proposed]");
            Assert.True(message is not null, $"after a restore in {culture} the page does not say that it was sent for review");
            Assert.True(after.Add(message.TextContent.Trim()), $"the {culture} message is not translated");
            Assert.Equal(Published, await ReadAzerbaijaniAsync(reader, slug));
        }

        Assert.Contains("Sent for review", after.First(), StringComparison.Ordinal);
        Assert.Contains("review", before.First(), StringComparison.Ordinal);
        var proposal = (await ProposalAsync(slug))!;
        Assert.Equal((Kinodialog.Data.Entities.HandbookProposalState.Pending, ApprovedAzerbaijani, 1), (proposal.State, proposal.Markdown.Trim(), proposal.RestoredFromNumber));
        Assert.DoesNotContain("Restored", proposal.Note ?? "", StringComparison.Ordinal);
        Assert.Equal(Published, await ReadAzerbaijaniAsync(reader, slug));
    }

    [Fact]
    public async Task A_pending_revision_is_rendered_through_the_same_safe_pipeline_as_published_text()
    {
        var slug = NewSlug();
        using var programme = await PublishedChapterAsync(slug);
        using var translator = await TestClient.SignedInAsync(factory, Roles.Translator);
        const string hostile = """
            ## Başlıq

            <script>alert('xss')</script>

            [click](javascript:alert(1)) <img src="x" onerror="alert(2)">

            ![tracker](https://tracker.example.com/pixel.png)
            """;
        await SaveAsync(translator, slug, "az", "<b>Başlıq</b>", hostile + "\n\n" + new string('>', 200) + " dərin", 1);

        var review = await programme.GetOkPageAsync($"/en/handbook/{slug}/review/az");
        var prose = review.QuerySelector("[data-testid=proposal] .prose")!;
        Assert.Equal("Başlıq", prose.QuerySelector("h2")!.TextContent);
        Assert.Empty(review.QuerySelectorAll("main script"));
        Assert.Empty(review.QuerySelectorAll("[onerror]"));
        Assert.Empty(review.QuerySelectorAll("main b"));
        Assert.All(prose.QuerySelectorAll("a[href]"), a => Assert.DoesNotContain("javascript:", a.GetAttribute("href")!, StringComparison.OrdinalIgnoreCase));
        Assert.All(prose.QuerySelectorAll("img"), img => Assert.StartsWith("/", img.GetAttribute("src")!, StringComparison.Ordinal));
        Assert.Contains("<script>alert('xss')</script>", prose.TextContent, StringComparison.Ordinal);
        Assert.Contains("<script>alert('xss')</script>", review.QuerySelector("[data-testid=diff]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("<b>Başlıq</b>", review.QuerySelector("[data-testid=title-change] ins")!.TextContent, StringComparison.Ordinal);
    }
}

public sealed class HandbookReviewTestsOnSqlite(SqliteFactory factory) : HandbookReviewTests<SqliteFactory>(factory);

public sealed class HandbookReviewTestsOnPostgres(PostgresFactory factory) : HandbookReviewTests<PostgresFactory>(factory);
