using System.IO.Compression;
using System.Net;
using System.Text;
using Kinodialog.Core.Opinions;
using Kinodialog.Core.Screenings;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

public abstract class PolisInterchangeTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private static readonly string[] FileNames = ["comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"];

    private static string PolisData(params string[] parts) => TestData.Polis(parts);

    /// <summary>Posts the import form as a browser would (multipart, with the page's antiforgery token).</summary>
    private static async Task<HttpResponseMessage> ImportAsync(TestClient client, string culture, string? title, IReadOnlyDictionary<string, byte[]> files)
    {
        var token = (await client.GetOkPageAsync($"/{culture}/dialogue/import")).QuerySelector("[data-testid=import-form] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(title ?? ""), "Title" },
            { new StringContent(culture == "az" ? "az-Latn" : culture), "Culture" },
        };
        foreach (var (field, bytes) in files)
        {
            form.Add(new ByteArrayContent(bytes), field, field == "archive" ? "export.zip" : field + ".csv");
        }

        return await client.Http.PostAsync($"/{culture}/dialogue/import", form);
    }

    private static async Task<Dictionary<string, string>> ExportAsync(TestClient client, Guid screening)
    {
        var response = await client.Http.GetAsync($"/api/screenings/{screening}/dialogue/polis.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries)
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            files[entry.FullName] = await reader.ReadToEndAsync();
        }

        Assert.Equal(FileNames.Order(StringComparer.Ordinal), files.Keys.Order(StringComparer.Ordinal));
        return files;
    }

    private static Guid ImportedId(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"The import answered {(int)response.StatusCode}");
        var location = response.Headers.Location!.OriginalString;
        return Guid.Parse(location.Split('/')[^2]);
    }

    /// <summary>Group id of each voter id in participants-votes.csv, compared as a partition (labels may differ).</summary>
    private static HashSet<string> Partition(string participantsVotes)
    {
        return ReadRows(participantsVotes).Skip(1).Where(r => r[2].Length > 0).GroupBy(r => r[2]).Select(g => string.Join(' ', g.Select(r => r[0]).Order(StringComparer.Ordinal))).ToHashSet(StringComparer.Ordinal);
    }

    private static List<string[]> ReadRows(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(',')).ToList();

    /// <summary>participants-votes.csv without its group-id column (the votes of each voter).</summary>
    private static List<string> WithoutGroups(string participantsVotes) =>
        ReadRows(participantsVotes).Select(r => string.Join(',', r.Where((_, i) => i != 2))).ToList();

    [Fact]
    public async Task A_dialogue_exported_and_imported_back_exports_the_same_files_and_the_same_groups()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var title = await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => s.Title).SingleAsync());
        var statements = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            statements.Add(await SeedAsync(factory, organiser, id, $"Seeded statement, \"number\" {i}\nwith a second line"));
        }

        await ModerateAsync(organiser, id, "AddTerm", new() { ["term"] = "idiots", ["culture"] = "en" });
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        var phones = new List<TestClient>();
        for (var p = 0; p < 18; p++)
        {
            var phone = await PhoneAsync(factory, code, community: p % 2 == 0 ? "armenian" : "azerbaijani");
            phones.Add(phone);
            var camp = p < 9 ? 1 : -1;
            for (var s = 0; s < statements.Count; s++)
            {
                await VoteAsync(phone, code, statements[s], p % 7 == 3 && s == 5 ? 0 : s < 4 ? camp : -camp);
            }
        }

        // A change of mind (two events for one statement), an accepted proposal, a rejected one, a held one and a ban.
        await VoteAsync(phones[2], code, statements[0], -1);
        await ProposeAsync(phones[4], code, "Proposed by a phone.");
        await ProposeAsync(phones[5], code, "Proposed and rejected.");
        await ProposeAsync(phones[6], code, "They are idiots.");
        await ProposeAsync(phones[17], code, "Proposed by someone then banned.");
        Task<Guid> ProposalAsync(string text) => factory.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == id && s.Text == text).Select(s => s.Id).SingleAsync());
        await ModerateAsync(organiser, id, "Status", new() { ["statement"] = (await ProposalAsync("Proposed by a phone.")).ToString(), ["status"] = "Accepted" });
        await ModerateAsync(organiser, id, "Status", new() { ["statement"] = (await ProposalAsync("Proposed and rejected.")).ToString(), ["status"] = "Rejected" });
        await ModerateAsync(organiser, id, "Ban", new() { ["statement"] = (await ProposalAsync("Proposed by someone then banned.")).ToString() });
        await VoteAsync(phones[7], code, await ProposalAsync("Proposed by a phone."), 1);
        await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("participants").GetInt32() == 17 && s.GetProperty("votes").GetInt32() == (17 * 8) + 1 && s.GetProperty("groupsShown").GetBoolean());

        var first = await ExportAsync(organiser, id);
        Assert.Equal(first["votes.csv"], Encoding.UTF8.GetString(await organiser.Http.GetByteArrayAsync($"/api/screenings/{id}/dialogue/polis/votes.csv")));
        var votes = PolisExport.ReadVotes(new StringReader(first["votes.csv"]));
        Assert.Equal((17 * 8) + 2, votes.Count); // every event (one change of mind); the banned phone's votes left out
        var comments = PolisExport.ReadComments(new StringReader(first["comments.csv"]));
        Assert.Equal(12, comments.Count);
        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 1, 1, -1, 0, -1], comments.Select(c => c.Moderated));
        Assert.Equal(8, comments.Count(c => c.IsSeed && c.AuthorId.Length == 0));
        Assert.Contains(comments, c => c.Body == "Seeded statement, \"number\" 0\nwith a second line");
        // No one's clock time leaves: each event shows its UTC day plus its rank in the order of events.
        var times = votes.Select(v => v.Timestamp).Concat(comments.Select(c => c.Timestamp)).ToList();
        Assert.All(times, t => Assert.InRange(t % PolisTimes.DayMilliseconds, 0, times.Count - 1));
        Assert.Equal(votes.Select(v => v.Timestamp).Order(), votes.Select(v => v.Timestamp));
        Assert.Equal(times.Count, times.Distinct().Count());
        Assert.DoesNotContain("armenian", string.Concat(first.Values), StringComparison.OrdinalIgnoreCase);

        var imported = ImportedId(await ImportAsync(organiser, "en", title, new Dictionary<string, byte[]> { ["archive"] = await organiser.Http.GetByteArrayAsync($"/api/screenings/{id}/dialogue/polis.zip") }));
        var second = await ExportAsync(organiser, imported);

        Assert.Equal(first["votes.csv"], second["votes.csv"]);
        // Group labels come from the map's history, which the files do not carry; the groups themselves
        // and everything computed from them (group-informed consensus) come back.
        var before = PolisExport.ReadComments(new StringReader(first["comments.csv"]));
        var after = PolisExport.ReadComments(new StringReader(second["comments.csv"]));
        Assert.Equal(before.Select(c => c with { GroupInformedConsensus = null }), after.Select(c => c with { GroupInformedConsensus = null }));
        Assert.All(before.Zip(after), pair => Assert.Equal(pair.First.GroupInformedConsensus!.Value, pair.Second.GroupInformedConsensus!.Value, 1e-12));
        Assert.Equal(first["summary.csv"], second["summary.csv"]);
        Assert.Equal(WithoutGroups(first["participants-votes.csv"]), WithoutGroups(second["participants-votes.csv"]));
        var groups = Partition(first["participants-votes.csv"]);
        Assert.True(groups.Count >= 2, first["participants-votes.csv"]);
        Assert.Equal(groups, Partition(second["participants-votes.csv"]));

        // The imported dialogue is read-only (translations aside), closed, and its map is there at once.
        var page = await organiser.GetOkPageAsync($"/en/screenings/{imported}/dialogue");
        Assert.NotNull(page.QuerySelector("[data-testid=imported]"));
        Assert.Null(page.QuerySelector("[data-testid=seed-form]"));
        var seed = await organiser.PostWithTokenFromAsync($"/en/screenings/{imported}/dialogue", $"/en/screenings/{imported}/dialogue?handler=Seed", new() { ["text"] = "Sneaked in", ["culture"] = "en" });
        Assert.Equal(HttpStatusCode.NotFound, seed.StatusCode);
        var importedStatement = await factory.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == imported && s.Number == 1).Select(s => s.Id).SingleAsync());
        await ModerateAsync(organiser, imported, "Translate", new() { ["statement"] = importedStatement.ToString(), ["culture"] = "ru", ["text"] = "Переведённое утверждение" });
        var screening = await factory.WithDbAsync(db => db.Screenings.SingleAsync(s => s.Id == imported));
        Assert.Equal(("polis", null, title), (screening.ImportedFrom, screening.JoinCode, screening.Title));
        Assert.NotNull(screening.ClosedAt);
        var summary = await SummaryWhenAsync(factory, organiser, imported, _ => true);
        Assert.Equal(17, summary.GetProperty("participants").GetInt32());
        Assert.True(summary.GetProperty("groupsShown").GetBoolean());

        // The summary is on the results page and in the printed pack, with the export links.
        var results = await organiser.GetOkPageAsync($"/en/screenings/{id}/results");
        Assert.Equal("17", results.QuerySelector("[data-testid=dialogue-report] [data-testid=dialogue-participants]")!.TextContent);
        Assert.NotNull(results.QuerySelector("[data-testid=dialogue-report] [data-testid=polis-zip]"));
        var pack = await organiser.GetOkPageAsync($"/ru/screenings/{id}/pack");
        Assert.True(pack.QuerySelectorAll("[data-testid=pack-dialogue] [data-testid=dialogue-group]").Length >= 2);
        foreach (var phone in phones)
        {
            phone.Dispose();
        }
    }

    [Fact]
    public async Task Formula_like_proposals_and_titles_are_defused_in_the_export_and_come_back_unchanged_from_an_import()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var title = "@SUM(1) evening " + Guid.NewGuid().ToString("N")[..6];
        await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Title, title)));
        var seeded = await SeedAsync(factory, organiser, id, "We are neighbours.");
        await ModerateAsync(organiser, id, "PostModeration", new() { ["on"] = "true" });
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        string[] hostile = ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "@SUM(1)", "\t=1+1", "-2+3"];
        var phones = new List<TestClient>();
        foreach (var text in hostile)
        {
            var phone = await PhoneAsync(factory, code);
            phones.Add(phone);
            await ProposeAsync(phone, code, text);
            await VoteAsync(phone, code, seeded, 1);
        }

        await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("votes").GetInt32() == hostile.Length);
        var first = await ExportAsync(organiser, id);
        var lines = first["comments.csv"].Split('\n');
        // A spreadsheet sees text: every hostile body starts with an apostrophe (the tab was trimmed on the way in).
        foreach (var text in hostile.Select(h => h.Trim()))
        {
            var quoted = text.Contains('"', StringComparison.Ordinal) ? "\"'" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : "'" + text;
            Assert.Contains(lines, line => line.EndsWith("," + quoted, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(first.Values.SelectMany(f => f.Split('\n', ',')), cell => cell.TrimStart().Length > 0 && cell.TrimStart()[0] is '=' or '+' or '@');
        Assert.Contains("topic,'" + title, first["summary.csv"], StringComparison.Ordinal);

        var imported = ImportedId(await ImportAsync(organiser, "en", title, new Dictionary<string, byte[]> { ["archive"] = await organiser.Http.GetByteArrayAsync($"/api/screenings/{id}/dialogue/polis.zip") }));
        var texts = await factory.WithDbAsync(db => db.Statements.Where(s => s.ScreeningId == imported).Select(s => s.Text).ToListAsync());
        Assert.Equal(hostile.Select(h => h.Trim()).Append("We are neighbours.").Order(StringComparer.Ordinal), texts.Order(StringComparer.Ordinal));
        var second = await ExportAsync(organiser, imported);
        Assert.Equal(
            PolisExport.ReadComments(new StringReader(first["comments.csv"])).Select(c => c.Body),
            PolisExport.ReadComments(new StringReader(second["comments.csv"])).Select(c => c.Body));
        Assert.Equal(first["votes.csv"], second["votes.csv"]);
        foreach (var phone in phones)
        {
            phone.Dispose();
        }
    }

    [Fact]
    public async Task A_published_Polis_conversation_imports_from_its_files_with_every_vote_and_comment()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var dir = PolisData("bg2050-volunteers");
        var response = await ImportAsync(organiser, "ru", null, new Dictionary<string, byte[]>
        {
            ["comments"] = await File.ReadAllBytesAsync(Path.Combine(dir, "comments.csv")),
            ["votes"] = await File.ReadAllBytesAsync(Path.Combine(dir, "votes.csv")),
            ["summary"] = await File.ReadAllBytesAsync(Path.Combine(dir, "summary.csv")),
        });
        var imported = ImportedId(response);
        Assert.StartsWith("/ru/", response.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var screening = await factory.WithDbAsync(db => db.Screenings.SingleAsync(s => s.Id == imported));
        Assert.Equal("Together, we'll build the BG of 2050.", screening.Title);
        Assert.Equal("ru", screening.EventCulture);
        var original = PolisExport.Read(await File.ReadAllTextAsync(Path.Combine(dir, "votes.csv")), await File.ReadAllTextAsync(Path.Combine(dir, "comments.csv")));
        Assert.Equal(original.Votes.Count, await factory.WithDbAsync(db => db.Votes.CountAsync(v => v.ScreeningId == imported)));
        Assert.Equal(original.Comments.Count(c => c.Moderated < 0), await factory.WithDbAsync(db => db.Statements.CountAsync(s => s.ScreeningId == imported && s.Status == StatementStatus.Rejected)));

        var export = await ExportAsync(organiser, imported);
        var votes = PolisExport.ReadVotes(new StringReader(export["votes.csv"]));
        // Every vote event comes back, in the original order, each on its original day (not at its original time).
        static int Number(string id) => int.Parse(id, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            original.Votes.OrderBy(v => v.Timestamp).ThenBy(v => Number(v.CommentId)).ThenBy(v => Number(v.VoterId))
                .Select(v => $"{v.Timestamp / PolisTimes.DayMilliseconds} {v.CommentId} {v.VoterId} {v.Vote}"),
            votes.Select(v => $"{v.Timestamp / PolisTimes.DayMilliseconds} {v.CommentId} {v.VoterId} {v.Vote}"));
        Assert.All(votes, v => Assert.InRange(v.Timestamp % PolisTimes.DayMilliseconds, 0, votes.Count + original.Comments.Count));
        var comments = PolisExport.ReadComments(new StringReader(export["comments.csv"])).ToDictionary(c => c.CommentId, StringComparer.Ordinal);
        Assert.All(original.Comments, c =>
        {
            Assert.Equal(c.Body.Trim(), comments[c.CommentId].Body);
            Assert.Equal(c.Moderated, comments[c.CommentId].Moderated);
        });

        var summary = await SummaryWhenAsync(factory, organiser, imported, _ => true);
        Assert.True(summary.GetProperty("groupsShown").GetBoolean());
        Assert.True(summary.GetProperty("participants").GetInt32() > 100);
        var page = await organiser.GetOkPageAsync($"/ru/screenings/{imported}/dialogue");
        Assert.NotNull(page.QuerySelector("[data-testid=imported]"));
        Assert.Equal(original.Comments.Count, page.QuerySelectorAll("[data-testid=statement]").Length);
    }

    [Fact]
    public async Task A_bad_export_is_refused_with_each_problem_in_the_readers_language_and_nothing_is_stored()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var before = await factory.WithDbAsync(db => db.Screenings.CountAsync());
        var comments = "timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,group-informed-consensus,comment-body\n1,1,0,0,0,1,false,true,,Hello\n";
        var votes = "timestamp,datetime,comment-id,voter-id,vote\n2,x,1,0,1\n3,x,1,1,agree\n4,x,2,1,1\n";

        var response = await ImportAsync(organiser, "ru", null, new Dictionary<string, byte[]>
        {
            ["comments"] = Encoding.UTF8.GetBytes(comments),
            ["votes"] = Encoding.UTF8.GetBytes(votes),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[data-testid=import-errors]")!;
        var items = errors.QuerySelectorAll("li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, items.Count);
        Assert.Contains("votes.csv, строка 3", items[0], StringComparison.Ordinal);
        Assert.Contains("«vote»", items[0], StringComparison.Ordinal);
        Assert.Contains("«agree»", items[0], StringComparison.Ordinal);
        Assert.Contains("votes.csv, строка 4", items[1], StringComparison.Ordinal);
        Assert.Contains("комментария 2 нет", items[1], StringComparison.Ordinal);
        Assert.Equal(before, await factory.WithDbAsync(db => db.Screenings.CountAsync()));

        var notZip = await ImportAsync(organiser, "en", null, new Dictionary<string, byte[]> { ["archive"] = Encoding.UTF8.GetBytes(comments) });
        Assert.Contains("export.zip is not a zip archive.", await notZip.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var nothing = await ImportAsync(organiser, "hy", null, new Dictionary<string, byte[]>());
        var nothingErrors = TestClient.Parse(await nothing.Content.ReadAsStringAsync()).QuerySelector("[data-testid=import-errors]")!.TextContent;
        Assert.Contains("comments.csv", nothingErrors, StringComparison.Ordinal);
        Assert.Matches("[\u0531-\u058F]", nothingErrors);
        Assert.Equal(before, await factory.WithDbAsync(db => db.Screenings.CountAsync()));
    }

    [Fact]
    public async Task Another_organisers_dialogue_cannot_be_exported()
    {
        using var owner = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, _) = await OpenScreeningAsync(factory, owner);
        using var stranger = await TestClient.SignedInAsync(factory, Roles.Organiser);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/screenings/{id}/dialogue/polis.zip")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/screenings/{id}/dialogue/polis/votes.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Http.GetAsync($"/api/screenings/{id}/dialogue/polis/secrets.csv")).StatusCode);
        using var anonymous = TestClient.Create(factory);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.Http.GetAsync($"/api/screenings/{id}/dialogue/polis.zip")).StatusCode);
    }
}

public sealed class PolisInterchangeTestsOnSqlite(SqliteFactory factory) : PolisInterchangeTests<SqliteFactory>(factory);

public sealed class PolisInterchangeTestsOnPostgres(PostgresFactory factory) : PolisInterchangeTests<PostgresFactory>(factory);
