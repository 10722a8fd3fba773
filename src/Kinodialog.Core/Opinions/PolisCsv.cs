using System.Text;

namespace Kinodialog.Core.Opinions;

/// <summary>One CSV row: the line it starts on, its fields, and whether a quoted field was left open.</summary>
internal readonly record struct CsvRow(int Line, string[] Fields, bool Unterminated);

/// <summary>A small RFC 4180 reader and writer (quoted fields may hold commas, quotes and new lines).</summary>
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
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
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
            fields.Add(field.ToString());
            yield return new CsvRow(rowLine, [.. fields], inQuotes);
        }
    }

    public static void WriteRow(TextWriter writer, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var f in fields)
        {
            if (!first)
            {
                writer.Write(',');
            }

            first = false;
            if (f.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                writer.Write('"');
                writer.Write(f.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(f);
            }
        }

        writer.Write('\n');
    }
}
