using Kinodialog.Web.Tests.Features.Shared;
using Kinodialog.Web.Tests.Infrastructure;
using static Kinodialog.Web.Tests.Features.Field.LaptopTestKit;

namespace Kinodialog.Web.Tests.Features.Field;

/// <summary>
/// The field laptop's forms (set-up before enrolment; the sync page of a downloaded screening
/// after), posted empty and with garbage in Armenian, Azerbaijani and Russian: no English
/// sentence comes back (see <see cref="FormLanguageTests"/>).
/// </summary>
public sealed class FieldFormLanguageTests(FieldLaptopFactory factory) : IClassFixture<FieldLaptopFactory>
{
    private static readonly string[] Cultures = ["hy", "az", "ru"];

    [Fact]
    public async Task Every_field_laptop_form_answers_in_the_pages_language()
    {
        var problems = new List<string>();
        foreach (var culture in Cultures)
        {
            using var visitor = TestClient.Create(factory);
            await FormLanguageTests.CheckFormsAsync(visitor, $"/{culture}/field/setup", problems);
        }

        var me = await EnrolAsync(factory);
        var package = await PackageAsync(factory, me.Id);
        var progress = await DownloadAsync(factory, package.Screening.Id);
        Assert.True(progress.Succeeded);
        using var facilitator = TestClient.Create(factory);
        await facilitator.SignInAsync(me.Email, Password);
        foreach (var culture in Cultures)
        {
            await FormLanguageTests.CheckFormsAsync(facilitator, $"/{culture}/field/sync", problems);
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Distinct()));
    }
}
