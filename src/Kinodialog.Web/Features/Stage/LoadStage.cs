using System.Security.Claims;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Infrastructure.Localization;

namespace Kinodialog.Web.Features.Stage;

/// <summary>When the stage pages show the dialogue's summary.</summary>
public enum StageDialogue
{
    /// <summary>While the screening is in its dialogue stage (run mode, the projector).</summary>
    InDialogueStage,

    /// <summary>Once anyone voted, whatever the stage (the pack doubles as the facilitator's report).</summary>
    OnceVoted,
}

/// <summary>What run mode, the projector and the pack show of one screening.</summary>
/// <param name="Screening">The screening as the organiser may see it.</param>
/// <param name="JoinAddress">The join address's base, where it came from and the addresses phones could use instead.</param>
/// <param name="JoinUrl">The address a phone opens to join (also in the QR code).</param>
/// <param name="QrDataUri">The QR code of <paramref name="JoinUrl"/>.</param>
/// <param name="Dialogue">The dialogue's summary when <see cref="StageDialogue"/> asks for it.</param>
public sealed record StageView(ScreeningView Screening, JoinAddress JoinAddress, string JoinUrl, string QrDataUri, LiveSummary? Dialogue)
{
    /// <summary>The join address without the scheme, for reading off the wall.</summary>
    public string JoinUrlShort => new Uri(JoinAddress.BaseUrl).Authority + "/join";
}

/// <summary>Loads one screening's stage in the page's language, or null when the user may not see it.</summary>
public sealed class LoadStage(GetScreening get, DialogueSummaries dialogue, JoinLinks joinLinks)
{
    public async Task<StageView?> HandleAsync(Guid id, HttpRequest request, ClaimsPrincipal user, StageDialogue when, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var culture = LocalizationExtensions.CurrentCulture().Name;
        if (await get.HandleAsync(id, user, culture, cancellationToken) is not { } screening)
        {
            return null;
        }

        LiveSummary? summary = null;
        if (when == StageDialogue.OnceVoted || screening.Stage == AudienceStage.Dialogue)
        {
            summary = await dialogue.HandleAsync(id, user, culture, cancellationToken);
            summary = when == StageDialogue.OnceVoted && summary is not { Votes: > 0 } ? null : summary;
        }

        var joinUrl = joinLinks.For(request, screening.JoinCode);
        return new StageView(screening, joinLinks.Address(request), joinUrl, QrCodes.SvgDataUri(joinUrl), summary);
    }
}

public static class StageServices
{
    public static IServiceCollection AddStage(this IServiceCollection services) => services.AddScoped<LoadStage>();
}
