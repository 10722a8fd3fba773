using System.Text;
using Kinodialog.Core.Csv;

namespace Kinodialog.Core.Opinions;

/// <summary>One CSV row: the line it starts on, its fields, and whether a quoted field was left open.</summary>
internal readonly record struct CsvRow(int Line, string[] Fields, bool Unterminated);

/// <summary>
/// A small RFC 4180 reader (quoted fields may hold commas, quotes and new lines) and the Polis files' use of
/// <see cref="CsvWriter"/>. The reader removes the <c>'</c> the writer puts before a formula-like field
/// (<see cref="CsvWriter.Undefuse"/>), so export → import → export gives the same files.
/// </summary>
internal static class PolisCsv
{
    public static IEnumerable<string[]> Read(TextReader reader) => ReadRows(reader).Select(r => r.Fields);

    /// <summary>Rows with the line each starts on (1-based); a quoted field left open at the end is reported.</summary>
    public static IEnumerable<CsvRow> ReadRows(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var any = false;
        var line = 1;
        var rowLine = 1;
        int ch;
        while ((ch = reader.Read()) >= 0)
        {
            var c = (char)ch;
            if (!any)
            {
                rowLine = line;
            }

            any = true;
            if (c == '\n')
            {
                line++;
            }

            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(CsvWriter.Undefuse(field.ToString()));
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(CsvWriter.Undefuse(field.ToString()));
                    field.Clear();
                    yield return new CsvRow(rowLine, [.. fields], false);
                    fields.Clear();
                    any = false;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (any)
        {
            fields.Add(CsvWriter.Undefuse(field.ToString()));
            yield return new CsvRow(rowLine, [.. fields], inQuotes);
        }
    }

    /// <summary>One row of a Polis file (LF line ends), each field defused for spreadsheets by <see cref="CsvWriter"/>.</summary>
    public static void WriteRow(TextWriter writer, IEnumerable<string> fields) => CsvWriter.WriteRow(writer, fields, "\n");
}
