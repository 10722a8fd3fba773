using System.Threading.RateLimiting;
using Kinodialog.Web.Infrastructure.Cluster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using RedisRateLimiting;

namespace Kinodialog.Web.Features.Field;

/// <summary>The central instance's side of field mode: devices, check-outs, downloads and results coming back.</summary>
public static class FieldApi
{
    public const string EnrolRateLimit = "field-enrol";

    /// <summary>Enrolment attempts per client address in <see cref="EnrolWindow"/> (a code is 12 characters of 31: guessing is hopeless anyway).</summary>
    public const int EnrolAttemptsPerWindow = 10;

    public static readonly TimeSpan EnrolWindow = TimeSpan.FromMinutes(5);

    private const string DeviceItem = "field-device";

    public static IServiceCollection AddField(this IServiceCollection services)
    {
        services.AddScoped<ListFieldDevices>();
        services.AddScoped<StartFieldEnrolment>();
        services.AddScoped<RevokeFieldDevice>();
        services.AddScoped<CompleteFieldEnrolment>();
        services.AddScoped<FieldDeviceAuthentication>();
        services.AddScoped<ScreeningFiles>();
        services.AddScoped<CheckOutScreening>();
        services.AddScoped<DeviceCheckouts>();
        services.AddScoped<ReceiveFieldResults>();
        services.AddScoped<CheckInScreening>();
        services.AddScoped<ImportResultsFile>();
        services.AddRateLimiter(o => o.AddPolicy(EnrolRateLimit, context =>
        {
            // Several nodes: one count per address in Redis, so that switching node gains a guesser nothing.
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var redis = context.RequestServices.GetRequiredService<ClusterRedis>().Connection;
            return redis is null
                ? RateLimitPartition.GetFixedWindowLimiter(address,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = EnrolAttemptsPerWindow, Window = EnrolWindow, QueueLimit = 0 })
                : RedisRateLimitPartition.GetFixedWindowRateLimiter("kinodialog:limit:enrol:" + address,
                    _ => new RedisFixedWindowRateLimiterOptions { ConnectionMultiplexerFactory = () => redis, PermitLimit = EnrolAttemptsPerWindow, Window = EnrolWindow });
        }));
        return services;
    }

    public static IEndpointRouteBuilder MapFieldApi(this IEndpointRouteBuilder endpoints)
    {
        var field = endpoints.MapGroup("/api/field").WithTags("Field");
        field.MapPost("/enrol", EnrolAsync).RequireRateLimiting(EnrolRateLimit).DisableAntiforgery();
        var device = field.MapGroup("").AddEndpointFilter(AuthenticateDeviceAsync).DisableAntiforgery();
        device.MapGet("/screenings", ListAsync);
        device.MapGet("/screenings/{id:guid}/package", PackageAsync);
        device.MapGet("/files/{sha256}", FileAsync);
        device.MapPost("/screenings/{id:guid}/results", ResultsAsync);
        device.MapPost("/screenings/{id:guid}/check-in", CheckInAsync);
        return endpoints;
    }

    private static async ValueTask<object?> AuthenticateDeviceAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var id = await http.RequestServices.GetRequiredService<FieldDeviceAuthentication>()
            .HandleAsync(http.Request.Headers.Authorization.ToString(), http.RequestAborted);
        if (id is null)
        {
            var l = http.RequestServices.GetRequiredService<IStringLocalizer<FieldResource>>();
            http.Response.Headers.WWWAuthenticate = FieldLimits.AuthorizationScheme;
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: l["This laptop is not enrolled here, or it was revoked. Enrol it again with a new code."]);
        }

        http.Items[DeviceItem] = id.Value;
        return await next(context);
    }

    private static Guid DeviceOf(HttpContext context) => (Guid)context.Items[DeviceItem]!;

    private static async Task<Results<Ok<EnrolResponse>, ProblemHttpResult>> EnrolAsync(
        EnrolRequest request, CompleteFieldEnrolment enrol, IStringLocalizer<FieldResource> l, CancellationToken cancellationToken)
    {
        var response = await enrol.HandleAsync(request, cancellationToken);
        return response is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["This code is wrong, already used or expired. Ask for a new code on the central instance's devices page."])
            : TypedResults.Ok(response);
    }

    private static async Task<Ok<CheckoutList>> ListAsync(HttpContext context, DeviceCheckouts downloads, CancellationToken cancellationToken) =>
        TypedResults.Ok(await downloads.ListAsync(DeviceOf(context), cancellationToken));

    private static async Task<Results<Ok<ScreeningPackage>, NotFound>> PackageAsync(Guid id, HttpContext context, DeviceCheckouts downloads, CancellationToken cancellationToken) =>
        await downloads.PackageAsync(DeviceOf(context), id, cancellationToken) is { } package ? TypedResults.Ok(package) : TypedResults.NotFound();

    private static async Task<Results<PhysicalFileHttpResult, NotFound>> FileAsync(string sha256, HttpContext context, DeviceCheckouts downloads, CancellationToken cancellationToken) =>
        await downloads.FileAsync(DeviceOf(context), sha256.ToLowerInvariant(), cancellationToken) is { } file
            ? TypedResults.PhysicalFile(file.Path, file.ContentType, enableRangeProcessing: true)
            : TypedResults.NotFound();

    private static async Task<Results<Ok<ResultsReceipt>, ProblemHttpResult>> ResultsAsync(
        Guid id, ResultsBatch batch, HttpContext context, ReceiveFieldResults receive, CancellationToken cancellationToken)
    {
        var (receipt, refusal) = await receive.HandleAsync(DeviceOf(context), id, batch, "sync", cancellationToken);
        return receipt is not null ? TypedResults.Ok(receipt) : TypedResults.Problem(statusCode: refusal!.Status, title: refusal.Message);
    }

    private static async Task<Results<Ok<CheckInReceipt>, ProblemHttpResult>> CheckInAsync(
        Guid id, ScreeningOutcome outcome, HttpContext context, CheckInScreening checkIn, CancellationToken cancellationToken)
    {
        var (receipt, refusal) = await checkIn.HandleAsync(DeviceOf(context), id, outcome, cancellationToken);
        return receipt is not null ? TypedResults.Ok(receipt) : TypedResults.Problem(statusCode: refusal!.Status, title: refusal.Message);
    }
}
