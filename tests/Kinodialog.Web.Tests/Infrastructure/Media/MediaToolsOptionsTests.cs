using Kinodialog.Web.Infrastructure.Media;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Tests.Infrastructure.Media;

public sealed class MediaToolsOptionsTests
{
    [Fact]
    public void Without_configuration_the_tools_are_found_on_the_path_with_two_threads()
    {
        var options = Resolve([]);

        Assert.Equal("ffmpeg", options.FfmpegPath);
        Assert.Equal("ffprobe", options.FfprobePath);
        Assert.Equal(2, options.Threads);
        Assert.Equal(TimeSpan.FromHours(2), options.EncodeTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ProbeTimeout);
    }

    [Fact]
    public void The_MediaTools_section_is_bound()
    {
        var options = Resolve(new()
        {
            ["MediaTools:FfmpegPath"] = "/opt/ffmpeg/bin/ffmpeg",
            ["MediaTools:Threads"] = "4",
            ["MediaTools:EncodeTimeout"] = "03:30:00",
            ["MediaTools:ProbeTimeout"] = "00:00:30",
        });

        Assert.Equal("/opt/ffmpeg/bin/ffmpeg", options.FfmpegPath);
        Assert.Equal(4, options.Threads);
        Assert.Equal(TimeSpan.FromHours(3.5), options.EncodeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ProbeTimeout);
    }

    [Theory]
    [InlineData("MediaTools:Threads", "0")]
    [InlineData("MediaTools:FfmpegPath", "")]
    [InlineData("MediaTools:EncodeTimeout", "00:00:00")]
    [InlineData("MediaTools:ProbeTimeout", "2.00:00:00")]
    public void Nonsense_is_refused_at_start(string key, string value)
    {
        using var services = Build(new() { [key] = value });

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
    }

    [Fact]
    public void Every_media_service_resolves()
    {
        using var services = Build([]);

        Assert.NotNull(services.GetRequiredService<ProcessRunner>());
        Assert.NotNull(services.GetRequiredService<FfprobeClient>());
        Assert.NotNull(services.GetRequiredService<FilmEncoder>());
        Assert.NotNull(services.GetRequiredService<DemoFilmGenerator>());
        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
    }

    private static MediaToolsOptions Resolve(Dictionary<string, string?> settings)
    {
        using var services = Build(settings);
        return services.GetRequiredService<IOptions<MediaToolsOptions>>().Value;
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddMediaTools(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
}
