using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Kinodialog.Web.Features.Field;

/// <summary>Why a call to the central instance did not succeed; pages say it in the reader's language.</summary>
public enum CentralFailure
{
    /// <summary>No connection (no network, wrong address, the central instance is down).</summary>
    Unreachable = 1,

    /// <summary>No answer within the time limit.</summary>
    Timeout,

    /// <summary>401: the device token is not (or no longer) accepted — the laptop was revoked.</summary>
    Revoked,

    /// <summary>Another 4xx: the central instance refused, saying why (the ProblemDetails detail).</summary>
    Refused,

    /// <summary>5xx: the central instance failed.</summary>
    ServerError,

    /// <summary>An answer that is not what this version understands.</summary>
    Unreadable,
}

/// <summary>A failed call: the kind, and the central instance's own words when it gave some.</summary>
public sealed record CentralError(CentralFailure Failure, string? Detail = null, int? Status = null)
{
    /// <summary>A compact form for the sync log ("refused|the detail"); read back by <see cref="Parse"/>.</summary>
    public string ToLog() => Detail is null ? Failure.ToString() : $"{Failure}|{Detail}";

    public static CentralError? Parse(string log)
    {
        var parts = log.Split('|', 2);
        return Enum.TryParse<CentralFailure>(parts[0], out var failure)
            ? new CentralError(failure, parts.Length > 1 ? parts[1] : null)
            : null;
    }
}

/// <summary>The answer of a call: a value or an error.</summary>
public sealed record CentralResult<T>(T? Value, CentralError? Error)
    where T : class
{
    public bool Succeeded => Error is null && Value is not null;

    public static implicit operator CentralResult<T>(CentralError error) => new(null, error);
}

/// <summary>
/// Calls the central instance (the endpoints of <see cref="FieldContracts"/>) through a named
/// <see cref="HttpClient"/> without cookies and with a time limit. Never throws for a network or
/// HTTP failure: every failure comes back as a <see cref="CentralError"/>.
/// </summary>
public sealed class CentralClient(IHttpClientFactory clients)
{
    public const string ClientName = "field-central";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private HttpClient Client() => clients.CreateClient(ClientName);

    public Task<CentralResult<EnrolResponse>> EnrolAsync(Uri central, EnrolRequest request, CancellationToken cancellationToken) =>
        SendAsync<EnrolResponse>(new HttpRequestMessage(HttpMethod.Post, new Uri(central, "api/field/enrol")) { Content = JsonContent.Create(request, options: Json) }, cancellationToken);

    public Task<CentralResult<CheckoutList>> ListAsync(FieldLink link, CancellationToken cancellationToken) =>
        SendAsync<CheckoutList>(link.Request(HttpMethod.Get, "api/field/screenings"), cancellationToken);

    public Task<CentralResult<ScreeningPackage>> PackageAsync(FieldLink link, Guid screeningId, CancellationToken cancellationToken) =>
        SendAsync<ScreeningPackage>(link.Request(HttpMethod.Get, $"api/field/screenings/{screeningId}/package"), cancellationToken);

    public Task<CentralResult<ResultsReceipt>> SendResultsAsync(FieldLink link, Guid screeningId, ResultsBatch batch, CancellationToken cancellationToken)
    {
        var request = link.Request(HttpMethod.Post, $"api/field/screenings/{screeningId}/results");
        request.Content = JsonContent.Create(batch, options: Json);
        return SendAsync<ResultsReceipt>(request, cancellationToken);
    }

    public Task<CentralResult<CheckInReceipt>> CheckInAsync(FieldLink link, Guid screeningId, ScreeningOutcome outcome, CancellationToken cancellationToken)
    {
        var request = link.Request(HttpMethod.Post, $"api/field/screenings/{screeningId}/check-in");
        request.Content = JsonContent.Create(outcome, options: Json);
        return SendAsync<CheckInReceipt>(request, cancellationToken);
    }

    /// <summary>
    /// Starts the download of a file from <paramref name="from"/> bytes on (a range request when not 0).
    /// The caller reads and disposes the response; a failure comes back as an error.
    /// </summary>
    public async Task<(HttpResponseMessage? Response, CentralError? Error)> FileAsync(FieldLink link, string sha256, long from, CancellationToken cancellationToken)
    {
        var request = link.Request(HttpMethod.Get, $"api/field/files/{sha256}");
        if (from > 0)
        {
            request.Headers.Range = new RangeHeaderValue(from, null);
        }

        try
        {
            var response = await Client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                return (response, null);
            }

            using (response)
            {
                return (null, await ErrorOfAsync(response, cancellationToken));
            }
        }
        catch (Exception exception) when (Failure(exception, cancellationToken) is { } error)
        {
            return (null, error);
        }
        finally
        {
            request.Dispose();
        }
    }

    private async Task<CentralResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
        where T : class
    {
        using (request)
        {
            try
            {
                using var response = await Client().SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    return await ErrorOfAsync(response, cancellationToken);
                }

                var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
                return value is null ? new CentralError(CentralFailure.Unreadable) : new CentralResult<T>(value, null);
            }
            catch (JsonException)
            {
                return new CentralError(CentralFailure.Unreadable);
            }
            catch (Exception exception) when (Failure(exception, cancellationToken) is { } error)
            {
                return error;
            }
        }
    }

    /// <summary>The error of a network failure; null for the caller's own cancellation (which is rethrown).</summary>
    internal static CentralError? Failure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        OperationCanceledException => new CentralError(CentralFailure.Timeout),
        HttpRequestException or IOException => new CentralError(CentralFailure.Unreachable),
        _ => null,
    };

    private static async Task<CentralError> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return new CentralError(CentralFailure.Revoked, null, status);
        }

        string? detail = null;
        try
        {
            if (response.Content.Headers.ContentLength is null or < 64 * 1024)
            {
                var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Json, cancellationToken);
                detail = problem?.Detail ?? problem?.Title;
            }
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or HttpRequestException or IOException)
        {
            // Not a problem document: the status says enough.
        }

        detail = detail?.Trim();
        if (detail is { Length: > 500 })
        {
            detail = detail[..500];
        }

        return new CentralError(status >= 500 ? CentralFailure.ServerError : CentralFailure.Refused, string.IsNullOrEmpty(detail) ? null : detail, status);
    }
}

/// <summary>The laptop's link to its central instance: where, and its device token.</summary>
public sealed record FieldLink(Uri Central, Guid DeviceId, string Token)
{
    public HttpRequestMessage Request(HttpMethod method, string relative)
    {
        var request = new HttpRequestMessage(method, new Uri(Central, relative));
        request.Headers.Authorization = new AuthenticationHeaderValue(FieldLimits.AuthorizationScheme, Token);
        return request;
    }

    /// <summary>The base address with a trailing slash, so relative paths append to it.</summary>
    public static Uri NormaliseBase(Uri central) =>
        central.AbsolutePath.EndsWith('/') ? central : new Uri(central.GetLeftPart(UriPartial.Path) + "/");
}

/// <summary>Reads the laptop's link from the database.</summary>
public static class FieldLinks
{
    public static async Task<FieldLink?> LoadAsync(Kinodialog.Data.KinodialogDbContext db, CancellationToken cancellationToken)
    {
        var connection = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.FieldConnections), cancellationToken);
        return connection is null ? null : new FieldLink(new Uri(connection.CentralBaseUrl), connection.DeviceId, connection.DeviceToken);
    }
}
