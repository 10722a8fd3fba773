using System.Security.Cryptography;
using Kinodialog.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Films;

/// <summary>
/// Where media lives on disk. Every path derives from ids and content hashes, never from an
/// uploaded file name: uploads/{uploadId}.part, work/{jobId}/, films/{filmId}/{sha256}.{ext}.
/// </summary>
public sealed class MediaStorage(IOptions<StorageOptions> options)
{
    public string Root => options.Value.FullMediaPath;

    public string UploadPath(Guid uploadId) => Path.Combine(Root, "uploads", uploadId.ToString("N") + ".part");

    public string WorkDirectory(Guid jobId) => Path.Combine(Root, "work", jobId.ToString("N"));

    public string FullPath(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>URL of a stored file; immutable because the name is its content hash.</summary>
    public static string Url(string relativePath) => "/media/" + relativePath;

    /// <summary>Moves a finished file to its content-addressed place and returns the relative path.</summary>
    public string Store(string sourceFile, Guid filmId, string sha256, string extension)
    {
        var relative = $"films/{filmId:N}/{sha256}.{extension}";
        var target = FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            File.Delete(sourceFile);
        }
        else
        {
            File.Move(sourceFile, target);
        }

        return relative;
    }

    /// <summary>Writes bytes to their content-addressed place (subtitles) and returns (relative path, sha256).</summary>
    public async Task<(string RelativePath, string Sha256)> StoreAsync(byte[] content, Guid filmId, string extension, CancellationToken cancellationToken)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var relative = $"films/{filmId:N}/{sha}.{extension}";
        var target = FullPath(relative);
        if (!File.Exists(target))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temp = target + ".tmp-" + Guid.NewGuid().ToString("N");
            await File.WriteAllBytesAsync(temp, content, cancellationToken);
            File.Move(temp, target, overwrite: true);
        }

        return (relative, sha);
    }
}
