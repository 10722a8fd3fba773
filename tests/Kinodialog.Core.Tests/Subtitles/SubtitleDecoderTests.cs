using System.Text;
using Kinodialog.Core.Subtitles;

namespace Kinodialog.Core.Tests.Subtitles;

public sealed class SubtitleDecoderTests
{
    private const string Russian = "WEBVTT\n\n00:01.000 --> 00:04.000\nПривет! Это наш фильм о войне и доме.\n\n00:05.000 --> 00:08.000\nМы посмотрим его вместе, а потом поговорим.\n";

    private const string Armenian = "WEBVTT\n\n00:01.000 --> 00:04.000\nԲարեւ ձեզ, այսօր մենք դիտելու ենք ֆիլմ պատերազմի մասին\n\n00:05.000 --> 00:08.000\nՀետո կխոսենք միասին, թե ինչ զգացինք եւ ինչ հիշեցինք\n";

    static SubtitleDecoderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Armenian letters in ARMSCII-8: capitals from 0xB2 on even bytes, small letters on the odd byte after.</summary>
    internal static byte[] ToArmscii8(string text) =>
        [.. text.Select(c => c switch
        {
            >= '\u0531' and <= '\u0556' => (byte)(0xB2 + (2 * (c - '\u0531'))),
            >= '\u0561' and <= '\u0586' => (byte)(0xB3 + (2 * (c - '\u0561'))),
            < '\u0080' => (byte)c,
            _ => throw new ArgumentException($"No ARMSCII-8 byte for {c}"),
        })];

    [Fact]
    public void UTF_8_without_a_BOM_is_decoded()
    {
        var result = SubtitleDecoder.Decode(Encoding.UTF8.GetBytes(Armenian));
        Assert.True(result.Succeeded);
        Assert.Equal(Armenian, result.Text);
        Assert.Equal("utf-8", result.EncodingName);
    }

    [Fact]
    public void A_UTF_8_BOM_is_removed()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Russian)).ToArray();
        var result = SubtitleDecoder.Decode(bytes);
        Assert.Equal(Russian, result.Text);
        Assert.False(result.Text!.StartsWith('\uFEFF'));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UTF_16_with_a_BOM_is_decoded_in_both_byte_orders(bool bigEndian)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(Armenian)).ToArray();
        var result = SubtitleDecoder.Decode(bytes);
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(Armenian, result.Text);
        Assert.Equal(bigEndian ? "utf-16be" : "utf-16le", result.EncodingName);
    }

    [Fact]
    public void UTF_16_with_a_lone_surrogate_is_rejected()
    {
        byte[] bytes = [0xFF, 0xFE, (byte)'W', 0, 0x00, 0xD8, (byte)'x', 0];
        var result = SubtitleDecoder.Decode(bytes);
        Assert.False(result.Succeeded);
        Assert.Equal(SubtitleIssueCodes.EncodingInvalidUtf16, result.Error.Code);
    }

    [Fact]
    public void UTF_16_without_a_BOM_is_recognised_and_refused_rather_than_read_as_text_full_of_NULs()
    {
        var bytes = Encoding.Unicode.GetBytes("WEBVTT\n\n00:01.000 --> 00:02.000\nHello\n");
        var result = SubtitleDecoder.Decode(bytes);
        Assert.Equal(SubtitleIssueCodes.EncodingUtf16WithoutBom, result.Error?.Code);
    }

    [Fact]
    public void ARMSCII_8_bytes_are_rejected_with_a_request_to_save_as_UTF_8()
    {
        var bytes = ToArmscii8(Armenian);
        var result = SubtitleDecoder.Decode(bytes);
        Assert.False(result.Succeeded);
        Assert.Null(result.Text);
        Assert.Equal(SubtitleIssueCodes.EncodingInvalidUtf8, result.Error.Code);
        Assert.Equal(4, result.Error.Line);
        Assert.Contains("Save the file as UTF-8", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("ARMSCII-8", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(["4", "32", "0xB4"], result.Error.Arguments);
    }

    [Theory]
    [InlineData(new byte[] { 0x41, 0xC3 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0x41, 0x0A, 0x42, 0xFF })]
    public void Invalid_UTF_8_is_an_error_never_replacement_characters(byte[] bytes)
    {
        var result = SubtitleDecoder.Decode(bytes);
        Assert.False(result.Succeeded);
        Assert.Equal(SubtitleIssueCodes.EncodingInvalidUtf8, result.Error.Code);
    }

    [Fact]
    public void The_line_of_an_invalid_byte_counts_CRLF_and_lone_CR_as_one_line_break_each()
    {
        byte[] bytes = [(byte)'a', 0x0D, 0x0A, (byte)'b', 0x0D, (byte)'c', 0x0A, 0xFF];
        Assert.Equal(4, SubtitleDecoder.Decode(bytes).Error?.Line);
    }

    [Fact]
    public void Windows_1251_Russian_is_converted_when_asked()
    {
        var bytes = Encoding.GetEncoding(1251).GetBytes(Russian);
        var result = SubtitleDecoder.Decode(bytes, SubtitleEncoding.Windows1251);
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(Russian, result.Text);
        Assert.Equal("windows-1251", result.EncodingName);
    }

    [Fact]
    public void Windows_1251_is_not_guessed_when_not_asked()
    {
        var bytes = Encoding.GetEncoding(1251).GetBytes(Russian);
        Assert.Equal(SubtitleIssueCodes.EncodingInvalidUtf8, SubtitleDecoder.Decode(bytes).Error?.Code);
    }

    [Fact]
    public void KOI8_R_Russian_is_converted_when_asked()
    {
        var bytes = Encoding.GetEncoding(20866).GetBytes(Russian);
        var result = SubtitleDecoder.Decode(bytes, SubtitleEncoding.Koi8R);
        Assert.Equal(Russian, result.Text);
        Assert.Equal("koi8-r", result.EncodingName);
    }

    [Fact]
    public void A_UTF_8_file_stays_UTF_8_even_when_a_legacy_encoding_is_asked_for()
    {
        var result = SubtitleDecoder.Decode(Encoding.UTF8.GetBytes(Russian), SubtitleEncoding.Windows1251);
        Assert.Equal(Russian, result.Text);
        Assert.Equal("utf-8", result.EncodingName);
    }

    [Fact]
    public void ARMSCII_8_read_as_Windows_1251_is_refused_as_garbled()
    {
        var result = SubtitleDecoder.Decode(ToArmscii8(Armenian), SubtitleEncoding.Windows1251);
        Assert.False(result.Succeeded);
        Assert.Equal(SubtitleIssueCodes.EncodingLegacyUndecodable, result.Error.Code);
        Assert.Contains("UTF-8", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_1251_read_as_KOI8_R_is_refused_as_garbled()
    {
        var bytes = Encoding.GetEncoding(1251).GetBytes(Russian);
        Assert.Equal(SubtitleIssueCodes.EncodingLegacyUndecodable, SubtitleDecoder.Decode(bytes, SubtitleEncoding.Koi8R).Error?.Code);
    }

    [Fact]
    public void A_byte_that_Windows_1251_does_not_define_is_an_error()
    {
        byte[] bytes = [(byte)'W', 0x98, (byte)'x'];
        Assert.Equal(SubtitleIssueCodes.EncodingLegacyUndecodable, SubtitleDecoder.Decode(bytes, SubtitleEncoding.Windows1251).Error?.Code);
    }

    [Fact]
    public void UTF_32_is_refused()
    {
        var bytes = new UTF32Encoding(false, true).GetPreamble().Concat(new UTF32Encoding(false, true).GetBytes("WEBVTT")).ToArray();
        Assert.Equal(SubtitleIssueCodes.EncodingUnsupported, SubtitleDecoder.Decode(bytes).Error?.Code);
    }

    [Fact]
    public void An_empty_file_decodes_to_empty_text()
    {
        var result = SubtitleDecoder.Decode([]);
        Assert.Equal("", result.Text);
    }
}
