using System.Globalization;
using System.Text;
using Kinodialog.Core.Csv;

namespace Kinodialog.Core.Surveys;

/// <summary>
/// The anonymous pairs CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line
/// break in double quotes, quotes doubled; a formula-like field defused by <see cref="CsvWriter"/>):
/// <code>screening,questionnaire,version,pair,question,scale,pre,post</code>
/// Numbers use the invariant culture (a dot for decimals); scale is binary, ordinal or thermometer. The
/// file holds no tokens, codes or timestamps.
/// </summary>
public static class PairsCsv
{
    /// <summary>The header <see cref="Write"/> writes.</summary>
    public static readonly IReadOnlyList<string> Columns = ["screening", "questionnaire", "version", "pair", "question", "scale", "pre", "post"];

    private static readonly string[] RequiredColumns = ["pair", "question", "pre", "post"];

    /// <summary>The CSV name of a scale.</summary>
    public static string ScaleName(StatisticScale scale) => scale switch
    {
        StatisticScale.Binary => "binary",
        StatisticScale.Ordinal => "ordinal",
        StatisticScale.Thermometer => "thermometer",
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "Unknown scale."),
    };

    /// <summary>Writes the rows with the header, CRLF line ends.</summary>
    public static string Write(IEnumerable<PairsCsvRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        CsvWriter.AppendRow(text, Columns);
        foreach (var row in rows)
        {
            string[] fields =
            [
                row.Screening, row.Questionnaire, row.Version, row.Pair, row.Question, ScaleName(row.Scale),
                row.Pre.ToString("R", CultureInfo.InvariantCulture), row.Post.ToString("R", CultureInfo.InvariantCulture),
            ];
            CsvWriter.AppendRow(text, fields);
        }

        return text.ToString();
    }

    /// <summary>
    /// Reads a pairs CSV. Columns may come in any order (names are matched ignoring case and surrounding
    /// spaces; unknown columns are ignored; values are trimmed); pair, question, pre and post are required.
    /// A pair is identified by (screening, question, pair): a repeat is an error. Without a scale
    /// (column missing or empty for all of a question's rows) the scale is inferred per question: only 0
    /// and 1 → binary; any non-integer or value above 10 → thermometer; otherwise ordinal. Without a
    /// screening column all pairs belong to one screening (""). Never throws on bad data: every problem is
    /// in <see cref="PairsCsvReadResult.Errors"/> with its line and column.
    /// </summary>
    public static PairsCsvReadResult Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<PairsCsvError>();
        var records = Tokenise(text.StartsWith('\uFEFF') ? text[1..] : text, errors);
        if (records.Count == 0)
        {
            errors.Add(new PairsCsvError(PairsCsvErrorCodes.Empty, 1, null, null));
            return new PairsCsvReadResult([], errors);
        }

        var header = records[0];
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Length; i++)
        {
            var name = header.Fields[i].Trim();
            if (!index.TryAdd(name, i))
            {
                errors.Add(new PairsCsvError(PairsCsvErrorCodes.DuplicateColumn, header.Line, name, null));
            }
        }

        foreach (var required in RequiredColumns.Where(c => !index.ContainsKey(c)))
        {
            errors.Add(new PairsCsvError(PairsCsvErrorCodes.MissingColumn, header.Line, required, null));
        }

        if (errors.Count > 0)
        {
            return new PairsCsvReadResult([], errors);
        }

        var parsed = new List<(int Line, string Screening, string Questionnaire, string Version, string Pair, string Question, StatisticScale? Scale, double Pre, double Post)>();
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Length != header.Fields.Length)
            {
                errors.Add(new PairsCsvError(PairsCsvErrorCodes.FieldCount, record.Line, null, record.Fields.Length.ToString(CultureInfo.InvariantCulture)));
                continue;
            }

            string Field(string column) => index.TryGetValue(column, out var i) ? record.Fields[i].Trim() : "";
            var before = errors.Count;
            var pair = Required(record.Line, "pair", Field("pair"), errors);
            var question = Required(record.Line, "question", Field("question"), errors);
            var pre = Number(record.Line, "pre", Field("pre"), errors);
            var post = Number(record.Line, "post", Field("post"), errors);
            StatisticScale? scale = null;
            var scaleText = Field("scale");
            if (scaleText.Length > 0)
            {
                scale = ParseScale(scaleText);
                if (scale is null)
                {
                    errors.Add(new PairsCsvError(PairsCsvErrorCodes.UnknownScale, record.Line, "scale", scaleText));
                }
            }

            if (errors.Count == before)
            {
                parsed.Add((record.Line, Field("screening"), Field("questionnaire"), Field("version"), pair, question, scale, pre, post));
            }
        }

        // One scale per question: the one given, else inferred from all of the question's values.
        var scales = new Dictionary<string, StatisticScale>(StringComparer.Ordinal);
        foreach (var group in parsed.GroupBy(p => p.Question, StringComparer.Ordinal))
        {
            var given = group.FirstOrDefault(p => p.Scale is not null);
            if (given.Scale is { } chosen)
            {
                scales[group.Key] = chosen;
                foreach (var conflict in group.Where(p => p.Scale is { } s && s != chosen))
                {
                    errors.Add(new PairsCsvError(PairsCsvErrorCodes.ScaleConflict, conflict.Line, "scale", ScaleName(conflict.Scale!.Value)));
                }
            }
            else
            {
                scales[group.Key] = Infer(group.SelectMany(p => new[] { p.Pre, p.Post }));
            }
        }

        var rows = new List<PairsCsvRow>();
        var seen = new HashSet<(string, string, string)>();
        foreach (var p in parsed)
        {
            var scale = scales[p.Question];
            if (p.Scale is { } s && s != scale)
            {
                continue;
            }

            var before = errors.Count;
            CheckRange(p.Line, "pre", p.Pre, scale, errors);
            CheckRange(p.Line, "post", p.Post, scale, errors);
            if (errors.Count != before)
            {
                continue;
            }

            if (!seen.Add((p.Screening, p.Question, p.Pair)))
            {
                errors.Add(new PairsCsvError(PairsCsvErrorCodes.DuplicatePair, p.Line, "pair", p.Pair));
                continue;
            }

            rows.Add(new PairsCsvRow(p.Screening, p.Questionnaire, p.Version, p.Pair, p.Question, scale, p.Pre, p.Post));
        }

        return new PairsCsvReadResult(rows, [.. errors.OrderBy(e => e.Line)]);
    }

    /// <summary>Only 0 and 1 → binary; any non-integer or value above 10 → thermometer; otherwise ordinal.</summary>
    public static StatisticScale Infer(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var binary = true;
        foreach (var value in values)
        {
            if (value != Math.Floor(value) || value > 10)
            {
                return StatisticScale.Thermometer;
            }

            binary &= value is 0 or 1;
        }

        return binary ? StatisticScale.Binary : StatisticScale.Ordinal;
    }

    private static StatisticScale? ParseScale(string text) => text.ToUpperInvariant() switch
    {
        "BINARY" => StatisticScale.Binary,
        "ORDINAL" => StatisticScale.Ordinal,
        "THERMOMETER" => StatisticScale.Thermometer,
        _ => null,
    };

    private static string Required(int line, string column, string value, List<PairsCsvError> errors)
    {
        if (value.Length == 0)
        {
            errors.Add(new PairsCsvError(PairsCsvErrorCodes.EmptyValue, line, column, value));
        }

        return value;
    }

    private static double Number(int line, string column, string value, List<PairsCsvError> errors)
    {
        if (value.Length == 0)
        {
            errors.Add(new PairsCsvError(PairsCsvErrorCodes.EmptyValue, line, column, value));
            return 0;
        }

        if (double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number))
        {
            return number;
        }

        errors.Add(new PairsCsvError(PairsCsvErrorCodes.NotANumber, line, column, value));
        return 0;
    }

    private static void CheckRange(int line, string column, double value, StatisticScale scale, List<PairsCsvError> errors)
    {
        var inRange = scale switch
        {
            StatisticScale.Binary => value is 0 or 1,
            StatisticScale.Thermometer => value is >= 0 and <= 100,
            _ => true,
        };
        if (!inRange)
        {
            errors.Add(new PairsCsvError(PairsCsvErrorCodes.OutOfRange, line, column, value.ToString("R", CultureInfo.InvariantCulture)));
        }
    }

    private sealed record Record(int Line, string[] Fields);

    /// <summary>
    /// The records of RFC 4180 text (<see cref="CsvReader"/>: CRLF, LF or CR line ends; blank lines skipped),
    /// each with the line it starts on. A malformed record is reported and skipped; a quote never closed (or
    /// a record too long to read, which is what an unclosed quote gives) ends the file.
    /// </summary>
    private static List<Record> Tokenise(string text, List<PairsCsvError> errors)
    {
        var records = new List<Record>();
        using var csv = CsvReader.FromText(text);
        while (csv.Read())
        {
            if (csv.Error is { } error)
            {
                var code = error.Problem == CsvProblem.BadQuote ? PairsCsvErrorCodes.BadQuote : PairsCsvErrorCodes.UnterminatedQuote;
                errors.Add(new PairsCsvError(code, error.Line, null, null));
                continue;
            }

            if (!csv.IsBlank)
            {
                records.Add(new Record(csv.Line, csv.Fields()));
            }
        }

        return records;
    }
}
