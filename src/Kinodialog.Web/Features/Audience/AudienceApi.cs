using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Features.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Audience;

/// <summary>
/// Everything a phone calls under <c>/api/audience/{code}</c>, in one route group: only a phone
/// that joined the screening of the code gets past it; everyone else gets the same 404 whether the
/// code is wrong, not open yet, closed or open.
/// </summary>
public static class AudienceApi
{
    /// <summary>The body limit of an audience endpoint that sets none of its own (answers and votes set theirs).</summary>
    public const long DefaultMaxBodyBytes = 4 * 1024;

    public static IServiceCollection AddAudience(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<FindJoinedPhone>();
        services.AddScoped<AudienceDialogue>();
        services.AddScoped<PhoneStatementEvents>();
        services.AddAudienceRateLimits(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapAudienceApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/join", JoinFromLink.HandleAsync).WithMetadata(new AudienceRateLimitAttribute { Join = true }).ExcludeFromDescription();

        var audience = endpoints.MapGroup("/api/audience/{code}")
            .WithTags("Audience")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(DefaultMaxBodyBytes), new AudienceRateLimitAttribute())
            .AddEndpointFilter(RequireJoinedPhoneAsync);
        audience.MapAnswers();
        audience.MapVotes();
        return endpoints;
    }

    /// <summary>The phone this request comes from; set for every handler of the audience group.</summary>
    public static FindJoinedPhone.JoinedPhone JoinedPhone(this HttpContext context) =>
        context.Features.Get<FindJoinedPhone.JoinedPhone>() ?? throw new InvalidOperationException("Not an audience endpoint.");

    /// <summary>The one answer for a code this caller has not joined with (wrong, not open yet, closed or someone else's).</summary>
    public static ProblemHttpResult NotJoined(IStringLocalizer<AudienceResource> l)
    {
        ArgumentNullException.ThrowIfNull(l);
        string title = l["This code does not work on this phone. Join with the code first: it works only while the screening is open."];
        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, extensions: new Dictionary<string, object?> { ["errors"] = new[] { title } });
    }

    private static async ValueTask<object?> RequireJoinedPhoneAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        context.Response.Headers.CacheControl = "no-store";
        var find = context.RequestServices.GetRequiredService<FindJoinedPhone>();
        var phone = await find.HandleAsync(context.Request.RouteValues["code"] as string, context.Request.Cookies, context.RequestAborted);
        if (phone is null)
        {
            return NotJoined(context.RequestServices.GetRequiredService<IStringLocalizer<AudienceResource>>());
        }

        // A declared length over the endpoint's limit is refused before a byte is read; a chunked body
        // is stopped by the server at the same limit (the endpoint's RequestSizeLimit metadata).
        if (context.Request.ContentLength is { } length
            && context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } limit && length > limit)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request is too large", detail: $"At most {limit / 1024} KB.");
        }

        context.Features.Set(phone);
        return await next(invocation);
    }
}
