namespace Kinodialog.Web.Features.Screenings;

/// <summary>The address a phone opens to join: on the QR code, the pack, run mode, the projector and participant cards.</summary>
public static class JoinLinks
{
    /// <summary>The join page with the code filled in, in the phone's language.</summary>
    public static string For(HttpRequest request, string? code)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}/join?code={code}";
    }
}
