using nietras.SeparatedValues;

namespace Kinodialog.Core.Csv;

/// <summary>What is wrong with the CSV text itself (not with its values).</summary>
public enum CsvProblem
{
    /// <summary>A quoted field is never closed: the row runs to the end of the file.</summary>
    UnterminatedQuote,

    /// <summary>A quote inside an unquoted field, or text after a quoted field's closing quote.</summary>
    BadQuote,

    /// <summary>A row longer than the reader's limit (16 M characters; in practice a quote never closed).</summary>
    RowTooLong,
}

/// <summary>A malformed row: the line it starts on (1-based) and the field (1-based; 0 for the whole row).</summary>
public readonly record struct CsvError(int Line, int Column, CsvProblem Problem);

/// <summary>
/// The one CSV reader (RFC 4180 on <see href="https://github.com/nietras/Sep">Sep</see>: comma-separated,
/// quoted fields may hold commas, quotes and line breaks; LF, CRLF or CR line ends). Each row comes with the
/// line it starts on; a malformed row carries a <see cref="CsvError"/> with its line and field, and the
/// fields are still readable (quotes toggling as a lenient reader would take them). Fields come back without
/// their quotes and without the <c>'</c> <see cref="CsvWriter"/> puts before a formula-like field
/// (<see cref="CsvWriter.Undefuse(string)"/>), so what was written reads back unchanged. Blank lines are rows of one
/// empty field (<see cref="IsBlank"/>). Reading a field allocates nothing unless it is quoted or defused:
/// <see cref="Span"/> and the number parsers work on the buffer.
/// </summary>
public sealed class CsvReader : IDisposable
{
    private static readonly SepReaderOptions Options = Sep.New(',').Reader(o => o with
    {
        HasHeader = false,
        DisableColCountCheck = true,
        Unescape = false,
        CultureInfo = System.Globalization.CultureInfo.InvariantCulture,
    });

    private readonly SepReader reader;
    private int nextLine = 1;
    private bool ended;
    private bool hasQuotes;

    private CsvReader(SepReader reader) => this.reader = reader;

    /// <summary>Reads from a text reader (left open: the caller owns it).</summary>
    public static CsvReader From(TextReader text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new CsvReader(Options.From(text, leaveOpen: true));
    }

    public static CsvReader FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new CsvReader(Options.FromText(text));
    }

    /// <summary>The line the current row starts on (1-based).</summary>
    public int Line { get; private set; }

    /// <summary>Number of fields of the current row (0 after <see cref="CsvProblem.RowTooLong"/>).</summary>
    public int FieldCount { get; private set; }

    /// <summary>The current row is an empty line.</summary>
    public bool IsBlank { get; private set; }

    /// <summary>What is malformed in the current row, if anything.</summary>
    public CsvError? Error { get; private set; }

    /// <summary>Moves to the next row; false at the end (and after a row too long to read).</summary>
    public bool Read()
    {
        if (ended)
        {
            return false;
        }

        Error = null;
        try
        {
            if (!reader.MoveNext())
            {
                ended = true;
                return false;
            }
        }
        catch (NotSupportedException)
        {
            // Sep refuses a row longer than its buffer limit; nothing after it can be trusted.
            ended = true;
            Line = nextLine;
            FieldCount = 0;
            IsBlank = false;
            hasQuotes = false;
            Error = new CsvError(Line, 0, CsvProblem.RowTooLong);
            return true;
        }

        var row = reader.Current;
        // Sep numbers the very first row from line 2 when there is no header: it starts the file.
        Line = row.RowIndex == 0 ? 1 : row.LineNumberFrom;
        nextLine = row.LineNumberToExcl;
        FieldCount = row.ColCount;
        var span = row.Span;
        IsBlank = span.IsEmpty && FieldCount == 1;
        hasQuotes = span.Contains('"');
        if (hasQuotes)
        {
            Error = Check(row);
        }

        return true;
    }

    /// <summary>A field without its quotes and undefused; valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<char> Span(int field)
    {
        var raw = reader.Current[field].Span;
        if (hasQuotes && raw.Contains('"'))
        {
            return CsvWriter.Undefuse(Unquote(raw).AsSpan());
        }

        return CsvWriter.Undefuse(raw);
    }

    /// <summary>A field as a string, without its quotes and undefused.</summary>
    public string this[int field] => Span(field).ToString();

    /// <summary>All fields of the current row.</summary>
    public string[] Fields()
    {
        var fields = new string[FieldCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = this[i];
        }

        return fields;
    }

    public void Dispose() => reader.Dispose();

    /// <summary>
    /// The first badly quoted field. An odd number of quotes means one was opened and never closed (Sep then
    /// runs the row to the end of the file): a quote opening a field is an unterminated quote, one inside an
    /// unquoted field a stray quote.
    /// </summary>
    private static CsvError? Check(SepReader.Row row)
    {
        var line = row.RowIndex == 0 ? 1 : row.LineNumberFrom;
        var unterminated = row.Span.Count('"') % 2 != 0;
        for (var i = 0; i < row.ColCount; i++)
        {
            var raw = row[i].Span;
            if (raw.Contains('"') && !IsWellQuoted(raw))
            {
                return new CsvError(line, i + 1, unterminated && raw[0] == '"' ? CsvProblem.UnterminatedQuote : CsvProblem.BadQuote);
            }
        }

        return null;
    }

    /// <summary>"…" with every inner quote doubled.</summary>
    private static bool IsWellQuoted(ReadOnlySpan<char> raw)
    {
        if (raw.Length < 2 || raw[0] != '"' || raw[^1] != '"')
        {
            return false;
        }

        var inner = raw[1..^1];
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '"')
            {
                if (i + 1 >= inner.Length || inner[i + 1] != '"')
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    /// <summary>Quotes toggle quoted mode; inside it a doubled quote stands for one (exact for well-formed fields).</summary>
    private static string Unquote(ReadOnlySpan<char> raw)
    {
        var result = new System.Text.StringBuilder(raw.Length);
        var quoted = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c != '"')
            {
                result.Append(c);
            }
            else if (quoted && i + 1 < raw.Length && raw[i + 1] == '"')
            {
                result.Append('"');
                i++;
            }
            else
            {
                quoted = !quoted;
            }
        }

        return result.ToString();
    }
}
