using System.Net;
using Kinodialog.Data;
using Kinodialog.Web.Infrastructure;
using Kinodialog.Web.Tests.Cli;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Kinodialog.Web.Tests.Features.Films.FilmTestKit;

namespace Kinodialog.Web.Tests.Features.Field;

/// <summary>A field laptop takes no uploads, encodes nothing and has no administrators.</summary>
public sealed class FieldModeTests(FieldLaptopFactory factory) : IClassFixture<FieldLaptopFactory>
{
    [Fact]
    public async Task The_laptops_address_opens_its_set_up_until_it_is_enrolled_then_the_field_page()
    {
        await using var laptop = new FieldLaptopFactory();
        await laptop.InitializeAsync();
        async Task<string?> HomeAsync()
        {
            using var client = laptop.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.AcceptLanguage.ParseAdd("ru");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return response.Headers.Location?.OriginalString;
        }

        Assert.Equal("/ru/field/setup", await HomeAsync());
        await laptop.WithDbAsync(db =>
        {
            db.FieldConnections.Add(new Kinodialog.Data.Entities.FieldConnection
            {
                DeviceId = Guid.NewGuid(),
                CentralBaseUrl = "https://central.example.org",
                DeviceName = "Laptop 1",
                DeviceToken = "token",
                EnrolledAt = laptop.Clock.GetUtcNow().UtcDateTime,
            });
            return db.SaveChangesAsync();
        });
        Assert.Equal("/ru/field", await HomeAsync());
    }

    [Fact]
    public async Task A_field_laptop_refuses_uploads_and_its_media_page_says_why()
    {
        var filmId = await CreateFilmAsync(factory, NewSlug());
        using var programme = await TestClient.SignedInAsync(factory, Roles.Programme);
        using var create = Tus(HttpMethod.Post, $"/api/films/{filmId}/uploads");
        create.Headers.Add("Upload-Length", "1000");
        using var response = await programme.Http.SendAsync(create);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        var slug = await factory.WithDbAsync(db => Task.FromResult(db.Films.Single(f => f.Id == filmId).Slug));
        var page = await programme.GetOkPageAsync($"/en/films/{slug}/media");
        Assert.NotNull(page.QuerySelector("[data-testid=no-upload-in-field]"));
        Assert.Null(page.QuerySelector("form[data-upload-form]"));
        var upload = await programme.PostWithTokenFromAsync($"/en/films/{slug}/media", $"/en/films/{slug}/media?handler=Upload", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
    }

    [Fact]
    public async Task The_home_page_leads_a_signed_in_facilitator_to_the_field_page()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var response = await organiser.Http.GetAsync("/en/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/en/field", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Create_admin_is_refused_on_a_field_laptop()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kinodialog-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["Database__Provider"] = "Sqlite",
                ["Database__ConnectionString"] = $"Data Source={Path.Combine(directory, "field.db")}",
                ["Storage__DataPath"] = directory,
                ["Field__Enabled"] = "true",
            };
            Assert.Equal(0, (await CliProcess.RunAsync(directory, environment, TimeSpan.FromMinutes(2), "migrate")).ExitCode);
            var admin = await CliProcess.RunAsync(directory, environment, TimeSpan.FromMinutes(2), "create-admin", "--email", "admin@example.org", "--password", "correct horse battery staple");
            Assert.Equal(1, admin.ExitCode);
            Assert.Contains("field laptop", admin.All, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Field_mode_refuses_PostgreSQL_in_words()
    {
        var app = KinodialogApplication.Build(["--Field:Enabled=true", "--Database:Provider=Postgres", "--Database:ConnectionString=Host=127.0.0.1;Database=none"]);
        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<FieldModeOptions>>().Value);
        Assert.Contains("SQLite only", error.Message, StringComparison.Ordinal);
        Assert.Equal(DatabaseProvider.Postgres, app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider);
    }
}
