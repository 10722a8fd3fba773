using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Kinodialog.Core.Subtitles;

/// <summary>How to turn an uploaded subtitle file's bytes into text.</summary>
public enum SubtitleEncoding
{
    /// <summary>UTF-8 with or without BOM, or UTF-16 with a BOM. The default; nothing else is guessed.</summary>
    Unicode,

    /// <summary>Windows-1251 (Cyrillic), only when the uploader asks for it.</summary>
    Windows1251,

    /// <summary>KOI8-R (Russian), only when the uploader asks for it.</summary>
    Koi8R,
}

/// <summary>Decoded text (and the encoding actually used), or the error that stopped decoding.</summary>
public sealed record SubtitleDecodeResult(string? Text, string? EncodingName, SubtitleIssue? Error)
{
    [MemberNotNullWhen(true, nameof(Text), nameof(EncodingName))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;
}

/// <summary>
/// Decodes subtitle files strictly: invalid bytes give an error asking for UTF-8, never replacement
/// characters or mojibake. Legacy Cyrillic encodings are used only when the caller asks for them.
/// </summary>
public static class SubtitleDecoder
{
    private const string SaveAsUtf8 = "Save the file as UTF-8 (in most editors: Save As → Encoding: UTF-8) and upload it again.";

    static SubtitleDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static SubtitleDecodeResult Decode(ReadOnlySpan<byte> bytes, SubtitleEncoding encoding = SubtitleEncoding.Unicode)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return Fail(1, SubtitleIssueCodes.EncodingUnsupported, $"The file is encoded as UTF-32, which is not accepted. {SaveAsUtf8}", "UTF-32");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return DecodeUtf8(bytes[3..], 3, bytes);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return DecodeUtf16(bytes[2..], bigEndian: false);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return DecodeUtf16(bytes[2..], bigEndian: true);
        }

        if (LooksLikeUtf16WithoutBom(bytes))
        {
            return Fail(1, SubtitleIssueCodes.EncodingUtf16WithoutBom,
                $"The file looks like UTF-16 without a byte order mark, which cannot be read reliably. {SaveAsUtf8}");
        }

        // Bytes that are valid UTF-8 are UTF-8, even when a legacy encoding was asked for: decoding them
        // as Windows-1251 or KOI8-R would only produce mojibake.
        if (encoding == SubtitleEncoding.Unicode || Utf8.IsValid(bytes))
        {
            return DecodeUtf8(bytes, 0, bytes);
        }

        return DecodeLegacy(bytes, encoding);
    }

    private static SubtitleDecodeResult DecodeUtf8(ReadOnlySpan<byte> bytes, int offset, ReadOnlySpan<byte> whole)
    {
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: true);
        if (status == OperationStatus.Done)
        {
            return new SubtitleDecodeResult(new string(chars, 0, written), "utf-8", null);
        }

        var at = offset + read;
        var line = LineOf(whole, at);
        var hex = whole[at].ToString("X2", CultureInfo.InvariantCulture);
        var position = at.ToString(CultureInfo.InvariantCulture);
        return Fail(line, SubtitleIssueCodes.EncodingInvalidUtf8,
            $"The file is not valid UTF-8: byte 0x{hex} at position {position} (line {line}) cannot be read. It is probably in an older encoding such as ARMSCII-8, Windows-1251 or KOI8-R. {SaveAsUtf8}",
            SubtitleText.Number(line), position, "0x" + hex);
    }

    private static SubtitleDecodeResult DecodeUtf16(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        var name = bigEndian ? "utf-16be" : "utf-16le";
        var text = TryGetString(new UnicodeEncoding(bigEndian, byteOrderMark: false, throwOnInvalidBytes: true), bytes);
        return text is not null
            ? new SubtitleDecodeResult(text, name, null)
            : Fail(1, SubtitleIssueCodes.EncodingInvalidUtf16,
                $"The file starts like UTF-16 ({(bigEndian ? "big" : "little")}-endian) but contains invalid data. {SaveAsUtf8}", name);
    }

    private static SubtitleDecodeResult DecodeLegacy(ReadOnlySpan<byte> bytes, SubtitleEncoding encoding)
    {
        var (codePage, name, label) = encoding switch
        {
            SubtitleEncoding.Windows1251 => (1251, "windows-1251", "Windows-1251"),
            SubtitleEncoding.Koi8R => (20866, "koi8-r", "KOI8-R"),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown subtitle encoding."),
        };

        // Unused bytes either fail to decode or (in some code pages) become C1 controls, which no subtitle contains.
        var text = TryGetString(Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback), bytes);
        if (text is null || text.Any(c => c is >= '\u0080' and <= '\u009F'))
        {
            return Fail(1, SubtitleIssueCodes.EncodingLegacyUndecodable,
                $"The file contains bytes that do not exist in {label}, so it is not in that encoding. {SaveAsUtf8}", label);
        }

        return LegacyTextCheck.LooksLikeMojibake(text)
            ? Fail(1, SubtitleIssueCodes.EncodingLegacyUndecodable,
                $"Read as {label}, the file gives garbled text, so it is probably in another encoding (for example ARMSCII-8 for Armenian). {SaveAsUtf8}", label)
            : new SubtitleDecodeResult(text, name, null);
    }

    private static string? TryGetString(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>ASCII text stored as UTF-16 without a BOM has a NUL in every other byte.</summary>
    private static bool LooksLikeUtf16WithoutBom(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, 512)];
        if (sample.Length < 4)
        {
            return false;
        }

        int evenNuls = 0, oddNuls = 0;
        for (var i = 0; i < sample.Length; i++)
        {
            if (sample[i] == 0)
            {
                if (i % 2 == 0)
                {
                    evenNuls++;
                }
                else
                {
                    oddNuls++;
                }
            }
        }

        var pairs = sample.Length / 2;
        return Math.Max(evenNuls, oddNuls) * 10 >= pairs * 4;
    }

    private static int LineOf(ReadOnlySpan<byte> bytes, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n' || (bytes[i] == (byte)'\r' && (i + 1 >= bytes.Length || bytes[i + 1] != (byte)'\n')))
            {
                line++;
            }
        }

        return line;
    }

    private static SubtitleDecodeResult Fail(int line, string code, string message, params string[] arguments) =>
        new(null, null, SubtitleIssue.Create(line, code, message, arguments));
}

/// <summary>
/// Recognises text that came out of the wrong single-byte code page. Russian never puts a capital letter
/// after a small one inside a word, nor Latin-1 symbols (µ, ¶, ·, », …) between letters; Armenian
/// ARMSCII-8 read as Windows-1251, or Windows-1251 read as KOI8-R, does both all the time.
/// </summary>
internal static class LegacyTextCheck
{
    public static bool LooksLikeMojibake(string text)
    {
        int words = 0, mixedCaseWords = 0, symbolsInsideWords = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                if (IsLatin1Symbol(text[i]) && i > 0 && i + 1 < text.Length && char.IsLetter(text[i - 1]) && char.IsLetter(text[i + 1]))
                {
                    symbolsInsideWords++;
                }

                i++;
                continue;
            }

            var start = i;
            var mixed = false;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                if (i > start && IsCyrillic(text[i]) && char.IsUpper(text[i]) && char.IsLower(text[i - 1]))
                {
                    mixed = true;
                }

                i++;
            }

            if (i - start >= 2 && IsCyrillic(text[start]))
            {
                words++;
                if (mixed)
                {
                    mixedCaseWords++;
                }
            }
        }

        return symbolsInsideWords >= 2 || (mixedCaseWords >= 2 && mixedCaseWords * 10 >= words);
    }

    private static bool IsCyrillic(char c) => c is >= '\u0400' and <= '\u04FF';

    // Latin-1 punctuation and signs (not letters) that Windows-1251 and KOI8-R can produce.
    private static bool IsLatin1Symbol(char c) => c is >= '\u00A1' and <= '\u00BF' && !char.IsLetter(c);
}
