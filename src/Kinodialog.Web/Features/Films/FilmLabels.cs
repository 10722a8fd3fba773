using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Films;

/// <summary>Names of the film vocabularies and languages in the reader's language.</summary>
public static class FilmLabels
{
    public static string Theme(IStringLocalizer<FilmsResource> l, string key) => key switch
    {
        "mixed-marriage" => l["Mixed marriages"],
        "prisoners" => l["Prisoners and prisoner exchanges"],
        "refugees" => l["Refugees and displaced people"],
        "loss" => l["Loss and grief"],
        "memory" => l["Memory"],
        "everyday-life" => l["Everyday life"],
        "youth" => l["Young people"],
        "women" => l["Women"],
        "borders" => l["Borders"],
        "reconciliation" => l["Reconciliation"],
        _ => key,
    };

    public static string ContentNote(IStringLocalizer<FilmsResource> l, string key) => key switch
    {
        "war-violence" => l["War violence"],
        "torture" => l["Torture"],
        "loss" => l["Death and loss"],
        "displacement" => l["Forced displacement"],
        "injury" => l["Injury"],
        _ => key,
    };

    public static string Role(IStringLocalizer<FilmsResource> l, string key) => key switch
    {
        "director" => l["Director"],
        "camera" => l["Camera"],
        "editor" => l["Editor"],
        "producer" => l["Producer"],
        "protagonist" => l["Protagonist"],
        "interviewer" => l["Interviewer"],
        "translator" => l["Translator"],
        _ => key,
    };

    public static string Language(IStringLocalizer<FilmsResource> l, string culture) => culture switch
    {
        "en" => l["English"],
        "hy" => l["Armenian"],
        "az-Latn" => l["Azerbaijani"],
        "ru" => l["Russian"],
        _ => culture,
    };

    /// <summary>A duration as minutes (and seconds under ten minutes), e.g. "27 min" or "0:58".</summary>
    public static string Duration(IStringLocalizer<FilmsResource> l, double? seconds)
    {
        if (seconds is not { } s)
        {
            return "";
        }

        var span = TimeSpan.FromSeconds(Math.Round(s));
        return span.TotalMinutes < 10
            ? span.ToString(@"m\:ss", CultureInfo.InvariantCulture)
            : l["{0} min", Math.Round(span.TotalMinutes).ToString("N0", CultureInfo.CurrentCulture)];
    }
}
