using Kinodialog.Core.Screenings;
using Kinodialog.Core.Surveys;
using Kinodialog.Web.Features.Field;

namespace Kinodialog.Web.Tests.Features.Field;

public sealed class ResultsBundleTests
{
    private const string Passphrase = "river-apricot-bridge-7";

    // A small work factor keeps the tests fast; the shipped default is 600,000.
    private const int Iterations = 1_000;

    private static ResultsBundleContent Content()
    {
        var participant = Guid.CreateVersion7();
        var statement = Guid.CreateVersion7();
        var at = new DateTime(2026, 11, 20, 16, 0, 0, DateTimeKind.Utc);
        var results = new ResultsBatch(
            FieldLimits.FormatVersion,
            [new ResultParticipant(participant, "hash", "hy", at, null, true, "armenian", false, 1)],
            [new ResultStatement(statement, participant, "Մենք կարող ենք խոսել", "hy", 1, false, 1, at, [new PackageTranslation("az", "Biz danışa bilərik")])],
            [new ResultResponse(Guid.NewGuid(), participant, Guid.CreateVersion7(), SurveyPhase.Pre, 1, at, "{\"trust\":4}")],
            [new ResultVote(Guid.NewGuid(), participant, statement, 1, at)],
            [],
            []);
        var outcome = new ScreeningOutcome(
            FieldLimits.FormatVersion, ScreeningStatus.Held, at, at.AddHours(2), AudienceStage.Dialogue, AudienceStage.Dialogue, 0, 0,
            12, 6, 6, 0, "notes", "", [], null, null, new ResultTotals(1, 1, 1, 1, 0, 0));
        return new ResultsBundleContent(FieldLimits.FormatVersion, Guid.CreateVersion7(), Guid.CreateVersion7(), at, results, outcome);
    }

    [Fact]
    public void A_sealed_file_opens_with_its_passphrase_and_gives_back_every_record()
    {
        var content = Content();
        var file = ResultsBundle.Seal(content, Passphrase, Iterations);

        var opened = ResultsBundle.Open(file, Passphrase);

        Assert.Equal(BundleRefusal.None, opened.Refusal);
        Assert.NotNull(opened.Content);
        Assert.Equal(content.ScreeningId, opened.Content.ScreeningId);
        Assert.Equal(content.DeviceId, opened.Content.DeviceId);
        Assert.Equal(content.Results.Votes.Single(), opened.Content.Results.Votes.Single());
        Assert.Equal("Biz danışa bilərik", opened.Content.Results.Statements.Single().Translations.Single().Text);
        Assert.Equal(content.Outcome.Totals, opened.Content.Outcome.Totals);
    }

    [Fact]
    public void The_file_does_not_show_its_content_in_clear()
    {
        var file = ResultsBundle.Seal(Content(), Passphrase, Iterations);

        var text = System.Text.Encoding.UTF8.GetString(file);
        Assert.DoesNotContain("armenian", text, StringComparison.Ordinal);
        Assert.DoesNotContain("trust", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_passphrase_is_refused()
    {
        var file = ResultsBundle.Seal(Content(), Passphrase, Iterations);

        var opened = ResultsBundle.Open(file, "river-apricot-bridge-8");

        Assert.Null(opened.Content);
        Assert.Equal(BundleRefusal.WrongPassphraseOrDamaged, opened.Refusal);
    }

    [Fact]
    public void Every_single_changed_byte_is_refused_header_included()
    {
        var file = ResultsBundle.Seal(Content(), Passphrase, Iterations);
        var refusals = new HashSet<BundleRefusal>();
        for (var i = 0; i < file.Length; i += Math.Max(1, file.Length / 97))
        {
            var changed = (byte[])file.Clone();
            changed[i] ^= 0x01;
            var opened = ResultsBundle.Open(changed, Passphrase);
            Assert.Null(opened.Content);
            refusals.Add(opened.Refusal);
        }

        Assert.DoesNotContain(BundleRefusal.None, refusals);
        Assert.Contains(BundleRefusal.WrongPassphraseOrDamaged, refusals);
        Assert.Contains(BundleRefusal.NotABundle, refusals);
    }

    [Fact]
    public void A_file_cut_off_anywhere_is_refused()
    {
        var file = ResultsBundle.Seal(Content(), Passphrase, Iterations);

        foreach (var length in new[] { 0, 3, 10, 36, 52, file.Length / 2, file.Length - 1 })
        {
            var opened = ResultsBundle.Open(file.AsSpan(0, length), Passphrase);
            Assert.Null(opened.Content);
            Assert.NotEqual(BundleRefusal.None, opened.Refusal);
        }

        Assert.Equal(BundleRefusal.Truncated, ResultsBundle.Open(file.AsSpan(0, 40), Passphrase).Refusal);
        Assert.Equal(BundleRefusal.WrongPassphraseOrDamaged, ResultsBundle.Open(file.AsSpan(0, file.Length - 1), Passphrase).Refusal);
    }

    [Fact]
    public void Something_that_is_not_a_results_file_is_named_as_such()
    {
        var opened = ResultsBundle.Open("PK\u0003\u0004 a zip file, not ours"u8, Passphrase);

        Assert.Equal(BundleRefusal.NotABundle, opened.Refusal);
    }

    [Fact]
    public void Two_files_of_the_same_results_differ_because_salt_and_nonce_are_fresh()
    {
        var content = Content();

        var one = ResultsBundle.Seal(content, Passphrase, Iterations);
        var two = ResultsBundle.Seal(content, Passphrase, Iterations);

        Assert.False(one.AsSpan().SequenceEqual(two));
    }

    [Fact]
    public void A_short_passphrase_is_not_accepted_for_sealing()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ResultsBundle.Seal(Content(), "short", Iterations));
    }
}
