using Kinodialog.Core.Opinions;

namespace Kinodialog.Core.Tests.Opinions;

public sealed class PolisImportTests
{
    private const string CommentsHeader = "timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,group-informed-consensus,comment-body\n";
    private const string VotesHeader = "timestamp,datetime,comment-id,voter-id,vote\n";

    private static PolisImportOutcome Read(string comments, string votes, string? summary = null, int maxText = 500)
    {
        using var c = new StringReader(comments);
        using var v = new StringReader(votes);
        using var s = summary is null ? null : new StringReader(summary);
        return PolisImport.Read(c, v, s, maxText);
    }

    [Theory]
    [InlineData("bg2050-volunteers")]
    [InlineData("london.youth.policing")]
    public void The_published_exports_read_without_a_problem_and_keep_every_vote_event(string name)
    {
        var dir = OpinionTestData.PolisPath(name);
        var outcome = Read(File.ReadAllText(Path.Combine(dir, "comments.csv")), File.ReadAllText(Path.Combine(dir, "votes.csv")), File.ReadAllText(Path.Combine(dir, "summary.csv")));

        Assert.Empty(outcome.Errors);
        var conversation = outcome.Conversation!;
        var reference = OpinionTestData.ReadPolis(name);
        Assert.Equal(reference.Comments.Count, conversation.Statements.Count);
        Assert.Equal(reference.Votes.Count, conversation.Votes.Count);
        Assert.Equal(
            reference.Votes.Select(v => (v.Timestamp, v.CommentId, v.VoterId, v.Vote)).Order(),
            conversation.Votes.Select(v => (v.Timestamp, v.Statement.ToString(System.Globalization.CultureInfo.InvariantCulture), v.Voter.ToString(System.Globalization.CultureInfo.InvariantCulture), v.Value)).Order());
        Assert.True(conversation.Votes.Zip(conversation.Votes.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp), "votes come oldest first");
        Assert.Equal(reference.Comments.Count(c => c.Moderated < 0), conversation.Statements.Count(s => s.Moderated < 0));
        Assert.NotEmpty(conversation.Topic);
        Assert.Contains(conversation.Votes[0].Voter, conversation.Voters);
    }

    [Fact]
    public void A_quoted_comment_over_several_lines_keeps_later_rows_on_their_real_line_numbers()
    {
        var comments = CommentsHeader
            + "1,1,0,0,0,1,false,true,,\"First line\nsecond line, with a comma and \"\"quotes\"\"\"\n"
            + "2,2,0,0,0,1,false,true,,Plain\n";
        var votes = VotesHeader + "5,x,1,0,1\n6,x,2,0,2\n";

        var outcome = Read(comments, votes);

        Assert.Null(outcome.Conversation);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal(new PolisImportError("votes.csv", 3, PolisImportProblem.BadVote, "vote", "2"), error);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_file_line_and_column()
    {
        var comments = CommentsHeader
            + "1,1,0,0,0,1,false,true,,Fine\n"
            + "2,one,0,0,0,1,false,true,,Bad id\n"
            + "3,1,0,0,0,1,false,true,,Same id\n"
            + "4,4,0,0,0,7,false,true,,Moderated\n"
            + "5,5,0,0,0,1,false,true,,   \n"
            + "6,6,0,0,0,1,false,true,," + new string('x', 11) + "\n"
            + "7,7,0\n";
        var votes = VotesHeader + "10,x,1,3,1\n11,x,9,3,1\n12,x,1,-4,1\nlater,x,1,3,1\n";

        var outcome = Read(comments, votes, maxText: 10);

        Assert.Null(outcome.Conversation);
        Assert.Equal(
            [
                new PolisImportError("comments.csv", 3, PolisImportProblem.NotANumber, "comment-id", "one"),
                new PolisImportError("comments.csv", 4, PolisImportProblem.DuplicateComment, "comment-id", "1"),
                new PolisImportError("comments.csv", 5, PolisImportProblem.BadModeration, "moderated", "7"),
                new PolisImportError("comments.csv", 6, PolisImportProblem.EmptyText, "comment-body"),
                new PolisImportError("comments.csv", 7, PolisImportProblem.TextTooLong, "comment-body", "11"),
                new PolisImportError("comments.csv", 8, PolisImportProblem.ShortRow, Value: "3"),
                new PolisImportError("votes.csv", 3, PolisImportProblem.UnknownComment, "comment-id", "9"),
                new PolisImportError("votes.csv", 4, PolisImportProblem.NotANumber, "voter-id", "-4"),
                new PolisImportError("votes.csv", 5, PolisImportProblem.NotANumber, "timestamp", "later"),
            ],
            outcome.Errors);
    }

    [Fact]
    public void Missing_columns_empty_files_and_an_open_quote_are_named()
    {
        var missing = Read("comment-id,text\n1,Hello\n", "timestamp,comment-id,vote\n");
        Assert.Equal(
            [
                new PolisImportError("comments.csv", 1, PolisImportProblem.MissingColumn, "comment-body"),
                new PolisImportError("votes.csv", 1, PolisImportProblem.MissingColumn, "voter-id"),
            ],
            missing.Errors);

        Assert.Equal([new PolisImportError("comments.csv", 0, PolisImportProblem.EmptyFile)], Read("", VotesHeader).Errors);
        Assert.Equal([new PolisImportError("comments.csv", 0, PolisImportProblem.NoComments)], Read(CommentsHeader, VotesHeader).Errors);
        Assert.Equal(
            [new PolisImportError("comments.csv", 3, PolisImportProblem.UnterminatedQuote)],
            Read(CommentsHeader + "1,1,0,0,0,1,false,true,,Fine\n2,2,0,0,0,1,false,true,,\"never closed\n3,3,0", VotesHeader).Errors);
    }

    [Fact]
    public void At_most_twenty_problems_are_listed()
    {
        var votes = VotesHeader + string.Concat(Enumerable.Range(0, 100).Select(i => $"{i},x,1,{i},5\n"));

        var outcome = Read(CommentsHeader + "1,1,0,0,0,1,false,true,,Fine\n", votes);

        Assert.Equal(PolisImport.MaxErrors, outcome.Errors.Count);
        Assert.All(outcome.Errors, e => Assert.Equal(PolisImportProblem.BadVote, e.Problem));
        Assert.Equal(2, outcome.Errors[0].Line);
    }

    [Fact]
    public void An_older_export_without_optional_columns_reads_with_defaults_and_authors_become_voters()
    {
        var comments = "comment-id,author-id,comment-body\n0,7,Hello\n";
        var votes = VotesHeader + "20,x,0,3,-1\n10,x,0,3,1\n";

        var conversation = Read(comments, votes, "topic,A topic\nurl,https://pol.is/x\nconversation-description,\"Two\nlines\"\n").Conversation!;

        var statement = Assert.Single(conversation.Statements);
        Assert.Equal(new PolisImportStatement(0, 0, 7, 1, false, false, "Hello"), statement);
        Assert.Equal([3, 7], conversation.Voters);
        Assert.Equal([10L, 20L], conversation.Votes.Select(v => v.Timestamp));
        Assert.Equal(("A topic", "Two\nlines", "https://pol.is/x"), (conversation.Topic, conversation.Description, conversation.Url));
    }
}
