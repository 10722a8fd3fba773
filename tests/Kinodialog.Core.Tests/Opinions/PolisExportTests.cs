using System.Globalization;
using Kinodialog.Core.Opinions;

namespace Kinodialog.Core.Tests.Opinions;

public sealed class PolisExportTests
{
    private static SortedSet<(string Voter, string Comment, int Vote)> FinalVotes(OpinionInput input)
    {
        var set = new SortedSet<(string, string, int)>();
        for (var p = 0; p < input.ParticipantCount; p++)
        {
            var statements = input.StatementsOf(p);
            var votes = input.VotesOf(p);
            for (var k = 0; k < statements.Length; k++)
            {
                set.Add((input.Participants[p].ExternalId, input.Statements[statements[k]].ExternalId, votes[k]));
            }
        }

        return set;
    }

    [Theory]
    [InlineData("london.youth.policing")]
    [InlineData("bg2050-volunteers")]
    public void Reading_writing_and_reading_again_keeps_votes_and_statements(string name)
    {
        var original = OpinionTestData.ReadPolis(name);
        var result = OpinionEngine.Compute(original.Input, null, OpinionOptions.Default);

        using var votes = new StringWriter(CultureInfo.InvariantCulture);
        using var comments = new StringWriter(CultureInfo.InvariantCulture);
        using var participants = new StringWriter(CultureInfo.InvariantCulture);
        using var summary = new StringWriter(CultureInfo.InvariantCulture);
        PolisExport.WriteVotes(votes, original.Votes);
        PolisExport.WriteComments(comments, original.Input, result, original.Comments);
        PolisExport.WriteParticipantsVotes(participants, original.Input, result, original.Comments);
        PolisExport.WriteSummary(summary, original.Input, result, topic: "A topic, with a comma");

        var again = PolisExport.Read(votes.ToString(), comments.ToString(), participants.ToString(), summary.ToString());
        Assert.Equal(FinalVotes(original.Input), FinalVotes(again.Input));
        Assert.Equal(original.Votes.Count, again.Votes.Count);
        Assert.Equal(original.Input.Statements.Select(s => s.ExternalId).Order(StringComparer.Ordinal), again.Input.Statements.Select(s => s.ExternalId).Order(StringComparer.Ordinal));
        foreach (var statement in original.Input.Statements)
        {
            Assert.Contains(statement, again.Input.Statements);
        }

        var bodies = original.Comments.ToDictionary(c => c.CommentId, c => c.Body, StringComparer.Ordinal);
        Assert.All(again.Comments, c => Assert.Equal(bodies[c.CommentId], c.Body));
        Assert.Equal(original.Comments.Select(c => (c.CommentId, c.AuthorId, c.Moderated)), again.Comments.Select(c => (c.CommentId, c.AuthorId, c.Moderated)));

        // Our columns: GIC from the engine, group-id from our groups, voters-in-conv = participants in the map.
        foreach (var c in again.Comments)
        {
            Assert.Equal(result.Statements[original.StatementIndex(c.CommentId)].Gic, c.GroupInformedConsensus);
        }

        foreach (var (id, group) in again.GroupIds)
        {
            var p = Enumerable.Range(0, original.Input.ParticipantCount).Single(i => original.Input.Participants[i].ExternalId == id);
            var ours = result.Participants[p].Group;
            Assert.Equal(ours >= 0 ? ours.ToString(CultureInfo.InvariantCulture) : null, group);
        }

        Assert.Contains(new KeyValuePair<string, string>("voters-in-conv", result.InMapCount.ToString(CultureInfo.InvariantCulture)), again.Summary);
        Assert.Contains(new KeyValuePair<string, string>("topic", "A topic, with a comma"), again.Summary);
    }

    [Fact]
    public void The_latest_vote_per_participant_and_statement_wins_whatever_the_order_of_the_log()
    {
        const string Votes = "timestamp,datetime,comment-id,voter-id,vote\n30,x,1,7,-1\n10,x,1,7,1\n20,x,2,7,0\n25,x,1,8,1\n";
        const string Comments = "timestamp,comment-id,author-id,agrees,disagrees,moderated,comment-body\n1,1,7,0,0,1,\"One, with \"\"quotes\"\"\nand a new line\"\n2,2,7,0,0,-1,Two\n";
        var c = PolisExport.Read(Votes, Comments);
        Assert.Equal(2, c.Input.StatementCount);
        Assert.Equal("One, with \"quotes\"\nand a new line", c.Comments[0].Body);
        Assert.True(c.Input.Statements[1].IsRejected);
        var voter = Enumerable.Range(0, c.Input.ParticipantCount).Single(p => c.Input.Participants[p].ExternalId == "7");
        Assert.Equal(-1, c.Input.VoteOf(voter, 0));
        Assert.Equal(0, c.Input.VoteOf(voter, 1));
        Assert.Equal(10, c.Input.FirstVoteTime(voter));
        Assert.Equal(3, c.Input.VoteCount);
    }
}
