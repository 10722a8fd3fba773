using System.Buffers;
using System.Globalization;
using System.Text;

namespace Kinodialog.Core.Csv;

/// <summary>
/// The one CSV writer of every file a spreadsheet may open (the Polis export, the pairs CSV, the screenings
/// list, the survey results); <see cref="CsvReader"/> reads them back. RFC 4180 quoting (a field with a comma, quote or line break in double quotes, quotes doubled) and
/// every field defused against formula injection with <see cref="Defuse"/>.
/// </summary>
public static class CsvWriter
{
    /// <summary>
    /// The formula rule, in one place. A field is prefixed with <c>'</c> when its first character that is not
    /// whitespace or a control character (tab, CR, LF…; spreadsheets trim them) is <c>= + - @</c> (or a
    /// full-width ＝ ＋ － ＠), unless the whole field is a plain number such as <c>-1.5</c> or <c>+2e3</c>.
    /// A field that starts with <c>'</c> gets one more when what follows would be defused, so
    /// <see cref="Undefuse(string)"/> gives back exactly what was written and a spreadsheet shows the original text.
    /// </summary>
    public static string Defuse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return NeedsPrefix(value) ? "'" + value : value;
    }

    /// <summary>The inverse of <see cref="Defuse"/>: removes the <c>'</c> it added (readers of our own files use it).</summary>
    public static string Undefuse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && value[0] == '\'' && NeedsPrefix(value.AsSpan(1)) ? value[1..] : value;
    }

    /// <summary><see cref="Undefuse(string)"/> on a span (no allocation).</summary>
    public static ReadOnlySpan<char> Undefuse(ReadOnlySpan<char> value) =>
        value.Length > 0 && value[0] == '\'' && NeedsPrefix(value[1..]) ? value[1..] : value;

    /// <summary>One field, defused and quoted when needed.</summary>
    public static string Field(string value)
    {
        var defused = Defuse(value);
        return defused.AsSpan().ContainsAny(QuotedCharacters) ? "\"" + defused.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : defused;
    }

    /// <summary>Writes one row and the line end (<c>\n</c> for the Polis files, <c>\r\n</c> for the others).</summary>
    public static void WriteRow(TextWriter writer, IEnumerable<string> fields, string lineEnd = "\n")
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(fields);
        var first = true;
        foreach (var f in fields)
        {
            if (!first)
            {
                writer.Write(',');
            }

            first = false;
            writer.Write(Field(f));
        }

        writer.Write(lineEnd);
    }

    /// <summary>Appends one row and the line end.</summary>
    public static StringBuilder AppendRow(StringBuilder builder, IEnumerable<string> fields, string lineEnd = "\r\n")
    {
        ArgumentNullException.ThrowIfNull(builder);
        using var writer = new StringWriter(builder, CultureInfo.InvariantCulture);
        WriteRow(writer, fields, lineEnd);
        return builder;
    }

    private static bool NeedsPrefix(ReadOnlySpan<char> value)
    {
        var i = 0;
        while (i < value.Length && value[i] == '\'')
        {
            i++;
        }

        var rest = value[i..];
        var start = 0;
        while (start < rest.Length && (char.IsWhiteSpace(rest[start]) || char.IsControl(rest[start])))
        {
            start++;
        }

        return start < rest.Length && rest[start] is '=' or '+' or '-' or '@' or '＝' or '＋' or '－' or '＠' && !IsNumber(rest);
    }

    private static readonly SearchValues<char> NumberCharacters = SearchValues.Create("0123456789+-.eE");

    private static readonly SearchValues<char> QuotedCharacters = SearchValues.Create(",\"\r\n");

    private static bool IsNumber(ReadOnlySpan<char> value) =>
        value.Length > 0 && !value.ContainsAnyExcept(NumberCharacters) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
