using System.Security.Cryptography;
using System.Text;

namespace Kinodialog.Web.Features.Shared;

/// <summary>
/// How a random bearer secret (a phone's join token, a field laptop's device token or enrolment code)
/// is kept: its SHA-256 in lower-case hex, never the secret itself. The secrets are long and random,
/// so a plain hash suffices (no salt or stretching: nothing to guess).
/// </summary>
public static class TokenHash
{
    public static string Of(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
