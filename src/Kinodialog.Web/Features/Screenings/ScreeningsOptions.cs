using System.ComponentModel.DataAnnotations;

namespace Kinodialog.Web.Features.Screenings;

/// <summary>Planning settings. Section "Screenings".</summary>
public sealed class ScreeningsOptions : IValidatableObject
{
    public const string SectionName = "Screenings";

    /// <summary>
    /// The venue's time zone a plan starts in when the organiser has no earlier screening (an IANA id such
    /// as "Asia/Baku" or "Asia/Yerevan"); after that, the zone of the organiser's last screening.
    /// </summary>
    public string DefaultTimeZone { get; set; } = "Asia/Baku";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(DefaultTimeZone) || !DefaultTimeZone.Contains('/', StringComparison.Ordinal)
            || !TimeZoneInfo.TryFindSystemTimeZoneById(DefaultTimeZone, out _))
        {
            yield return new ValidationResult(
                $"Screenings:DefaultTimeZone \"{DefaultTimeZone}\" is not a time zone of this machine (use an IANA id such as Asia/Baku).",
                [nameof(DefaultTimeZone)]);
        }
    }
}
