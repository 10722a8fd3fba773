using System.Net;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Tests.Infrastructure;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Screenings;

public abstract class ProjectorTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    [Fact]
    public async Task The_projector_view_has_no_staff_chrome_and_shrinks_the_join_code_once_people_have_joined()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        await SeedAsync(factory, organiser, id, "A statement for the wall.");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);

        var empty = await organiser.GetOkPageAsync($"/en/screenings/{id}/projector");
        Assert.Null(empty.QuerySelector("[data-testid=signed-in-as]"));
        Assert.Null(empty.QuerySelector("nav"));
        Assert.Null(empty.QuerySelector("form"));
        Assert.Equal(code, empty.QuerySelector("[data-testid=projector-join-code]")!.TextContent);
        // What the first join brings (the code in a corner, the room's summary) is on the page, hidden: the
        // projector's script swaps it in, so a projector opened before anyone joined needs no reload.
        Assert.True(empty.QuerySelector("[data-testid=projector-join-corner]")!.HasAttribute("hidden"));
        Assert.Equal("swap", empty.QuerySelector("[data-testid=projector-join]")!.GetAttribute("data-big-join"));
        Assert.NotNull(empty.QuerySelector("[data-after-join][hidden] [data-testid=dialogue-live]"));

        using var phone = await PhoneAsync(factory, code);
        var joined = await organiser.GetOkPageAsync($"/en/screenings/{id}/projector");
        Assert.Null(joined.QuerySelector("[data-testid=projector-join-code]"));
        Assert.Contains(code, joined.QuerySelector("[data-testid=projector-join-corner]")!.TextContent, StringComparison.Ordinal);
        Assert.False(joined.QuerySelector("[data-testid=projector-join-corner]")!.HasAttribute("hidden"));
        Assert.NotNull(joined.QuerySelector("[data-testid=dialogue-live]"));
        Assert.Null(joined.QuerySelector("[data-after-join][hidden]"));
        // Where the projector's script fetches the summary again on every change.
        Assert.Equal($"/en/screenings/{id}/dialogue/live?handler=Fragment", joined.QuerySelector("[data-dialogue-live]")!.GetAttribute("data-fragment-url"));
        Assert.Equal("1", joined.QuerySelector("[data-testid=joined-count]")!.TextContent);

        var run = await organiser.GetOkPageAsync($"/en/screenings/{id}/run");
        Assert.EndsWith($"/en/screenings/{id}/projector", run.QuerySelector("[data-testid=projector-link]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal($"/en/screenings/{id}/dialogue/live?handler=Fragment", run.QuerySelector("[data-dialogue-live]")!.GetAttribute("data-fragment-url"));
    }

    [Fact]
    public async Task The_projector_refetches_its_summary_from_a_fragment_address_that_answers()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        await SeedAsync(factory, organiser, id, "A statement for the wall.");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        using var phone = await PhoneAsync(factory, code);

        var live = (await organiser.GetOkPageAsync($"/en/screenings/{id}/projector")).QuerySelector("[data-testid=dialogue-live]")!;
        var fragment = live.GetAttribute("data-fragment-url");
        Assert.False(string.IsNullOrEmpty(fragment), "the projector's script needs the summary's address (data-fragment-url) to refresh it");
        Assert.Equal($"/api/screenings/{id}/events", live.GetAttribute("data-events-url"));
        Assert.NotNull((await organiser.GetOkPageAsync(fragment)).QuerySelector("[data-testid=dialogue-votes]"));
        var run = (await organiser.GetOkPageAsync($"/en/screenings/{id}/run")).QuerySelector("[data-testid=dialogue-live]")!;
        Assert.Equal(fragment, run.GetAttribute("data-fragment-url"));
    }

    [Fact]
    public async Task Another_organisers_projector_view_is_not_found()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        using var stranger = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, _) = await OpenScreeningAsync(factory, organiser);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetPageAsync($"/en/screenings/{id}/projector")).Response.StatusCode);
    }
}

public sealed class ProjectorTestsOnSqlite(SqliteFactory factory) : ProjectorTests<SqliteFactory>(factory);

public sealed class ProjectorTestsOnPostgres(PostgresFactory factory) : ProjectorTests<PostgresFactory>(factory);
