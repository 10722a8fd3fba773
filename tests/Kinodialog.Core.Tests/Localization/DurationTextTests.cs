using System.Globalization;
using Kinodialog.Core.Localization;

namespace Kinodialog.Core.Tests.Localization;

public sealed class DurationTextTests
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(12, "0:12")]
    [InlineData(59.4, "0:59")]
    [InlineData(59.6, "1 min")]
    [InlineData(60, "1 min")]
    [InlineData(300, "5 min")]
    [InlineData(269, "4 min")]
    [InlineData(270, "5 min")]
    [InlineData(600, "10 min")]
    [InlineData(45 * 60, "45 min")]
    [InlineData(3600, "1 h")]
    [InlineData(3600 + 29 * 60 + 40, "1 h 30 min")]
    [InlineData(2 * 3600 + 15 * 60, "2 h 15 min")]
    [InlineData(-5, "0:00")]
    public void Lengths_are_whole_minutes_and_only_below_a_minute_minutes_and_seconds(double seconds, string expected) =>
        Assert.Equal(expected, DurationText.Format(seconds, DurationWords.English, Invariant));

    [Fact]
    public void The_words_come_from_the_language()
    {
        var russian = new DurationWords("{0} мин", "{0} ч", "{0} ч {1} мин");
        Assert.Equal("1 ч 5 мин", DurationText.Format(TimeSpan.FromMinutes(65), russian, CultureInfo.GetCultureInfo("ru")));
        Assert.Equal("0:12", DurationText.Format(TimeSpan.FromSeconds(12), russian, CultureInfo.GetCultureInfo("ru")));
    }

    [Fact]
    public void A_length_that_is_not_a_number_is_shown_as_nothing_long() =>
        Assert.Equal("0:00", DurationText.Format(double.NaN, DurationWords.English, Invariant));
}
