using System.Globalization;
using Kinodialog.Core.Localization;
using Kinodialog.Core.Surveys;

namespace Kinodialog.Web.Features.Questionnaires;

/// <summary>
/// The editor's form, as posted: every field a string (or a check box), so that whatever was typed
/// comes back on the page, even when it is not yet a valid questionnaire. Labels are lists in the
/// order of <see cref="SupportedCultures.All"/>.
/// </summary>
public sealed class DraftInput
{
    public List<string?> Titles { get; set; } = [];

    public List<QuestionInput> Questions { get; set; } = [];

    /// <summary>Per <see cref="DraftForms.Communities"/>: per culture, lines "form = name".</summary>
    public List<OtherNamesInput> OtherNames { get; set; } = [];

    public sealed class QuestionInput
    {
        public string? Id { get; set; }

        public string? Type { get; set; }

        public string? When { get; set; }

        public List<string?> Labels { get; set; } = [];

        public List<ChoiceInput> Choices { get; set; } = [];

        public List<ItemInput> Items { get; set; } = [];

        /// <summary>"questionId=choiceCode", or empty for "always shown".</summary>
        public string? ShowIf { get; set; }

        /// <summary>Which end of the scale is better: a <see cref="BetterEnd"/> name; empty reads as "Higher".</summary>
        public string? Better { get; set; }
    }

    public sealed class ChoiceInput
    {
        public string? Code { get; set; }

        public string? Value { get; set; }

        public bool Excluded { get; set; }

        public List<string?> Labels { get; set; } = [];
    }

    public sealed class ItemInput
    {
        public string? Code { get; set; }

        public List<string?> Labels { get; set; } = [];
    }

    public sealed class OtherNamesInput
    {
        public List<string?> Lines { get; set; } = [];
    }

    /// <summary>Pads every list of labels to the four cultures and the names table to its three rows.</summary>
    public DraftInput Normalised()
    {
        Pad(Titles);
        foreach (var q in Questions)
        {
            Pad(q.Labels);
            q.Choices.ForEach(c => Pad(c.Labels));
            q.Items.ForEach(i => Pad(i.Labels));
        }

        while (OtherNames.Count < DraftForms.Communities.Count)
        {
            OtherNames.Add(new OtherNamesInput());
        }

        OtherNames.ForEach(o => Pad(o.Lines));
        return this;
    }

    private static void Pad(List<string?> labels)
    {
        while (labels.Count < SupportedCultures.All.Count)
        {
            labels.Add(null);
        }
    }

    public static DraftInput From(QuestionnaireDefinition definition) => new DraftInput
    {
        Titles = DraftForms.Labels(definition.Titles),
        Questions = definition.Questions.Select(q => new QuestionInput
        {
            Id = q.Id,
            Type = q.Type.ToString(),
            When = q.When.ToString(),
            Labels = DraftForms.Labels(q.Labels),
            Choices = q.Choices.Select(c => new ChoiceInput
            {
                Code = c.Code,
                Value = c.Value?.ToString(CultureInfo.InvariantCulture),
                Excluded = c.Excluded,
                Labels = DraftForms.Labels(c.Labels),
            }).ToList(),
            Items = q.ItemList.Select(i => new ItemInput { Code = i.Code, Labels = DraftForms.Labels(i.Labels) }).ToList(),
            ShowIf = q.ShowIf is { } s ? s.QuestionId + "=" + s.ChoiceCode : null,
            Better = q.Better.ToString(),
        }).ToList(),
        OtherNames = DraftForms.Communities.Select(community => new OtherNamesInput
        {
            Lines = SupportedCultures.All.Select(c => (string?)DraftForms.NameLines(definition.OtherNames, community, c.Name)).ToList(),
        }).ToList(),
    }.Normalised();
}
