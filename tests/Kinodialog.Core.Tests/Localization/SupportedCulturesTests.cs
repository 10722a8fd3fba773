using System.Globalization;
using Kinodialog.Core.Localization;

namespace Kinodialog.Core.Tests.Localization;

public sealed class SupportedCulturesTests
{
    [Theory]
    [InlineData("az", "az-Latn")]
    [InlineData("az-AZ", "az-Latn")]
    [InlineData("az-Latn-AZ", "az-Latn")]
    [InlineData("AZ", "az-Latn")]
    [InlineData("hy-AM", "hy")]
    [InlineData("ru-RU", "ru")]
    [InlineData("ru-UA", "ru")]
    [InlineData("en-GB", "en")]
    [InlineData("en", "en")]
    public void Browser_language_tags_map_to_the_four_languages(string tag, string expected) =>
        Assert.Equal(expected, SupportedCultures.FromLanguageTag(tag)?.Name);

    [Theory]
    [InlineData("az-Cyrl-AZ")]
    [InlineData("de-DE")]
    [InlineData("")]
    [InlineData("tr")]
    public void Other_languages_are_not_matched(string tag) =>
        Assert.Null(SupportedCultures.FromLanguageTag(tag));

    [Fact]
    public void Url_segments_and_culture_names_find_the_same_language()
    {
        Assert.Same(SupportedCultures.Azerbaijani, SupportedCultures.Find("az"));
        Assert.Same(SupportedCultures.Azerbaijani, SupportedCultures.Find("az-Latn"));
        Assert.Null(SupportedCultures.Find("fr"));
        Assert.Equal(4, SupportedCultures.All.Select(c => c.UrlSegment).Distinct().Count());
    }

    [Fact]
    public void Every_language_has_real_ICU_data_for_dates()
    {
        // Fails under InvariantGlobalization or without ICU: Armenian and Azerbaijani month names would be English.
        var date = new DateTime(2026, 3, 15, 0, 0, 0, DateTimeKind.Utc);
        var formatted = SupportedCultures.All.Select(c => date.ToString("MMMM", c.Culture)).ToList();
        Assert.Equal(4, formatted.Distinct().Count());
        Assert.Equal("March", formatted[0]);
        Assert.Contains("mart", date.ToString("MMMM", SupportedCultures.Azerbaijani.Culture), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Azerbaijani_casing_keeps_the_dotted_and_dotless_i()
    {
        var az = SupportedCultures.Azerbaijani.Culture;
        Assert.Equal("İSTANBUL", "istanbul".ToUpper(az));
        Assert.Equal("ıldız", "ILDIZ".ToLower(az));
        Assert.Equal("ISTANBUL", "istanbul".ToUpper(CultureInfo.InvariantCulture));
    }
}
