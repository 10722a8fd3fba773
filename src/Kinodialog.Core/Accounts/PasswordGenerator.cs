using System.Security.Cryptography;

namespace Kinodialog.Core.Accounts;

/// <summary>Generates one-time passwords that are easy to read aloud and type.</summary>
public static class PasswordGenerator
{
    // No 0/O, 1/l/I: the password is often copied from a screen by hand.
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>Returns groups of four characters separated by hyphens, e.g. "k7Qd-mZ3p-Xa9w-..." .</summary>
    public static string Generate(int groups = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 3);
        var chars = new char[(groups * 5) - 1];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (i + 1) % 5 == 0 ? '-' : Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }
}
