using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Csv;

namespace Kinodialog.Core.Tests.Csv;

public sealed class CsvReaderTests
{
    private static List<(int Line, string[] Fields, CsvError? Error)> ReadAll(string text)
    {
        using var reader = CsvReader.FromText(text);
        var rows = new List<(int, string[], CsvError?)>();
        while (reader.Read())
        {
            rows.Add((reader.Line, reader.Fields(), reader.Error));
        }

        return rows;
    }

    [Fact]
    public void Each_row_comes_with_the_line_it_starts_on_across_quoted_line_breaks()
    {
        var rows = ReadAll("\"head\ner\",b\r\n1,\"two\nlines, and \"\"quotes\"\"\"\n\n3,x");

        Assert.Equal([1, 3, 5, 6], rows.Select(r => r.Line));
        Assert.Equal(["head\ner", "b"], rows[0].Fields);
        Assert.Equal(["1", "two\nlines, and \"quotes\""], rows[1].Fields);
        Assert.Equal([""], rows[2].Fields);
        Assert.Equal(["3", "x"], rows[3].Fields);
        Assert.All(rows, r => Assert.Null(r.Error));
    }

    [Fact]
    public void A_blank_line_is_a_blank_row_and_a_quoted_empty_field_is_not()
    {
        using var reader = CsvReader.FromText("\n\"\"\n");
        Assert.True(reader.Read());
        Assert.True(reader.IsBlank);
        Assert.True(reader.Read());
        Assert.False(reader.IsBlank);
        Assert.Equal("", reader[0]);
        Assert.False(reader.Read());
    }

    [Fact]
    public void A_quote_never_closed_is_reported_on_the_line_where_its_row_starts()
    {
        var rows = ReadAll("a,b\n1,2\n3,\"open,\n4,5\n");

        Assert.Equal(3, rows.Count);
        Assert.Equal(new CsvError(3, 2, CsvProblem.UnterminatedQuote), rows[2].Error);
        Assert.Equal(["3", "open,\n4,5\n"], rows[2].Fields);
    }

    [Theory]
    [InlineData("a,b\n\"x\"y,2\n", 1)]
    [InlineData("a,b\n1,\"x\"\"y\"z\n", 2)]
    [InlineData("a,b\n1,x\"y,3\n4\n", 2)]
    public void A_stray_quote_is_reported_with_its_line_and_field(string text, int column)
    {
        var rows = ReadAll(text);

        Assert.Null(rows[0].Error);
        Assert.Equal(new CsvError(2, column, CsvProblem.BadQuote), rows[1].Error);
    }

    [Fact]
    public void A_row_longer_than_the_limit_is_reported_and_ends_the_reading()
    {
        var rows = ReadAll("a,b\n\"" + new string('x', 17_000_000));

        Assert.Equal(2, rows.Count);
        Assert.Equal(new CsvError(2, 0, CsvProblem.RowTooLong), rows[1].Error);
        Assert.Empty(rows[1].Fields);
    }

    [Fact]
    public void A_text_reader_is_read_to_its_end_and_left_open()
    {
        using var text = new StringReader("x,y\n1,2\n");
        using (var reader = CsvReader.From(text))
        {
            Assert.True(reader.Read());
            Assert.True(reader.Read());
            Assert.Equal("2", reader[1]);
            Assert.False(reader.Read());
        }

        Assert.Equal(-1, text.Peek());
    }

    [Fact]
    public void What_the_writer_writes_reads_back_unchanged_field_for_field()
    {
        var tricky = Gen.Elements("=", "+", "-", "@", "'", "\"", ",", "\n", "\r\n", " ", "1", "-1", "a", "＝", "Ա");
        var field = Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Select(s => (s ?? "").Replace("\r", "", StringComparison.Ordinal)),
            Gen.ArrayOf(tricky).Select(parts => string.Concat(parts)));
        var rows = Gen.ArrayOf(Gen.ArrayOf(field).Where(f => f.Length > 1 || (f.Length == 1 && f[0].Length > 0))).Where(r => r.Length > 0);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(rows.ToArbitrary(), written =>
        {
            using var writer = new StringWriter();
            foreach (var row in written)
            {
                CsvWriter.WriteRow(writer, row, "\r\n");
            }

            var read = ReadAll(writer.ToString());
            return read.Count == written.Length
                && read.Zip(written).All(p => p.First.Error is null && p.First.Fields.SequenceEqual(p.Second));
        }));
    }
}
