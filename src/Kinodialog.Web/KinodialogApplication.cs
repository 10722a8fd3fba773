using System.Text.Encodings.Web;
using System.Text.Unicode;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Audience;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Features.Field;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Features.Handbook;
using Kinodialog.Web.Features.Questionnaires;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Features.Stage;
using Kinodialog.Web.Features.Surveys;
using Kinodialog.Web.Infrastructure;
using Kinodialog.Web.Infrastructure.Caching;
using Kinodialog.Web.Infrastructure.Cluster;
using Kinodialog.Web.Infrastructure.Content;
using Kinodialog.Web.Infrastructure.Database;
using Kinodialog.Web.Infrastructure.Desktop;
using Kinodialog.Web.Infrastructure.Errors;
using Kinodialog.Web.Infrastructure.Localization;
using Kinodialog.Web.Infrastructure.Network;
using Kinodialog.Web.Infrastructure.Security;
using Kinodialog.Web.Infrastructure.Streams;
using Microsoft.Extensions.WebEncoders;

namespace Kinodialog.Web;

/// <summary>Composes Kinodialog's services and request pipeline; used by `serve` and by the CLI commands.</summary>
public static class KinodialogApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddKinodialogNetwork(builder.Configuration);
        builder.Services.AddBrowserLauncher(builder.Configuration);
        builder.Services.AddKinodialogDatabase(builder.Configuration);
        ClusterOptions.Add(builder.Services, builder.Configuration);
        builder.Services.AddKinodialogCluster();
        builder.Services.AddKinodialogCaching();
        builder.Services.AddKinodialogStreams(builder.Configuration);
        builder.Services.AddKinodialogLocalization();
        builder.Services.AddKinodialogPages();
        builder.Services.AddProblemDetails();
        // Armenian, Azerbaijani and Russian text is written as characters, not &#x…; entities.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "kd-af");
        builder.Services.AddSingleton<MarkdownRenderer>();
        // Phones on weak connections: stylesheets and scripts travel compressed. Pages are not
        // compressed (they carry antiforgery tokens; no BREACH-style guessing through compression).
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = ["text/css", "text/javascript", "application/javascript", "image/svg+xml"];
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
        });
        builder.Services.AddAccounts();
        builder.Services.AddHandbook();
        builder.Services.AddFilms(builder.Configuration);
        builder.Services.AddScreenings(builder.Configuration);
        builder.Services.AddSurveys(builder.Configuration);
        builder.Services.AddQuestionnaires();
        builder.Services.AddDialogue(builder.Configuration);
        builder.Services.AddStage();
        builder.Services.AddAudience(builder.Configuration);
        builder.Services.AddField();
        builder.Services.AddFieldLaptop();
        configure?.Invoke(builder);

        var app = builder.Build();
        // First: everything after it sees the client's address and scheme as the trusted proxy forwarded them.
        app.UseForwardedHeaders();
        app.UseClusterNodeHeader();
        app.UseSecurityHeaders();
        app.UseRequestLocalization();
        app.UseKinodialogErrorHandling();
        app.UseResponseCompression();
        app.UseStaticFiles();
        app.UseMediaFiles();
        app.UseCultureCookie();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseStaffGate();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapKinodialogHealth();
        app.MapHandbookApi();
        app.MapFilmsApi();
        app.MapScreeningsApi();
        app.MapSurveysApi();
        app.MapDialogueApi();
        app.MapAudienceApi();
        app.MapFieldApi();
        // A field laptop's address opens its field page, or its set-up while it has none (nobody can sign in before).
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], async (Microsoft.Extensions.Options.IOptions<FieldModeOptions> field, Kinodialog.Data.KinodialogDbContext db, CancellationToken cancellationToken) =>
                Results.Redirect($"/{LocalizationExtensions.CurrentCulture().UrlSegment}/" + (!field.Value.Enabled ? ""
                    : await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.FieldConnections, cancellationToken) ? "field" : "field/setup")))
            .ExcludeFromDescription();
        app.MapRazorPages();
        return app;
    }
}
