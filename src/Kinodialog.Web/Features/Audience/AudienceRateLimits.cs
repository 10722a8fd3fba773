using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Infrastructure.Cluster;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Kinodialog.Web.Features.Audience;

/// <summary>
/// Request limits of what phones call (the audience API, the phone page, joining). Two counts apply at
/// once: one per phone (its cookie for the screening) and one per client address (after forwarded
/// headers from trusted proxies). A whole room often shares one address (one router, one NAT), so the
/// address limits are generous and the phone limit is the tight one. Token buckets: a burst, then a
/// steady rate refilled every 10 seconds.
/// </summary>
public sealed class AudienceLimitsOptions
{
    public const string SectionName = "AudienceLimits";

    /// <summary>
    /// Requests per minute from one phone (120: the phone page polls every 4 s = 15, a quick voter
    /// without JavaScript makes two requests a vote, ~30 votes a minute = 60; twice that for headroom).
    /// </summary>
    [Range(1, 1_000_000)]
    public int PhoneRequestsPerMinute { get; set; } = 120;

    /// <summary>Requests one phone may make at once before the rate applies (60).</summary>
    [Range(1, 1_000_000)]
    public int PhoneBurst { get; set; } = 60;

    /// <summary>
    /// Requests per minute from one address (6,000): 50 phones behind one router, each at its full
    /// phone rate, stay below it; one client with made-up or no cookies cannot exceed it.
    /// </summary>
    [Range(1, 10_000_000)]
    public int AddressRequestsPerMinute { get; set; } = 6000;

    /// <summary>Requests one address may make at once (1,000: 40 phones × a page load and its polls, many times over).</summary>
    [Range(1, 10_000_000)]
    public int AddressBurst { get; set; } = 1000;

    /// <summary>
    /// Join attempts (POST of the join form) per minute from one address (120; a burst of as many): a
    /// room of 120 behind one router may all join within a minute. Wrong codes are limited further by
    /// the join limiter.
    /// </summary>
    [Range(1, 1_000_000)]
    public int JoinsPerAddressPerMinute { get; set; } = 120;

    /// <summary>
    /// Votes per minute from one phone (120, a burst of 300: three full outboxes of 100 sent after a
    /// lost connection). A person reading statements votes a few times a minute.
    /// </summary>
    [Range(1, 1_000_000)]
    public int PhoneVotesPerMinute { get; set; } = 120;

    [Range(100, 1_000_000)]
    public int PhoneVoteBurst { get; set; } = 300;

    /// <summary>
    /// Answer sets per minute from one phone (6, a burst of 10). A person sends three (profile, before,
    /// after the film) and sends them again after a lost connection; 300 in a few seconds is an attack.
    /// </summary>
    [Range(1, 1_000_000)]
    public int PhoneAnswerSetsPerMinute { get; set; } = 6;

    [Range(1, 1_000_000)]
    public int PhoneAnswerSetBurst { get; set; } = 10;

    /// <summary>
    /// Proposed statements per minute from one phone (2, a burst of 5): enough to take part in a
    /// discussion, not enough to flood the moderator's queue.
    /// </summary>
    [Range(1, 1_000_000)]
    public int PhoneProposalsPerMinute { get; set; } = 2;

    [Range(1, 1_000_000)]
    public int PhoneProposalBurst { get; set; } = 5;
}

/// <summary>What a phone's POST sends, for the limits that apply to one kind of thing.</summary>
public enum PhoneSend
{
    Other,
    AnswerSet,
    Proposal,
}

/// <summary>Marks an endpoint or page whose requests count against the audience limits.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AudienceRateLimitAttribute : Attribute
{
    /// <summary>The join form: its posts also count against <see cref="AudienceLimitsOptions.JoinsPerAddressPerMinute"/>.</summary>
    public bool Join { get; init; }

    /// <summary>What a POST to this endpoint sends (answer sets and proposals have limits of their own).</summary>
    public PhoneSend Sends { get; init; }

    /// <summary>
    /// The phone page: its POST without a handler is an answer set (the survey without JavaScript),
    /// its <c>Propose</c> handler a proposal.
    /// </summary>
    public bool PhonePage { get; init; }
}

public static class AudienceRateLimits
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddAudienceRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AudienceLimitsOptions>()
            .Bind(configuration.GetSection(AudienceLimitsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AudienceLimitsOptions>, IServiceProvider>((rateLimiter, limits, services) =>
        {
            var o = limits.Value;
            // Several nodes: every bucket lives in Redis, so a phone or an address has one budget
            // whichever node it reaches. One node: in memory.
            var redis = services.GetRequiredService<ClusterRedis>().Connection;
            rateLimiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            rateLimiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    Marker(context) is not null && PhoneKey(context) is { } phone
                        ? Bucket(redis, "phone:" + phone, o.PhoneBurst, o.PhoneRequestsPerMinute)
                        : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    Marker(context) is not null
                        ? Bucket(redis, "address:" + AddressKey(context), o.AddressBurst, o.AddressRequestsPerMinute)
                        : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    Marker(context) is { Join: true } && (HttpMethods.IsPost(context.Request.Method) || context.Request.Query.ContainsKey("code"))
                        ? Bucket(redis, "join:" + AddressKey(context), o.JoinsPerAddressPerMinute, o.JoinsPerAddressPerMinute)
                        : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    Marker(context) is { } marker && PhoneKey(context) is { } phone
                        ? SendOf(context, marker) switch
                        {
                            PhoneSend.AnswerSet => Bucket(redis, "answersets:" + phone, o.PhoneAnswerSetBurst, o.PhoneAnswerSetsPerMinute),
                            PhoneSend.Proposal => Bucket(redis, "proposals:" + phone, o.PhoneProposalBurst, o.PhoneProposalsPerMinute),
                            _ => RateLimitPartition.GetNoLimiter(""),
                        }
                        : RateLimitPartition.GetNoLimiter("")));
            rateLimiter.OnRejected = (rejected, cancellationToken) => RejectAsync(rejected.HttpContext, rejected.Lease, cancellationToken);
        });
        services.AddSingleton<PhoneVoteBudget>();
        return services;
    }

    /// <summary>429 with Retry-After; API callers get ProblemDetails, people the error page (status code pages).</summary>
    public static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(lease);
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Period;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            var l = context.RequestServices.GetRequiredService<IStringLocalizer<AudienceResource>>();
            string title = l["Too many requests from this phone. Please wait a moment and try again."];
            await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: title, extensions: new Dictionary<string, object?> { ["errors"] = new[] { title } })
                .ExecuteAsync(context);
        }

        _ = cancellationToken;
    }

    /// <summary>
    /// A token bucket: a burst, then the rate refilled every <see cref="Period"/> (or one token every
    /// 60/<paramref name="perMinute"/> seconds for rates under 6 a minute); in Redis when there is a
    /// connection to it.
    /// </summary>
    public static RateLimitPartition<string> Bucket(IConnectionMultiplexer? redis, string key, int burst, int perMinute)
    {
        var (tokens, period) = Refill(perMinute);
        return redis is null
            ? RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = tokens,
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            })
            : RedisRateLimitPartition.GetTokenBucketRateLimiter("kinodialog:limit:" + key, _ => new RedisTokenBucketRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => redis,
                TokenLimit = burst,
                TokensPerPeriod = tokens,
                ReplenishmentPeriod = period,
            });
    }

    /// <summary>How a rate per minute is refilled: <c>perMinute / 6</c> every 10 s, or one token every <c>60 / perMinute</c> s below 6.</summary>
    public static (int Tokens, TimeSpan Period) Refill(int perMinute) =>
        perMinute >= 6
            ? (perMinute / 6, Period)
            : (1, TimeSpan.FromSeconds(60.0 / Math.Max(1, perMinute)));

    /// <summary>What a request sends, by its endpoint's marker and, on the phone page, its handler.</summary>
    public static PhoneSend SendOf(HttpContext context, AudienceRateLimitAttribute marker)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(marker);
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return PhoneSend.Other;
        }

        if (marker.Sends != PhoneSend.Other || !marker.PhonePage)
        {
            return marker.Sends;
        }

        // Razor Pages takes the handler from the route, else from the query string (never the form).
        var handler = context.Request.RouteValues["handler"] as string;
        if (string.IsNullOrEmpty(handler))
        {
            handler = context.Request.Query["handler"].ToString();
        }

        return string.IsNullOrEmpty(handler) ? PhoneSend.AnswerSet
            : string.Equals(handler, "Propose", StringComparison.OrdinalIgnoreCase) ? PhoneSend.Proposal
            : PhoneSend.Other;
    }

    private static AudienceRateLimitAttribute? Marker(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<AudienceRateLimitAttribute>();

    /// <summary>The phone: a hash of its cookie for the screening in the route (never the token itself).</summary>
    public static string? PhoneKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var code = JoinCode.Normalize(context.Request.RouteValues["code"] as string);
        return code is not null && context.Request.Cookies[JoinScreening.CookieName(code)] is { Length: > 0 and <= 200 } token
            ? JoinScreening.Hash(token)
            : null;
    }

    private static string AddressKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

/// <summary>How many votes a phone may still send (a request carries up to 100, so requests alone do not bound them).</summary>
public sealed class PhoneVoteBudget(IOptions<AudienceLimitsOptions> options, IServiceProvider services) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _votes = PartitionedRateLimiter.Create<string, string>(phone =>
        AudienceRateLimits.Bucket(services.GetRequiredService<ClusterRedis>().Connection, "votes:" + phone, options.Value.PhoneVoteBurst, options.Value.PhoneVotesPerMinute));

    public ValueTask<RateLimitLease> TakeAsync(string phone, int votes, CancellationToken cancellationToken) =>
        _votes.AcquireAsync(phone, Math.Min(votes, options.Value.PhoneVoteBurst), cancellationToken);

    public void Dispose() => _votes.Dispose();
}
