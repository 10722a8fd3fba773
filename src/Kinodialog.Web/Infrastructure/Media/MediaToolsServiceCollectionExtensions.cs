using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kinodialog.Web.Infrastructure.Media;

public static class MediaToolsServiceCollectionExtensions
{
    /// <summary>Registers the "MediaTools" options (validated at start) and the ffmpeg/ffprobe services.</summary>
    public static IServiceCollection AddMediaTools(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MediaToolsOptions>()
            .Bind(configuration.GetSection(MediaToolsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProcessRunner>();
        services.TryAddSingleton<FfprobeClient>();
        services.TryAddSingleton<FilmEncoder>();
        services.TryAddSingleton<DemoFilmGenerator>();
        return services;
    }
}
