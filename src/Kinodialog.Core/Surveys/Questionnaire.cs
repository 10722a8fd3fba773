using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kinodialog.Core.Surveys;

/// <summary>The kinds of question the perception survey knows.</summary>
public enum QuestionType
{
    /// <summary>One choice out of several (answers are choice codes).</summary>
    SingleChoice = 0,

    /// <summary>Any number of choices.</summary>
    MultipleChoice = 1,

    /// <summary>An ordered scale with labelled points; may have several items (semantic differentials).</summary>
    Likert = 2,

    /// <summary>A 0–100 slider with a number.</summary>
    Thermometer = 3,

    /// <summary>A short free text, shown to others only after moderation.</summary>
    ShortText = 4,
}

/// <summary>When a question is asked.</summary>
public enum QuestionTiming
{
    /// <summary>Once, about the person (community, age band, gender), all optional.</summary>
    Profile = 0,
    Pre = 1,
    Post = 2,
    Both = 3,
}

/// <summary>The answer sets of a participant: the optional profile once, then the survey before and after.</summary>
public enum SurveyPhase
{
    Profile = 0,
    Pre = 1,
    Post = 2,
}

/// <summary>A choice: a stable code, labels per culture, a numeric value for statistics, or excluded ("don't know").</summary>
public sealed record SurveyChoice(string Code, IReadOnlyDictionary<string, string> Labels, double? Value = null, bool Excluded = false);

/// <summary>One row of a multi-item question (e.g. "hostile – friendly" of a semantic differential).</summary>
public sealed record SurveyItem(string Code, IReadOnlyDictionary<string, string> Labels);

/// <summary>Skip logic: show the question only when an earlier question was answered with this choice.</summary>
public sealed record SkipCondition(string QuestionId, string ChoiceCode);

/// <summary>
/// Which end of a scale is "closer" (the better answer for the programme's aim), so that results can say
/// "improved" whatever way the scale is numbered: <see cref="Higher"/> (trust 5 = fully trust, approve = 1,
/// warmth 100) or <see cref="Lower"/> (social distance 1 = family, unease 1 = not uneasy).
/// </summary>
public enum BetterEnd
{
    /// <summary>The larger value is better (the default: how most scales are numbered).</summary>
    Higher = 0,

    /// <summary>The smaller value is better.</summary>
    Lower = 1,
}

/// <summary>One question of a questionnaire version.</summary>
/// <param name="Better">Which end of the scale is better; questionnaires written before the field existed
/// read as <see cref="BetterEnd.Higher"/>.</param>
public sealed record SurveyQuestion(
    string Id,
    QuestionType Type,
    QuestionTiming When,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<SurveyChoice> Choices,
    IReadOnlyList<SurveyItem>? Items = null,
    SkipCondition? ShowIf = null,
    BetterEnd Better = BetterEnd.Higher)
{
    public IReadOnlyList<SurveyItem> ItemList => Items ?? [];

    /// <summary>The keys answers are stored under: the question id, or "id.item" for each item.</summary>
    public IEnumerable<string> AnswerKeys => ItemList.Count == 0 ? [Id] : ItemList.Select(i => Id + "." + i.Code);

    public bool AskedIn(SurveyPhase phase) => When switch
    {
        QuestionTiming.Profile => phase == SurveyPhase.Profile,
        QuestionTiming.Both => phase != SurveyPhase.Profile,
        QuestionTiming.Pre => phase == SurveyPhase.Pre,
        QuestionTiming.Post => phase == SurveyPhase.Post,
        _ => false,
    };

    /// <summary>True for questions whose pre and post answers are compared.</summary>
    public bool IsPaired => When == QuestionTiming.Both && Type is QuestionType.SingleChoice or QuestionType.Likert or QuestionType.Thermometer;
}

/// <summary>
/// A questionnaire version: titles and questions with labels in every culture, and the names that
/// replace <c>{other}</c> / <c>{other:form}</c> in labels, per the participant's own community and
/// culture (key "" = community not said, or neither of the two).
/// </summary>
public sealed record QuestionnaireDefinition(
    IReadOnlyDictionary<string, string> Titles,
    IReadOnlyList<SurveyQuestion> Questions,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> OtherNames)
{
    /// <summary>The profile question that says which community a participant belongs to.</summary>
    public const string CommunityQuestion = "community";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public SurveyQuestion? Find(string id) => Questions.FirstOrDefault(q => string.Equals(q.Id, id, StringComparison.Ordinal));

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static QuestionnaireDefinition FromJson(string json) =>
        JsonSerializer.Deserialize<QuestionnaireDefinition>(json, Json) ?? throw new JsonException("Empty questionnaire.");

    /// <summary>
    /// A label in a culture with <c>{other}</c> forms substituted for a participant of the given
    /// community; falls back to English when the culture has no label.
    /// </summary>
    public string Text(IReadOnlyDictionary<string, string> labels, string culture, string? community)
    {
        if (!labels.TryGetValue(culture, out var text) && !labels.TryGetValue("en", out text))
        {
            text = labels.Values.FirstOrDefault() ?? "";
        }

        return OtherForms.Substitute(text, form => OtherName(community, culture, form));
    }

    private string? OtherName(string? community, string culture, string form)
    {
        var key = community is "armenian" or "azerbaijani" ? community : "";
        return OtherNames.TryGetValue(key, out var byCulture)
            && (byCulture.TryGetValue(culture, out var forms) || byCulture.TryGetValue("en", out forms))
            && forms.TryGetValue(form, out var name) ? name : null;
    }
}

/// <summary>Finds and replaces <c>{other}</c> and <c>{other:form}</c> placeholders.</summary>
public static class OtherForms
{
    /// <summary>The name of the form of a plain <c>{other}</c>.</summary>
    public const string DefaultForm = "";

    /// <summary>The forms a text uses, in order of appearance.</summary>
    public static IEnumerable<string> Used(string text)
    {
        var at = 0;
        while ((at = text.IndexOf("{other", at, StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf('}', at);
            if (end < 0)
            {
                yield break;
            }

            var inner = text[(at + 1)..end];
            if (inner == "other")
            {
                yield return DefaultForm;
            }
            else if (inner.StartsWith("other:", StringComparison.Ordinal))
            {
                yield return inner["other:".Length..];
            }

            at = end + 1;
        }
    }

    public static string Substitute(string text, Func<string, string?> name)
    {
        if (!text.Contains("{other", StringComparison.Ordinal))
        {
            return text;
        }

        foreach (var form in Used(text).Distinct().ToList())
        {
            var placeholder = form.Length == 0 ? "{other}" : "{other:" + form + "}";
            text = text.Replace(placeholder, name(form) ?? placeholder, StringComparison.Ordinal);
        }

        return text;
    }
}
