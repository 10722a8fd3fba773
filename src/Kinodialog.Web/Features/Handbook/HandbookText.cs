using Kinodialog.Core.Handbook;
using Kinodialog.Core.Localization;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Handbook;

/// <summary>Localised labels for languages and translation states.</summary>
public static class HandbookText
{
    /// <summary>A language's name in the reader's language ("Armenian" / "армянский").</summary>
    public static string LanguageName(IStringLocalizer<HandbookResource> l, string culture) => SupportedCultures.Find(culture) switch
    {
        { Name: "en" } => l["English"],
        { Name: "hy" } => l["Armenian"],
        { Name: "az-Latn" } => l["Azerbaijani"],
        { Name: "ru" } => l["Russian"],
        _ => culture,
    };

    public static string StateLabel(IStringLocalizer<HandbookResource> l, TranslationState state) => state switch
    {
        TranslationState.Source => l["Source text"],
        TranslationState.UpToDate => l["Up to date"],
        _ => l["Translation out of date"],
    };

    public static string UrlSegment(string culture) => SupportedCultures.Find(culture)?.UrlSegment ?? culture;
}
