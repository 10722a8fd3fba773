using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kinodialog.Core.Screenings;

namespace Kinodialog.Core.Surveys;

/// <summary>
/// Codes that pair answers without identity: printed participant cards (derived from a
/// per-screening key and the card number, so a card can be reprinted) and self-generated codes
/// for people who lost their card (stored only as a keyed hash).
/// </summary>
public static class ParticipantCodes
{
    public const int CardCodeLength = 8;

    /// <summary>The code printed on card <paramref name="number"/>: 8 characters of the join-code alphabet, shown as XXXX-XXXX.</summary>
    public static string CardCode(byte[] key, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("card:" + number.ToString(CultureInfo.InvariantCulture)));
        var chars = new char[CardCodeLength];
        var value = BitConverter.ToUInt64(mac, 0);
        for (var i = 0; i < CardCodeLength; i++)
        {
            chars[i] = JoinCode.Alphabet[(int)(value % (ulong)JoinCode.Alphabet.Length)];
            value /= (ulong)JoinCode.Alphabet.Length;
        }

        return new string(chars);
    }

    public static string Display(string cardCode) => cardCode.Length == CardCodeLength ? cardCode[..4] + "-" + cardCode[4..] : cardCode;

    /// <summary>A typed card code without spaces or dashes, upper case; null when it cannot be one.</summary>
    public static string? NormalizeCard(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        var code = new string(typed.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return code.Length == CardCodeLength && code.All(c => JoinCode.Alphabet.Contains(c, StringComparison.Ordinal)) ? code : null;
    }

    /// <summary>
    /// A self-generated code (e.g. initial of mother's first name + birth month + older siblings)
    /// as a keyed hash: letters and digits only, case-insensitive; null when too short to be one.
    /// </summary>
    public static string? SelfCodeHash(byte[] key, string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        var normalized = new string(typed.Normalize(NormalizationForm.FormC).Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return normalized.Length < 3 ? null : Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("self:" + normalized)));
    }
}
