using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kinodialog.Web.Tests.Infrastructure;

/// <summary>
/// The test server has no real connection; a request that carries <see cref="Header"/> comes from
/// that address (as a proxy or phone would), before anything of the application runs. Requests
/// without it come from loopback.
/// </summary>
public static class ClientAddress
{
    public const string Header = "X-Test-Connection-Address";

    public static void Use(IServiceCollection services) => services.AddSingleton<IStartupFilter, Filter>();

    /// <summary>A request from <paramref name="connection"/>, optionally forwarding for <paramref name="forwardedFor"/>.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string url, string connection, string? forwardedFor = null, string? forwardedProto = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add(Header, connection);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return request;
    }

    private sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(Header, out var value) ? IPAddress.Parse(value.ToString()) : IPAddress.Loopback;
                context.Request.Headers.Remove(Header);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>An app behind a proxy at 10.0.0.1 (the only one trusted), with request addresses set by the test.</summary>
public sealed class ProxiedSqliteFactory : SqliteFactory
{
    public const string Proxy = "10.0.0.1";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?> { ["Network:KnownProxies:0"] = Proxy }));
        builder.ConfigureServices(ClientAddress.Use);
    }
}
