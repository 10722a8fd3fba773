using Kinodialog.Core.Screenings;

namespace Kinodialog.Core.Tests.Screenings;

public sealed class AttendanceRulesTests
{
    [Fact]
    public void Parts_adding_up_to_more_than_the_total_are_refused()
    {
        // The reported case: 12 people, 6 + 6 + 1 by community.
        var (_, problems) = AttendanceRules.Read("12", "6", "6", "1");
        Assert.Equal(AttendanceProblem.PartsExceedTotal, Assert.Single(problems).Value);
        Assert.Equal("total", problems.Keys.Single());
    }

    [Fact]
    public void Parts_up_to_the_total_and_empty_fields_are_accepted()
    {
        var (counts, problems) = AttendanceRules.Read("12", "6", "6", "");
        Assert.Empty(problems);
        Assert.Equal(new AttendanceCounts(12, 6, 6, null), counts);
        Assert.Empty(AttendanceRules.Read("", "", "", "").Problems);
        Assert.Empty(AttendanceRules.Read("", "30", "", "").Problems); // no total given: nothing to exceed
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-3")]
    [InlineData("4.5")]
    [InlineData("1000001")]
    [InlineData("99999999999999")]
    public void A_field_that_is_not_a_count_is_an_error_not_a_blank(string typed)
    {
        var (counts, problems) = AttendanceRules.Read("20", typed, "", "");
        Assert.Equal(AttendanceProblem.NotACount, problems["armenian"]);
        Assert.Null(counts.Armenian);
    }
}
