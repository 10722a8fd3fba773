namespace Kinodialog.Web.Infrastructure.Streams;

public static class StreamsExtensions
{
    /// <summary>The per-holder limit of open event streams (<see cref="OpenStreams"/>, <see cref="StreamsOptions"/>).</summary>
    public static IServiceCollection AddKinodialogStreams(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StreamsOptions>()
            .Bind(configuration.GetSection(StreamsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<OpenStreams>();
        return services;
    }
}
