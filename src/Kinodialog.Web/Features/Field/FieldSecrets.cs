using System.Security.Cryptography;
using System.Text;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Features.Shared;

namespace Kinodialog.Web.Features.Field;

/// <summary>Device tokens and one-time enrolment codes; only their SHA-256 (hex) is ever stored.</summary>
public static class FieldSecrets
{
    /// <summary>How long an enrolment code works after it was shown.</summary>
    public static readonly TimeSpan EnrolmentCodeLifetime = TimeSpan.FromMinutes(30);

    /// <summary>Characters of a code: the join codes' alphabet (no 0/O, 1/I/L to confuse).</summary>
    public const string CodeAlphabet = JoinCode.Alphabet;

    private const int CodeGroups = 3;

    private const int CodeGroupLength = 4;

    /// <summary>A device token: 32 random bytes, base64url.</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A short code to type: three groups of four, e.g. "K7PM-3QXT-9HWA".</summary>
    public static string NewEnrolmentCode()
    {
        var text = new StringBuilder(CodeGroups * (CodeGroupLength + 1));
        for (var group = 0; group < CodeGroups; group++)
        {
            if (group > 0)
            {
                text.Append('-');
            }

            for (var i = 0; i < CodeGroupLength; i++)
            {
                text.Append(CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)]);
            }
        }

        return text.ToString();
    }

    /// <summary>The code as typed, without spaces or dashes, upper case; null when it cannot be a code.</summary>
    public static string? NormalizeCode(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 64)
        {
            return null;
        }

        var chars = new StringBuilder(CodeGroups * CodeGroupLength);
        foreach (var c in typed)
        {
            if (c is ' ' or '-' or '\t')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (!CodeAlphabet.Contains(upper, StringComparison.Ordinal))
            {
                return null;
            }

            chars.Append(upper);
        }

        return chars.Length == CodeGroups * CodeGroupLength ? chars.ToString() : null;
    }

    public static string Hash(string secret) => TokenHash.Of(secret);

    /// <summary>
    /// The text of the enrolment QR code, which the laptop's set-up page also accepts pasted:
    /// "{central base URL}|{code}", e.g. "https://kinodialog.example.org|K7PM-3QXT-9HWA".
    /// </summary>
    public static string EnrolmentText(string baseUrl, string code) => baseUrl.TrimEnd('/') + "|" + code;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
