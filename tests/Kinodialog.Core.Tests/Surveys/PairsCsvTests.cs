using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

public sealed class PairsCsvTests
{
    private static PairsCsvRow Row(string screening, string pair, string question, StatisticScale scale, double pre, double post) =>
        new(screening, "default", "3", pair, question, scale, pre, post);

    [Fact]
    public void Written_rows_have_the_documented_header_quoting_and_invariant_numbers()
    {
        var text = PairsCsv.Write(
        [
            Row("s1", "1", "warmth", StatisticScale.Thermometer, 42.5, 60),
            Row("s1", "2", "say \"hi\", then", StatisticScale.Ordinal, 3, 4),
        ]);
        Assert.Equal(
            "screening,questionnaire,version,pair,question,scale,pre,post\r\n" +
            "s1,default,3,1,warmth,thermometer,42.5,60\r\n" +
            "s1,default,3,2,\"say \"\"hi\"\", then\",ordinal,3,4\r\n",
            text);
    }

    [Fact]
    public void Rows_survive_a_round_trip() =>
        Prop.ForAll(RowsGen.ToArbitrary(), rows =>
        {
            var read = PairsCsv.Read(PairsCsv.Write(rows));
            Assert.Empty(read.Errors);
            Assert.Equal(rows, read.Rows);
        }).QuickCheckThrowOnFailure();

    private static Gen<string> Text =>
        Gen.Elements("a", "b", "s,1", "q\"x\"", "line\nbreak", "crlf\r\nx", "Հայ", "Azərbaycan", "вопрос")
            .Select(t => t.Trim());

    private static Gen<PairsCsvRow[]> RowsGen =>
        from count in Gen.Choose(0, 12)
        from rows in Gen.ArrayOf(
            from screening in Text
            from question in Text
            from pair in Gen.Choose(1, 100000)
            from pre in Gen.Choose(0, 1000)
            from post in Gen.Choose(0, 1000)
            select new PairsCsvRow(screening, "default", "1", pair.ToString(System.Globalization.CultureInfo.InvariantCulture), question, StatisticScale.Thermometer, pre / 10.0, post / 10.0),
            count)
        select rows.DistinctBy(r => (r.Screening, r.Question, r.Pair)).ToArray();

    [Fact]
    public void Columns_may_come_in_any_order_and_optional_ones_may_be_missing()
    {
        var read = PairsCsv.Read("post,Pre , question,pair,extra\n1,0,business,1,x\n0,0,business,2,y\n5,3,trust,1,z\n4,4,trust,2,z\n77,60.5,warmth,1,\n40,50,warmth,2,\n12,3,distance,1,\n");
        Assert.Empty(read.Errors);
        Assert.Equal(8 - 1, read.Rows.Count);
        Assert.All(read.Rows, r => Assert.Equal("", r.Screening));
        Assert.Equal(
            [StatisticScale.Binary, StatisticScale.Ordinal, StatisticScale.Thermometer, StatisticScale.Thermometer],
            read.Rows.GroupBy(r => r.Question).Select(g => g.First().Scale));
        Assert.Equal((0.0, 1.0), (read.Rows[0].Pre, read.Rows[0].Post));
        Assert.Equal((60.5, 77.0), (read.Rows[4].Pre, read.Rows[4].Post));
    }

    [Theory]
    [InlineData(new[] { 0.0, 1, 1, 0 }, StatisticScale.Binary)]
    [InlineData(new[] { 1.0, 1 }, StatisticScale.Binary)]
    [InlineData(new[] { 0.0, 1, 2 }, StatisticScale.Ordinal)]
    [InlineData(new[] { -2.0, 2, 0 }, StatisticScale.Ordinal)]
    [InlineData(new[] { 1.0, 10 }, StatisticScale.Ordinal)]
    [InlineData(new[] { 1.0, 11 }, StatisticScale.Thermometer)]
    [InlineData(new[] { 1.0, 2.5 }, StatisticScale.Thermometer)]
    public void The_scale_is_inferred_from_the_values(double[] values, StatisticScale expected) =>
        Assert.Equal(expected, PairsCsv.Infer(values));

    [Fact]
    public void Bad_values_are_reported_with_line_column_and_value()
    {
        var text = string.Join("\n",
            "screening,pair,question,scale,pre,post",
            "s1,1,warmth,thermometer,40,50",
            "s1,2,\"a question",
            "over two lines\",thermometer,40,50",
            "s1,3,warmth,thermometer,abc,50",
            "s1,4,warmth,thermometer,40,",
            "s1,5,warmth,thermometer,40,150",
            "s1,6,business,binary,2,1",
            "s1,7,trust,likert,1,2",
            "s1,1,warmth,thermometer,41,51",
            "s1,8,warmth,ordinal,4,5",
            "s1,9,warmth",
            "s1,10,warmth,thermometer,NaN,1e400",
            "");
        var read = PairsCsv.Read(text);
        Assert.Equal(
        [
            (PairsCsvErrorCodes.NotANumber, 5, "pre", "abc"),
            (PairsCsvErrorCodes.EmptyValue, 6, "post", ""),
            (PairsCsvErrorCodes.OutOfRange, 7, "post", "150"),
            (PairsCsvErrorCodes.OutOfRange, 8, "pre", "2"),
            (PairsCsvErrorCodes.UnknownScale, 9, "scale", "likert"),
            (PairsCsvErrorCodes.DuplicatePair, 10, "pair", "1"),
            (PairsCsvErrorCodes.ScaleConflict, 11, "scale", "ordinal"),
            (PairsCsvErrorCodes.FieldCount, 12, null, "3"),
            (PairsCsvErrorCodes.NotANumber, 13, "pre", "NaN"),
            (PairsCsvErrorCodes.NotANumber, 13, "post", "1e400"),
        ],
        read.Errors.Select(e => (e.Code, e.Line, e.Column, e.Value)));
        Assert.False(read.Succeeded);
        Assert.Equal(["1", "2"], read.Rows.Select(r => r.Pair));
        Assert.Equal("a question\nover two lines", read.Rows[1].Question);
        Assert.Equal("line 5: column \"pre\": \"abc\" is not a number", read.Errors[0].Message);
    }

    [Fact]
    public void A_header_without_required_columns_is_reported_once_per_column()
    {
        var read = PairsCsv.Read("screening,question,pre\r\ns1,warmth,40\r\n");
        Assert.Equal([("pair", 1), ("post", 1)], read.Errors.Select(e => (e.Column!, e.Line)));
        Assert.All(read.Errors, e => Assert.Equal(PairsCsvErrorCodes.MissingColumn, e.Code));
        Assert.Empty(read.Rows);
        Assert.Equal("line 1: column \"pair\": is required but missing from the header", read.Errors[0].Message);
    }

    [Theory]
    [InlineData("", PairsCsvErrorCodes.Empty, 1)]
    [InlineData("\n\n", PairsCsvErrorCodes.Empty, 1)]
    [InlineData("pair,question,pre,pre,post\n", PairsCsvErrorCodes.DuplicateColumn, 1)]
    [InlineData("pair,question,pre,post\n1,q,1,2\n2,\"q,1,2\n3,q,1,2\n", PairsCsvErrorCodes.UnterminatedQuote, 3)]
    [InlineData("pair,question,pre,post\n1,q,1,2\n2,\"q\"x,1,2\n", PairsCsvErrorCodes.BadQuote, 3)]
    [InlineData("pair,question,pre,post\n1,q,1,2\n2,q\"x,1,2\n", PairsCsvErrorCodes.BadQuote, 3)]
    public void Malformed_files_are_reported_not_thrown(string text, string code, int line)
    {
        var read = PairsCsv.Read(text);
        var error = Assert.Single(read.Errors);
        Assert.Equal((code, line), (error.Code, error.Line));
    }

    [Fact]
    public void A_byte_order_mark_blank_lines_and_crlf_are_accepted()
    {
        var read = PairsCsv.Read("\uFEFFpair,question,pre,post\r\n\r\n1,q,1,2\r\n\r\n2,q,3,3");
        Assert.Empty(read.Errors);
        Assert.Equal(2, read.Rows.Count);
    }

    [Fact]
    public void Reading_never_throws_on_arbitrary_text() =>
        Prop.ForAll<string>(s =>
        {
            var text = s ?? "";
            _ = PairsCsv.Read(text);
            var read = PairsCsv.Read("pair,question,pre,post\n" + text);
            Assert.All(read.Errors, e => Assert.InRange(e.Line, 1, text.Length + 2));
        }).QuickCheckThrowOnFailure();
}
