using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kinodialog.Web.Tests.Infrastructure;

/// <summary>Keeps every log entry of warning level and above, to assert what was (not) logged.</summary>
public sealed class RecordedLogs : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(RecordedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logs.Entries.Enqueue((logLevel, category, formatter(state, exception) + (exception is null ? "" : " " + exception.GetType().Name)));
            }
        }
    }
}

/// <summary>An app whose warnings and errors are recorded in <see cref="Logs"/>.</summary>
public sealed class RecordingSqliteFactory : SqliteFactory
{
    public RecordedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Logs));
    }
}

/// <summary>A request body of zeros that counts how much of it the server has taken.</summary>
public sealed class CountingContent : HttpContent
{
    private readonly long _size;
    private long _sent;

    public CountingContent(long size, string mediaType)
    {
        _size = size;
        Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);
    }

    public long Sent => Interlocked.Read(ref _sent);

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        var chunk = new byte[64 * 1024];
        for (var left = _size; left > 0;)
        {
            var n = (int)Math.Min(chunk.Length, left);
            await stream.WriteAsync(chunk.AsMemory(0, n));
            Interlocked.Add(ref _sent, n);
            left -= n;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _size;
        return true;
    }
}
