using System.Text.Json;
using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

/// <summary>Issue 14: a questionnaire document nested 100,000 deep is refused with a JsonException, not a crash.</summary>
public sealed class QuestionnaireJsonDepthTests
{
    [Theory]
    [InlineData("[", "]")]
    [InlineData("{\"titles\":{\"en\":", "}}")]
    [InlineData("{\"questions\":[", "]}")]
    public void A_questionnaire_nested_100000_deep_is_refused_with_a_json_error(string open, string close)
    {
        var json = string.Concat(Enumerable.Repeat(open, 100_000)) + "1" + string.Concat(Enumerable.Repeat(close, 100_000));
        Assert.ThrowsAny<JsonException>(() => QuestionnaireDefinition.FromJson(json));
    }

    [Fact]
    public void An_unknown_property_nested_100000_deep_is_refused_for_its_depth()
    {
        var json = "{\"extra\":" + string.Concat(Enumerable.Repeat("{\"a\":[", 50_000)) + "1" + string.Concat(Enumerable.Repeat("]}", 50_000)) + "}";
        var error = Assert.ThrowsAny<JsonException>(() => QuestionnaireDefinition.FromJson(json));
        Assert.Contains("depth", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
