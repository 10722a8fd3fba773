using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;

namespace Kinodialog.Web.Infrastructure.Caching;

public static class CachingExtensions
{
    /// <summary>
    /// The process's <see cref="IMemoryCache"/>, its entries expiring on the injected
    /// <see cref="TimeProvider"/> (so a test's fake clock decides when a cached value is stale).
    /// </summary>
    public static IServiceCollection AddKinodialogCaching(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddOptions<MemoryCacheOptions>().Configure<TimeProvider>((options, clock) => options.Clock = new TimeProviderClock(clock));
        return services;
    }

    private sealed class TimeProviderClock(TimeProvider clock) : ISystemClock
    {
        public DateTimeOffset UtcNow => clock.GetUtcNow();
    }
}
