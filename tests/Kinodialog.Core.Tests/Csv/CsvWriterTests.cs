using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Csv;

namespace Kinodialog.Core.Tests.Csv;

public sealed class CsvWriterTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1)", "'@SUM(1)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "'\r=1+1")]
    [InlineData("  =1+1", "'  =1+1")]
    [InlineData("\u00A0@SUM(1)", "'\u00A0@SUM(1)")]
    [InlineData("＝1+1", "'＝1+1")]
    [InlineData("'=1+1", "''=1+1")]
    [InlineData("-", "'-")]
    [InlineData("- a list item", "'- a list item")]
    public void A_field_a_spreadsheet_would_read_as_a_formula_is_prefixed_with_an_apostrophe(string value, string expected) =>
        Assert.Equal(expected, CsvWriter.Defuse(value));

    [Theory]
    [InlineData("We are neighbours.")]
    [InlineData("-1")]
    [InlineData("+2.5")]
    [InlineData("-1.25e-3")]
    [InlineData("1700000000000")]
    [InlineData("'quoted")]
    [InlineData("a=b")]
    [InlineData("")]
    [InlineData("\t")]
    [InlineData("Մենք հարևաններ ենք։")]
    public void Text_and_plain_numbers_are_written_unchanged(string value) =>
        Assert.Equal(value, CsvWriter.Defuse(value));

    [Fact]
    public void A_row_is_quoted_where_needed_and_defused_in_every_field()
    {
        using var writer = new StringWriter();
        CsvWriter.WriteRow(writer, ["=HYPERLINK(\"http://x\")", "a,b", "-1", "@SUM(1)", "line\nbreak"], "\r\n");
        Assert.Equal("\"'=HYPERLINK(\"\"http://x\"\")\",\"a,b\",-1,'@SUM(1),\"line\nbreak\"\r\n", writer.ToString());
    }

    [Fact]
    public void Undefusing_gives_back_exactly_what_was_defused()
    {
        var tricky = Gen.Elements("=", "+", "-", "@", "'", "''", "\t", "\r", " ", "1", "-1", "a", "＝", "e", ".");
        var strings = Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
            Gen.ArrayOf(tricky).Select(parts => string.Concat(parts)));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(strings.ToArbitrary(), value =>
            CsvWriter.Undefuse(CsvWriter.Defuse(value)) == value));
    }

    [Fact]
    public void No_defused_field_starts_a_formula_after_whitespace()
    {
        var strings = Gen.ArrayOf(Gen.Elements("=", "+", "-", "@", "'", "\t", "\r", "\n", " ", "1", "x", "SUM(1)")).Select(parts => string.Concat(parts));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(strings.ToArbitrary(), value =>
        {
            var defused = CsvWriter.Defuse(value).TrimStart(' ', '\t', '\r', '\n');
            return defused.Length == 0 || defused[0] is not ('=' or '+' or '-' or '@') || double.TryParse(defused, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
        }));
    }
}
