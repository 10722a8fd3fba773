using Kinodialog.Core.Screenings;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Dialogue;

/// <summary>A room of two languages (Armenian and Azerbaijani): statements side by side, translated live.</summary>
public abstract class BilingualRoomTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private const string Translated = "Պատերազմը ոչ ոքի չի օգնել։";
    private const string TranslatedAz = "Müharibə heç kimə kömək etməyib.";
    private const string Untranslated = "Մենք կարող ենք խոսել միմյանց հետ։";

    [Fact]
    public async Task The_projector_shows_each_statement_in_both_languages_of_the_room_and_marks_a_missing_translation()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await BilingualScreeningAsync(organiser);
        var translated = await SeedAsync(factory, organiser, id, Translated, "hy");
        var untranslated = await SeedAsync(factory, organiser, id, Untranslated, "hy");
        await factory.WithDbAsync(async db =>
        {
            db.StatementTranslations.Add(new StatementTranslation { StatementId = translated, Culture = "az-Latn", Text = TranslatedAz });
            return await db.SaveChangesAsync();
        });
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using (var phone = await PhoneAsync(factory, code, "hy", community: "armenian"))
        {
            await VoteAsync(phone, code, translated, 1);
            await VoteAsync(phone, code, untranslated, -1);
        }

        await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("splits").GetArrayLength() == 2);
        var projector = await organiser.GetOkPageAsync($"/en/screenings/{id}/projector");
        var number = await NumberAsync(translated);
        var first = projector.QuerySelector($"[data-testid=dialogue-split][data-number='{number}'] [data-testid=statement-texts]")!;
        Assert.Equal(["hy", "az-Latn"], first.QuerySelectorAll("[data-testid=statement-text]").Select(t => t.GetAttribute("lang")!));
        Assert.Equal([Translated, TranslatedAz], first.QuerySelectorAll("[data-testid=statement-text]").Select(t => t.TextContent.Trim()));
        Assert.Null(first.QuerySelector("[data-testid=translation-pending]"));

        var second = projector.QuerySelector($"[data-testid=dialogue-split][data-number='{await NumberAsync(untranslated)}'] [data-testid=statement-texts]")!;
        Assert.Equal(Untranslated, second.QuerySelector("[data-testid=statement-text]")!.TextContent.Trim());
        var pending = second.QuerySelector("[data-testid=translation-pending]")!;
        Assert.Equal("az-Latn", pending.GetAttribute("lang"));
        Assert.Equal("tərcümə gözlənilir", pending.TextContent.Trim());

        // Run mode shows the same columns.
        var run = await organiser.GetOkPageAsync($"/en/screenings/{id}/run");
        Assert.Contains(TranslatedAz, run.QuerySelector("[data-testid=dialogue-splits]")!.TextContent, StringComparison.Ordinal);
    }

    private async Task<(Guid Id, string Code)> BilingualScreeningAsync(TestClient organiser)
    {
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.AudienceCultures, new List<string> { "hy", "az-Latn" })));
        return (id, code);
    }

    private Task<int> NumberAsync(Guid statement) =>
        factory.WithDbAsync(db => db.Statements.Where(s => s.Id == statement).Select(s => s.Number).SingleAsync());
}

public sealed class BilingualRoomTestsOnSqlite(SqliteFactory factory) : BilingualRoomTests<SqliteFactory>(factory);

public sealed class BilingualRoomTestsOnPostgres(PostgresFactory factory) : BilingualRoomTests<PostgresFactory>(factory);
