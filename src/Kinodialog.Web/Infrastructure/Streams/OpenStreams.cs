using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kinodialog.Web.Infrastructure.Streams;

/// <summary>
/// Long-lived responses (Server-Sent Events) open at once per holder (a phone, a staff account): a
/// holder opening more than its limit only ties up connections, listeners and database reads, so the
/// next stream is refused (429 with Retry-After) until one of its streams ends. Counted per node.
/// </summary>
public sealed class OpenStreams
{
    /// <summary>What a refused stream is told to wait before trying again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>A lease on one stream of this holder (dispose it when the stream ends), or null when it has <paramref name="limit"/> open.</summary>
    public IDisposable? TryOpen(string key, int limit)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_open)
        {
            var open = _open.GetValueOrDefault(key);
            if (open >= limit)
            {
                return null;
            }

            _open[key] = open + 1;
        }

        return new Lease(this, key);
    }

    /// <summary>
    /// Takes a lease for the stream this request answers with, released when the response ends however
    /// it ends (the stream finished, the client went away); null, with Retry-After set, when the holder
    /// has <paramref name="limit"/> open: answer with <see cref="TooMany"/>.
    /// </summary>
    public bool TryOpenFor(HttpContext context, string key, int limit)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (TryOpen(key, limit) is not { } lease)
        {
            context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return false;
        }

        context.Response.RegisterForDispose(lease);
        return true;
    }

    /// <summary>The answer to a stream over the holder's limit (429; <see cref="TryOpenFor"/> has set Retry-After).</summary>
    public static ProblemHttpResult TooMany(string title) =>
        TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: title);

    /// <summary>Streams open now for this holder (tests, diagnostics).</summary>
    public int Open(string key)
    {
        lock (_open)
        {
            return _open.GetValueOrDefault(key);
        }
    }

    private void Close(string key)
    {
        lock (_open)
        {
            if (_open.GetValueOrDefault(key) <= 1)
            {
                _open.Remove(key);
            }
            else
            {
                _open[key]--;
            }
        }
    }

    private sealed class Lease(OpenStreams owner, string key) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                owner.Close(key);
            }
        }
    }
}
