namespace Kinodialog.Web.Infrastructure.Errors;

public static class ErrorHandlingExtensions
{
    public static bool IsApiRequest(this HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// API requests get RFC 9457 ProblemDetails; people get a friendly page in their language
    /// (the error page re-executes under the culture already chosen for the failed request).
    /// </summary>
    public static IApplicationBuilder UseKinodialogErrorHandling(this IApplicationBuilder app)
    {
        app.UseWhen(c => c.Request.IsApiRequest(), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        // Media files answer with bare status codes (206, 304, 416): no page is wrapped around them.
        app.UseWhen(c => !c.Request.IsApiRequest() && !c.Request.Path.StartsWithSegments("/media", StringComparison.Ordinal), pages =>
        {
            pages.UseExceptionHandler("/error/500");
            pages.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        return app;
    }
}
