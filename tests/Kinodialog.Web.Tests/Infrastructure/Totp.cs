using System.Buffers.Binary;
using System.Security.Cryptography;
using Kinodialog.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kinodialog.Web.Tests.Infrastructure;

/// <summary>
/// Time-based one-time passwords as an authenticator app computes them (RFC 6238: HMAC-SHA1, 30-second
/// steps, 6 digits, RFC 4648 base32 key). Identity checks codes against the real clock (it reads
/// DateTimeOffset.UtcNow, not the app's TimeProvider), so codes are computed for the real time too.
/// </summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset? at = null)
    {
        var step = (at ?? TimeProvider.System.GetUtcNow()).ToUnixTimeSeconds() / 30;
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238 as authenticator apps (and Identity) compute it: HMAC-SHA1.
        var hash = HMACSHA1.HashData(Base32(base32Key), counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The current code of an account's enrolled authenticator.</summary>
    public static Task<string> CodeForAsync(KinodialogFactory factory, string email) =>
        factory.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StaffUser>>();
            var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("No account " + email);
            var key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator for " + email);
            return Code(key);
        });

    /// <summary>Enrols an authenticator for the account as the enrolment page would, and returns its key.</summary>
    public static Task<string> EnrolAsync(KinodialogFactory factory, Guid userId) =>
        factory.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StaffUser>>();
            var user = await users.FindByIdAsync(userId.ToString()) ?? throw new InvalidOperationException("No account " + userId);
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            return (await users.GetAuthenticatorKeyAsync(user))!;
        });

    public static byte[] Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException("Not base32: " + c);
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)((buffer >> bits) & 0xff));
            }
        }

        return [.. bytes];
    }
}
