using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Kinodialog.Web.Features.Films;

public static class MediaEndpoints
{
    /// <summary>Content types ASP.NET Core lacks or gets wrong for media.</summary>
    public static FileExtensionContentTypeProvider ContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".vtt"] = "text/vtt; charset=utf-8";
        provider.Mappings[".m3u8"] = "application/vnd.apple.mpegurl";
        provider.Mappings[".m4s"] = "video/iso.segment";
        provider.Mappings[".ts"] = "video/mp2t";
        provider.Mappings[".mp4"] = "video/mp4";
        return provider;
    }

    /// <summary>
    /// Lets the reverse proxy send the file (ranges, conditional requests and sendfile are its job):
    /// only names that exist below the films directory are passed on.
    /// </summary>
    private static Task DelegateAsync(HttpContext context, string films, string location, long maxAge)
    {
        var relative = context.Request.Path.Value?.TrimStart('/') ?? "";
        var full = Path.GetFullPath(Path.Combine(films, relative));
        if (relative.Length == 0 || !full.StartsWith(Path.GetFullPath(films) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full)
            || !ContentTypes().TryGetContentType(full, out var contentType))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        context.Response.ContentType = contentType;
        context.Response.Headers[HeaderNames.CacheControl] = $"public, max-age={maxAge}, immutable";
        context.Response.Headers["X-Accel-Redirect"] = location.TrimEnd('/') + "/" + relative;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Serves /media/films/{filmId}/{sha256}.{ext}: range requests (206, suffix ranges, If-Range),
    /// ETag/If-None-Match (304), 416 for unsatisfiable ranges, and a long immutable cache lifetime
    /// since a file's name is its content hash. Work files and partial uploads are never served.
    /// </summary>
    public static IApplicationBuilder UseMediaFiles(this IApplicationBuilder app)
    {
        var storage = app.ApplicationServices.GetRequiredService<MediaStorage>();
        var options = app.ApplicationServices.GetRequiredService<IOptions<FilmsOptions>>().Value;
        var films = Path.Combine(storage.Root, "films");
        Directory.CreateDirectory(films);
        var maxAge = (long)options.MediaCacheLifetime.TotalSeconds;
        if (!string.IsNullOrEmpty(options.AccelRedirectLocation))
        {
            return app.Map("/media/films", media => media.Run(context => DelegateAsync(context, films, options.AccelRedirectLocation, maxAge)));
        }

        app.UseWhen(c => c.Request.Path.StartsWithSegments("/media/films", StringComparison.Ordinal), media => DirectFileSender.UseDirectFileSender(media));
        return app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/media/films",
            FileProvider = new PhysicalFileProvider(films),
            ContentTypeProvider = ContentTypes(),
            ServeUnknownFileTypes = false,
            OnPrepareResponse = context =>
            {
                context.Context.Response.Headers[HeaderNames.CacheControl] = $"public, max-age={maxAge}, immutable";
            },
        });
    }
}
