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
