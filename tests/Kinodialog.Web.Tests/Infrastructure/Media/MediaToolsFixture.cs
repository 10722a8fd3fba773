using System.Diagnostics;
using System.Text;
using Kinodialog.Web.Infrastructure.Media;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kinodialog.Web.Tests.Infrastructure.Media;

/// <summary>The media services as AddMediaTools registers them, the real ffmpeg, and sources made with lavfi.</summary>
public sealed class MediaToolsFixture : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "kinodialog-media-tests", Guid.NewGuid().ToString("N"));

    public ServiceProvider Services { get; } = new ServiceCollection()
        .AddLogging()
        .AddMediaTools(new ConfigurationBuilder().Build())
        .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

    /// <summary>3 s of 320x240 MPEG-4 Part 2 video with an MP2 tone, under a name with spaces and quotes.</summary>
    public string Source => Path.Combine(Directory, "source 'film' \"1\".mkv");

    /// <summary>2 s of 320x240 video without any audio stream.</summary>
    public string SilentSource => Path.Combine(Directory, "silent.mkv");

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A fresh directory under the fixture's, for one test's outputs.</summary>
    public string NewWorkDirectory()
    {
        var path = Path.Combine(Directory, "work-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        await MakeSourceAsync(Source, 320, 240, seconds: 3, withAudio: true);
        await MakeSourceAsync(SilentSource, 320, 240, seconds: 2, withAudio: false);
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A source made by ffmpeg directly (not by the code under test): testsrc2 and a sine tone.</summary>
    public static Task MakeSourceAsync(string path, int width, int height, int seconds, bool withAudio)
    {
        var size = $"{width}x{height}";
        List<string> args = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=s={size}:r=25:d={seconds}"];
        if (withAudio)
        {
            args.AddRange(["-f", "lavfi", "-i", $"sine=f=440:r=48000:d={seconds}", "-c:a", "mp2"]);
        }

        args.AddRange(["-c:v", "mpeg4", "-q:v", "5", "file:" + path]);
        return RunFfmpegAsync(args);
    }

    public static async Task<string> RunFfmpegAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"ffmpeg failed: {await error}");
        return await output;
    }

    /// <summary>An HLS playlist saved as "film.mp4" in <paramref name="directory"/>, naming a copy of <paramref name="segment"/>.</summary>
    public static async Task<string> MakeDisguisedPlaylistAsync(string directory, string segment)
    {
        File.Copy(segment, Path.Combine(directory, "clip.mkv"));
        var path = Path.Combine(directory, "film.mp4");
        await File.WriteAllTextAsync(path, "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nclip.mkv\n#EXT-X-ENDLIST\n");
        return path;
    }

    /// <summary>The types of an MP4's top-level boxes in file order ("ftyp", "moov", "mdat"…).</summary>
    public static List<string> TopLevelBoxes(string path)
    {
        var boxes = new List<string>();
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        while (stream.Position + 8 <= stream.Length)
        {
            var start = stream.Position;
            long size = ReadUInt32BigEndian(reader);
            var type = Encoding.ASCII.GetString(reader.ReadBytes(4));
            if (size == 1)
            {
                size = (long)((ulong)ReadUInt32BigEndian(reader) << 32 | ReadUInt32BigEndian(reader));
            }
            else if (size == 0)
            {
                size = stream.Length - start;
            }

            boxes.Add(type);
            if (size < 8)
            {
                break;
            }

            stream.Position = start + size;
        }

        return boxes;
    }

    /// <summary>Live processes whose command line mentions <paramref name="token"/> (Linux /proc).</summary>
    public static List<int> ProcessesMentioning(string token)
    {
        var found = new List<int>();
        foreach (var directory in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (commandLine.Contains(token, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }

    /// <summary>Waits up to a few seconds for no process to mention the token.</summary>
    public static async Task AssertNoProcessMentionsAsync(string token)
    {
        for (var i = 0; i < 50 && ProcessesMentioning(token).Count > 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Empty(ProcessesMentioning(token));
    }

    private static uint ReadUInt32BigEndian(BinaryReader reader) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(reader.ReadBytes(4));
}

[CollectionDefinition(Name)]
public sealed class MediaToolsTestGroup : ICollectionFixture<MediaToolsFixture>
{
    /// <summary>Media tests share one set of sources and run one after another: ffmpeg wants both cores.</summary>
    public const string Name = "Media tools";
}

/// <summary>Records progress synchronously (Progress&lt;T&gt; would post to a synchronization context).</summary>
public sealed class RecordingProgress : IProgress<double>
{
    private readonly List<double> _values = [];

    public IReadOnlyList<double> Values
    {
        get
        {
            lock (_values)
            {
                return [.. _values];
            }
        }
    }

    public Action<double>? OnReport { get; init; }

    public void Report(double value)
    {
        lock (_values)
        {
            _values.Add(value);
        }

        OnReport?.Invoke(value);
    }
}
