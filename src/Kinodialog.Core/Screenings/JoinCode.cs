using System.Security.Cryptography;

namespace Kinodialog.Core.Screenings;

/// <summary>Short codes an audience types on a phone: no 0/O, 1/I/L, upper case only.</summary>
public static class JoinCode
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 6;

    public static string Generate()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>What a person typed, made comparable (case, spaces and dashes ignored); null when it cannot be a code.</summary>
    public static string? Normalize(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        Span<char> chars = stackalloc char[Length];
        var count = 0;
        foreach (var c in typed)
        {
            if (c is ' ' or '-' or '\t')
            {
                continue;
            }

            var upper = c is >= 'a' and <= 'z' ? (char)(c - 32) : c;
            if (!Alphabet.Contains(upper, StringComparison.Ordinal) || count == Length)
            {
                return null;
            }

            chars[count++] = upper;
        }

        return count == Length ? new string(chars) : null;
    }
}
