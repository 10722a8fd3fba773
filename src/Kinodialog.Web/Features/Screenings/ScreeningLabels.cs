using Kinodialog.Core.Screenings;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Screenings;

/// <summary>Screening vocabularies in the reader's language.</summary>
public static class ScreeningLabels
{
    public static string Audience(IStringLocalizer<ScreeningsResource> l, string key) => key switch
    {
        "students" => l["Students"],
        "ngo" => l["NGO"],
        "school" => l["School"],
        "diaspora" => l["Diaspora"],
        "mixed" => l["Mixed audience"],
        _ => key,
    };

    public static string Status(IStringLocalizer<ScreeningsResource> l, ScreeningStatus status) => status switch
    {
        ScreeningStatus.Planned => l["planned"],
        ScreeningStatus.Held => l["held"],
        _ => l["cancelled"],
    };

    public static string Stage(IStringLocalizer<ScreeningsResource> l, AudienceStage stage) => stage switch
    {
        AudienceStage.PreSurvey => l["Survey before the films"],
        AudienceStage.Films => l["Films"],
        AudienceStage.PostSurvey => l["Survey after the films"],
        AudienceStage.Dialogue => l["Dialogue"],
        _ => l["Waiting"],
    };

    public static string Part(IStringLocalizer<ScreeningsResource> l, string kind) => kind switch
    {
        "welcome" => l["Welcome, introductions and ground rules"],
        "pre-survey" => l["Short anonymous survey on phones"],
        "pause" => l["Pause"],
        "discussion" => l["Discussion"],
        "post-survey" => l["Second survey and close"],
        _ => kind,
    };

    public static string Checklist(IStringLocalizer<ScreeningsResource> l, string key) => key switch
    {
        "preview-films" => l["Watch every film in full beforehand"],
        "content-notes" => l["Prepare how to announce the content notes"],
        "test-projector" => l["Test the projector and the laptop at the venue"],
        "test-sound" => l["Test the sound at the back of the room"],
        "subtitles" => l["Check the subtitles in the chosen language"],
        "print-pack" => l["Print the facilitator pack"],
        "participant-cards" => l["Prepare cards with participant codes for people without a phone"],
        "trained-volunteer" => l["Arrange a trained volunteer for anyone who feels distressed"],
        "local-partners" => l["Invite respected local partners from both communities"],
        "ground-rules" => l["Agree the ground rules with your co-facilitator"],
        "safety-plan" => l["Decide what to do if the event attracts hostile attention"],
        "consent-photos" => l["No photos without consent: tell the audience at the start"],
        _ => key,
    };

    public static IReadOnlyList<string> GroundRules(IStringLocalizer<ScreeningsResource> l) =>
    [
        l["Speak for yourself: say “I”, do not speak for a whole people."],
        l["Challenge ideas, not people."],
        l["No hate speech, no insults."],
        l["Do not interrupt; one person speaks at a time."],
        l["Anyone may pass and stay silent."],
        l["What is said here stays here: no names, no photos without consent."],
        l["Anyone may ask for a pause."],
    ];
}
