using System.Globalization;

namespace Kinodialog.Core.Surveys;

/// <summary>
/// One anonymous pre/post pair in the pairs CSV. <see cref="Pair"/> is a number for the pair within its
/// screening, never the participant's token or code; <see cref="Screening"/> is "" when the file has no
/// screening column (all pairs then form one cluster).
/// </summary>
public sealed record PairsCsvRow(
    string Screening,
    string Questionnaire,
    string Version,
    string Pair,
    string Question,
    StatisticScale Scale,
    double Pre,
    double Post);

/// <summary>
/// A problem in a pairs CSV: a stable <see cref="Code"/> (see <see cref="PairsCsvErrorCodes"/>), the 1-based
/// line where the record starts, the column's header name (null when the problem is not in one column)
/// and the offending value, so that the web app can translate the message by code.
/// </summary>
public sealed record PairsCsvError(string Code, int Line, string? Column, string? Value)
{
    /// <summary>An English message, e.g. <c>line 7: column "pre": "abc" is not a number</c>.</summary>
    public string Message
    {
        get
        {
            var where = Column is null
                ? string.Create(CultureInfo.InvariantCulture, $"line {Line}: ")
                : string.Create(CultureInfo.InvariantCulture, $"line {Line}: column \"{Column}\": ");
            var text = Code switch
            {
                PairsCsvErrorCodes.Empty => "the file is empty",
                PairsCsvErrorCodes.MissingColumn => "is required but missing from the header",
                PairsCsvErrorCodes.DuplicateColumn => "appears twice in the header",
                PairsCsvErrorCodes.UnterminatedQuote => "a quoted field is not closed",
                PairsCsvErrorCodes.BadQuote => "a quote must start a field and be followed by a comma or the end of the line",
                PairsCsvErrorCodes.FieldCount => $"has {Value} field(s), the header has a different number",
                PairsCsvErrorCodes.EmptyValue => "is empty",
                PairsCsvErrorCodes.NotANumber => $"\"{Value}\" is not a number",
                PairsCsvErrorCodes.UnknownScale => $"\"{Value}\" is not binary, ordinal or thermometer",
                PairsCsvErrorCodes.OutOfRange => $"\"{Value}\" is outside the scale (binary: 0 or 1; thermometer: 0 to 100)",
                PairsCsvErrorCodes.ScaleConflict => $"\"{Value}\" differs from the scale given earlier for this question",
                PairsCsvErrorCodes.DuplicatePair => $"pair \"{Value}\" appears twice for this screening and question",
                _ => Code,
            };
            return where + text;
        }
    }
}

/// <summary>The stable codes of <see cref="PairsCsvError"/>. Codes never change once published.</summary>
public static class PairsCsvErrorCodes
{
    /// <summary>The file has no header.</summary>
    public const string Empty = "csv.empty";

    /// <summary>A required column (pair, question, pre, post) is not in the header.</summary>
    public const string MissingColumn = "csv.missing_column";

    /// <summary>A column name appears twice in the header.</summary>
    public const string DuplicateColumn = "csv.duplicate_column";

    /// <summary>A quoted field runs to the end of the file.</summary>
    public const string UnterminatedQuote = "csv.unterminated_quote";

    /// <summary>A quote inside an unquoted field, or text after a closing quote.</summary>
    public const string BadQuote = "csv.bad_quote";

    /// <summary>A record has a different number of fields than the header (<see cref="PairsCsvError.Value"/>: the count).</summary>
    public const string FieldCount = "csv.field_count";

    /// <summary>A required value is empty.</summary>
    public const string EmptyValue = "value.empty";

    /// <summary>pre or post is not a finite number in invariant notation (e.g. 42 or 57.5).</summary>
    public const string NotANumber = "value.not_a_number";

    /// <summary>The scale is not binary, ordinal or thermometer.</summary>
    public const string UnknownScale = "value.unknown_scale";

    /// <summary>A value outside its scale: binary other than 0/1, thermometer outside 0–100.</summary>
    public const string OutOfRange = "value.out_of_range";

    /// <summary>A question's rows give different scales.</summary>
    public const string ScaleConflict = "value.scale_conflict";

    /// <summary>The same pair appears twice for a screening and question.</summary>
    public const string DuplicatePair = "value.duplicate_pair";
}

/// <summary>The rows read from a pairs CSV and the problems found; rows with problems are left out.</summary>
public sealed record PairsCsvReadResult(IReadOnlyList<PairsCsvRow> Rows, IReadOnlyList<PairsCsvError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
