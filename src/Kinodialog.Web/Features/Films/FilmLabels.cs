using System.Globalization;
using Kinodialog.Core.Localization;
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
    /// <summary>A length as everywhere (<see cref="DurationText"/>), in the page's language; empty when unknown.</summary>
    public static string Duration(IStringLocalizer<FilmsResource> l, double? seconds) =>
        seconds is { } s ? DurationText.Format(s, Words(l), CultureInfo.CurrentCulture) : "";

    public static string Duration(IStringLocalizer<FilmsResource> l, TimeSpan length) =>
        DurationText.Format(length, Words(l), CultureInfo.CurrentCulture);

    private static DurationWords Words(IStringLocalizer<FilmsResource> l) => new(l["{0} min"], l["{0} h"], l["{0} h {1} min"]);
}
