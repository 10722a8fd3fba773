using Kinodialog.Core.Screenings;

namespace Kinodialog.Core.Tests.Screenings;

public sealed class ScreeningLanguagesTests
{
    [Theory]
    // The phone's first language the screening is held in wins, in the phone's order.
    [InlineData("hy,az-Latn", "az-AZ,ru;q=0.8", "az-Latn")]
    [InlineData("hy,az-Latn", "hy-AM", "hy")]
    [InlineData("hy,az-Latn", "ru-RU,az;q=0.5", "az-Latn")]
    // None of the phone's languages: the screening's first language, not the phone's English.
    [InlineData("hy,az-Latn", "en-GB,en;q=0.9", "hy")]
    [InlineData("az-Latn,hy", "en-US", "az-Latn")]
    [InlineData("ru,en", "de-DE,en;q=0.7", "en")]
    // Azerbaijani in Cyrillic script is not offered, so it does not match az-Latn.
    [InlineData("hy,az-Latn", "az-Cyrl-AZ", "hy")]
    // No preference at all.
    [InlineData("ru", "", "ru")]
    public void A_phone_is_shown_its_own_language_when_the_screening_is_held_in_it_else_the_first(string screening, string phone, string expected)
    {
        var preferences = phone.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(';')[0]);
        Assert.Equal(expected, ScreeningLanguages.ForPhone(screening.Split(','), "ru", preferences));
    }

    [Theory]
    // No audience languages chosen: the phone's own first supported language, else the event language.
    [InlineData("az-AZ,ru;q=0.8", "az-Latn")]
    [InlineData("de-DE,en;q=0.5", "en")]
    [InlineData("de-DE,fr", "ru")]
    [InlineData("", "ru")]
    public void Without_chosen_audience_languages_a_phone_keeps_its_own_language(string phone, string expected)
    {
        var preferences = phone.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(';')[0]);
        Assert.Equal(expected, ScreeningLanguages.ForPhone([], "ru", preferences));
    }

    [Fact]
    public void A_screening_without_chosen_audience_languages_is_held_in_its_event_language()
    {
        Assert.Equal(["ru"], ScreeningLanguages.Of("ru", []));
        Assert.Equal(["hy"], ScreeningLanguages.Of("hy", null));
    }

    [Fact]
    public void Audience_languages_keep_the_organisers_order_without_repeats_or_unknown_languages()
    {
        Assert.Equal(["az-Latn", "hy"], ScreeningLanguages.Of("en", ["az-Latn", "xx", "hy", "az-Latn"]));
        Assert.Equal(["az-Latn", "ru"], ScreeningLanguages.Of("en", ["az", "ru"]));
    }
}
