using Kinodialog.Core.Surveys;

namespace Kinodialog.Core.Tests.Surveys;

public sealed class ParticipantCodesTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Card_codes_are_stable_distinct_and_typed_back_in_any_case_or_spacing()
    {
        var codes = Enumerable.Range(1, 500).Select(n => ParticipantCodes.CardCode(Key, n)).ToList();
        Assert.Equal(500, codes.Distinct().Count());
        Assert.Equal(codes[41], ParticipantCodes.CardCode(Key, 42));
        Assert.NotEqual(codes[41], ParticipantCodes.CardCode([.. Key.Reverse()], 42));
        Assert.All(codes, c => Assert.Matches("^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$", c));
        var shown = ParticipantCodes.Display(codes[0]);
        Assert.Equal(codes[0], ParticipantCodes.NormalizeCard(" " + shown.ToLowerInvariant().Replace("-", " - ", StringComparison.Ordinal)));
        Assert.Null(ParticipantCodes.NormalizeCard("M042"));
        Assert.Null(ParticipantCodes.NormalizeCard("0OIL1234"));
    }

    [Fact]
    public void Self_made_codes_are_kept_only_as_a_keyed_hash()
    {
        var hash = ParticipantCodes.SelfCodeHash(Key, "m 04-2")!;
        Assert.Equal(hash, ParticipantCodes.SelfCodeHash(Key, "M042"));
        Assert.NotEqual(hash, ParticipantCodes.SelfCodeHash(new byte[32], "M042"));
        Assert.DoesNotContain("M042", hash, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ParticipantCodes.SelfCodeHash(Key, "Ə052"), ParticipantCodes.SelfCodeHash(Key, "ə052"));
        Assert.Null(ParticipantCodes.SelfCodeHash(Key, "-1-"));
    }
}
