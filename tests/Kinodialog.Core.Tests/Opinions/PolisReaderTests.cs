using Kinodialog.Core.Opinions;

namespace Kinodialog.Core.Tests.Opinions;

public sealed class PolisReaderTests
{
    private const string CommentsHeader = "timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,group-informed-consensus,comment-body\n";
    private const string VotesHeader = "timestamp,datetime,comment-id,voter-id,vote\n";

    [Fact]
    public void The_strict_mode_names_a_stray_quote_with_its_file_line_and_column_and_imports_nothing()
    {
        var comments = CommentsHeader + "1,1,0,0,0,1,false,true,,Fine\n2,2,0,0,0,1,false,true,,Say \"no\" twice\n";
        var votes = VotesHeader + "5,x,1,0,1\n6,\"x\"y,1,1,1\n";

        var outcome = PolisImport.Read(new StringReader(comments), new StringReader(votes), null, 500);

        Assert.Null(outcome.Conversation);
        Assert.Equal(
            [
                new PolisImportError("comments.csv", 3, PolisImportProblem.BadQuote, "comment-body"),
                new PolisImportError("votes.csv", 3, PolisImportProblem.BadQuote, "datetime"),
            ],
            outcome.Errors);
    }

    [Fact]
    public void The_lenient_mode_skips_and_counts_short_and_malformed_rows_and_normalises_votes()
    {
        var comments = CommentsHeader + "1,a,7,0,0,1,false,true,,Fine\n2,b\n\n3,c,7,0,0,1,false,true,,Say \"no\" twice\n";
        var votes = VotesHeader + "5,x,a,v1,1\n6,x,b\n\n7,x,b,v2,-3\n8,x\"y\"z,a,v3,1\n9,x,a,v1,0\n";
        var reader = new PolisReader(PolisReadMode.Lenient);

        var conversation = PolisExport.Read(reader, new StringReader(votes), new StringReader(comments));

        Assert.Equal(["a"], conversation.Comments.Select(c => c.CommentId));
        Assert.Equal([("a", "v1", 1), ("b", "v2", -1), ("a", "v1", 0)], conversation.Votes.Select(v => (v.CommentId, v.VoterId, v.Vote)));
        Assert.Equal(new PolisReadCounts(ShortRows: 2, MalformedRows: 2, NormalisedVotes: 1), reader.Skipped);
        Assert.Equal(["a", "b"], conversation.Input.Statements.Select(s => s.ExternalId));
    }

    [Fact]
    public void The_lenient_mode_stops_at_a_number_that_is_not_one_and_says_where()
    {
        var votes = VotesHeader + "5,x,1,0,1\nsoon,x,1,1,1\n";

        var e = Assert.Throws<FormatException>(() => PolisExport.Read(new StringReader(votes), new StringReader(CommentsHeader)));

        Assert.Equal("votes.csv, line 3, column timestamp: 'soon' is not a whole number.", e.Message);
    }

    [Theory]
    [InlineData("bg2050-volunteers")]
    [InlineData("london.youth.policing")]
    public void Both_modes_read_a_published_export_to_the_same_vote_log(string name)
    {
        var dir = OpinionTestData.PolisPath(name);
        var lenient = new PolisReader(PolisReadMode.Lenient);
        var strict = new PolisReader(PolisReadMode.Strict, maxTextLength: 10_000);
        using var comments = File.OpenText(Path.Combine(dir, "comments.csv"));
        var strictComments = strict.ReadComments(comments);
        using var strictVotes = File.OpenText(Path.Combine(dir, "votes.csv"));
        using var lenientVotes = File.OpenText(Path.Combine(dir, "votes.csv"));

        var a = strict.ReadVotes(strictVotes, strictComments);
        var b = lenient.ReadVotes(lenientVotes);

        Assert.Empty(strict.Errors);
        Assert.Equal(new PolisReadCounts(0, 0, 0), lenient.Skipped);
        Assert.True(a.Count > 600);
        Assert.Equal(b, a);
    }
}
