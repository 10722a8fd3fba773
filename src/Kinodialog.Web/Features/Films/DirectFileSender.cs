using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Kinodialog.Web.Features.Films;

/// <summary>
/// Sends media files by reading them straight into the response pipe in large blocks, instead of the
/// default copy through a 64 KiB buffer with a flush per block. Range, ETag and 304/416 handling stay
/// with the static-file middleware; only the copy of the bytes changes.
/// </summary>
internal sealed class DirectFileSender(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
{
    private const int BlockSize = 256 * 1024;
    private const int FlushEvery = 1024 * 1024;

    public Stream Stream => inner.Stream;

    public PipeWriter Writer => inner.Writer;

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task CompleteAsync() => inner.CompleteAsync();

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var remaining = count ?? RandomAccess.GetLength(handle) - offset;
        await inner.StartAsync(cancellationToken);
        var writer = inner.Writer;
        var unflushed = 0;
        while (remaining > 0)
        {
            var memory = writer.GetMemory((int)Math.Min(remaining, BlockSize));
            var wanted = (int)Math.Min(remaining, memory.Length);
            var read = await RandomAccess.ReadAsync(handle, memory[..wanted], offset, cancellationToken);
            if (read == 0)
            {
                throw new IOException($"{path} ended before the {remaining} remaining bytes were read.");
            }

            writer.Advance(read);
            offset += read;
            remaining -= read;
            unflushed += read;
            if (unflushed >= FlushEvery || remaining == 0)
            {
                unflushed = 0;
                var result = await writer.FlushAsync(cancellationToken);
                if (result.IsCanceled || result.IsCompleted)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Installs the sender for the requests of this branch of the pipeline.</summary>
    public static IApplicationBuilder UseDirectFileSender(IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var original = context.Features.Get<IHttpResponseBodyFeature>();
            if (original is not null)
            {
                context.Features.Set<IHttpResponseBodyFeature>(new DirectFileSender(original));
            }

            try
            {
                await next(context);
            }
            finally
            {
                if (original is not null)
                {
                    context.Features.Set(original);
                }
            }
        });
}
