using Kinodialog.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Field;

/// <summary>The laptop side of field mode: set-up, downloads, sync back and the results file.</summary>
public static class FieldLaptopExtensions
{
    public static IServiceCollection AddFieldLaptop(this IServiceCollection services)
    {
        services.AddHttpClient(CentralClient.ClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<FieldModeOptions>>().Value.CallTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // No cookies, and no redirects: the device token goes only where the laptop was set up to send it.
                UseCookies = false,
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(20),
            });
        services.AddSingleton<CentralClient>();
        services.AddScoped<EnrolLaptop>();
        services.AddScoped<FileDownloader>();
        services.AddScoped<ImportPackage>();
        services.AddScoped<DownloadScreening>();
        services.AddSingleton<FieldDownloads>();
        services.AddScoped<CollectResults>();
        services.AddScoped<SyncScreening>();
        services.AddScoped<ExportResults>();
        services.AddSingleton<FieldSyncWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<FieldSyncWorker>());
        return services;
    }
}
