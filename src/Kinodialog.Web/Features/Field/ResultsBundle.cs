using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Kinodialog.Web.Features.Field;

/// <summary>Why a results file was refused; pages say it in the user's language.</summary>
public enum BundleRefusal
{
    None = 0,

    /// <summary>Not a Kinodialog results file at all (wrong start), or of a newer format.</summary>
    NotABundle,

    /// <summary>Shorter than its own header: cut off while copying.</summary>
    Truncated,

    /// <summary>The authentication tag does not match: a wrong passphrase, or the file was changed or cut off.</summary>
    WrongPassphraseOrDamaged,

    /// <summary>Decrypted, but its content is not results of this format.</summary>
    UnreadableContent,

    /// <summary>Larger than <see cref="ResultsBundle.MaxFileBytes"/> or its content larger than allowed.</summary>
    TooLarge,
}

public sealed record OpenedBundle(ResultsBundleContent? Content, BundleRefusal Refusal);

/// <summary>
/// The encrypted results file a facilitator carries on a USB stick when the laptop is never online.
/// Authenticated encryption from the platform (AES-256-GCM, OpenSSL underneath), key from the
/// passphrase with PBKDF2-HMAC-SHA256 and a random salt; the whole header is authenticated too, so
/// any changed, added or missing byte is refused and nothing is imported.
/// Layout: "KDRB" | version (1 byte) | iterations (int32, big-endian) | salt (16) | nonce (12) |
/// ciphertext of gzip(JSON of <see cref="ResultsBundleContent"/>) | tag (16).
/// </summary>
public static class ResultsBundle
{
    public const int MinPassphraseLength = 10;

    public const long MaxFileBytes = 256L * 1024 * 1024;

    public const string FileExtension = ".kdresults";

    private const int DefaultIterations = 600_000;

    private const int MaxIterations = 5_000_000;

    private const byte Version = 1;

    private const int HeaderLength = 4 + 1 + 4 + 16 + 12;

    private const int TagLength = 16;

    private static readonly byte[] Magic = "KDRB"u8.ToArray();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static byte[] Seal(ResultsBundleContent content, string passphrase) =>
        Seal(content, passphrase, DefaultIterations);

    /// <summary>Seals with a chosen work factor (tests use a small one to stay fast).</summary>
    public static byte[] Seal(ResultsBundleContent content, string passphrase, int iterations)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(passphrase);
        ArgumentOutOfRangeException.ThrowIfLessThan(passphrase.Length, MinPassphraseLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);

        byte[] plain;
        using (var buffer = new MemoryStream())
        {
            using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            {
                JsonSerializer.Serialize(gzip, content, Json);
            }

            plain = buffer.ToArray();
        }

        var output = new byte[HeaderLength + plain.Length + TagLength];
        var header = output.AsSpan(0, HeaderLength);
        Magic.CopyTo(header);
        header[4] = Version;
        BinaryPrimitives.WriteInt32BigEndian(header[5..9], iterations);
        RandomNumberGenerator.Fill(header[9..25]);
        RandomNumberGenerator.Fill(header[25..37]);

        var key = DeriveKey(passphrase, header[9..25], iterations);
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Encrypt(
                header[25..37],
                plain,
                output.AsSpan(HeaderLength, plain.Length),
                output.AsSpan(HeaderLength + plain.Length, TagLength),
                header);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return output;
    }

    /// <summary>Opens a results file; refuses (never throws) on anything that is not intact.</summary>
    public static OpenedBundle Open(ReadOnlySpan<byte> file, string passphrase)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        if (file.Length > MaxFileBytes)
        {
            return new OpenedBundle(null, BundleRefusal.TooLarge);
        }

        if (file.Length < Magic.Length || !file[..Magic.Length].SequenceEqual(Magic))
        {
            return new OpenedBundle(null, BundleRefusal.NotABundle);
        }

        if (file.Length < HeaderLength + TagLength)
        {
            return new OpenedBundle(null, BundleRefusal.Truncated);
        }

        var header = file[..HeaderLength];
        if (header[4] != Version)
        {
            return new OpenedBundle(null, BundleRefusal.NotABundle);
        }

        var iterations = BinaryPrimitives.ReadInt32BigEndian(header[5..9]);
        if (iterations is < 1 or > MaxIterations)
        {
            return new OpenedBundle(null, BundleRefusal.WrongPassphraseOrDamaged);
        }

        var cipherLength = file.Length - HeaderLength - TagLength;
        var plain = new byte[cipherLength];
        var key = DeriveKey(passphrase, header[9..25], iterations);
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(header[25..37], file.Slice(HeaderLength, cipherLength), file[^TagLength..], plain, header);
        }
        catch (AuthenticationTagMismatchException)
        {
            return new OpenedBundle(null, BundleRefusal.WrongPassphraseOrDamaged);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(plain), CompressionMode.Decompress);
            using var limited = new LimitedReadStream(gzip, MaxFileBytes * 4);
            var content = JsonSerializer.Deserialize<ResultsBundleContent>(limited, Json);
            if (content is null || content.FormatVersion != FieldLimits.FormatVersion || content.Results is null
                || content.Outcome is null)
            {
                return new OpenedBundle(null, BundleRefusal.UnreadableContent);
            }

            return new OpenedBundle(content, BundleRefusal.None);
        }
        catch (LimitExceededException)
        {
            return new OpenedBundle(null, BundleRefusal.TooLarge);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or NotSupportedException)
        {
            return new OpenedBundle(null, BundleRefusal.UnreadableContent);
        }
    }

    private static byte[] DeriveKey(string passphrase, ReadOnlySpan<byte> salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(passphrase.Normalize(NormalizationForm.FormC)),
            salt,
            iterations,
            HashAlgorithmName.SHA256,
            32);

    private sealed class LimitExceededException : Exception
    {
    }

    /// <summary>Stops a decompression bomb: reading past the limit throws.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            read += n;
            if (read > limit)
            {
                throw new LimitExceededException();
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
