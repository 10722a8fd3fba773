using System.Text.Json;
using Kinodialog.Core.Opinions;
using Kinodialog.Web.Cli;
using Kinodialog.Web.Tests.Infrastructure;

namespace Kinodialog.Web.Tests.Cli;

public sealed class OpinionCommandsTests
{
    private static readonly string[] Directions = ["agree", "disagree"];
    private static readonly string[] NumberFields = ["p", "pTest", "repness", "repnessTest"];

    private static string PolisFolder(string name) => TestData.Polis(name);

    [Fact]
    public async Task Opinions_analyze_writes_the_map_of_a_polis_export_without_a_database()
    {
        var dir = PolisFolder("london.youth.policing");
        var output = Path.Combine(Path.GetTempPath(), $"opinions-{Guid.NewGuid():N}.json");
        try
        {
            using var writer = new StringWriter();
            var code = await KinodialogCommandLine.InvokeAsync(["opinions", "analyze", "--polis", dir, "--json", output], writer);
            Assert.True(code == 0, writer.ToString());

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
            var root = json.RootElement;
            var k = root.GetProperty("k").GetInt32();
            Assert.InRange(k, 2, 5);
            var participants = root.GetProperty("participants").EnumerateArray().ToList();
            Assert.NotEmpty(participants);
            foreach (var p in participants)
            {
                Assert.Equal(JsonValueKind.String, p.GetProperty("id").ValueKind);
                Assert.Equal(JsonValueKind.Number, p.GetProperty("x").ValueKind);
                Assert.Equal(JsonValueKind.Number, p.GetProperty("y").ValueKind);
                var inMap = p.GetProperty("inMap").GetBoolean();
                Assert.Equal(inMap ? JsonValueKind.Number : JsonValueKind.Null, p.GetProperty("group").ValueKind);
            }

            var groups = root.GetProperty("groups").EnumerateArray().ToList();
            Assert.Equal(k, groups.Count);
            Assert.Equal(participants.Count(p => p.GetProperty("inMap").GetBoolean()), groups.Sum(g => g.GetProperty("size").GetInt32()));
            foreach (var r in groups.SelectMany(g => g.GetProperty("representative").EnumerateArray()))
            {
                Assert.Contains(r.GetProperty("direction").GetString(), Directions);
                foreach (var field in NumberFields)
                {
                    Assert.Equal(JsonValueKind.Number, r.GetProperty(field).ValueKind);
                }
            }

            Assert.Equal(JsonValueKind.Array, root.GetProperty("consensus").GetProperty("agree").ValueKind);
            Assert.Equal(JsonValueKind.Array, root.GetProperty("consensus").GetProperty("disagree").ValueKind);

            // The GICs are the engine's.
            using var votes = File.OpenText(Path.Combine(dir, "votes.csv"));
            using var comments = File.OpenText(Path.Combine(dir, "comments.csv"));
            var conversation = PolisExport.Read(votes, comments);
            var result = OpinionEngine.Compute(conversation.Input, null, OpinionOptions.Default with { GroupStabilityResamples = 0 });
            var statements = root.GetProperty("statements").EnumerateArray().ToList();
            Assert.Equal(conversation.Input.StatementCount, statements.Count);
            foreach (var s in statements)
            {
                var index = conversation.StatementIndex(s.GetProperty("id").GetString()!);
                Assert.Equal(result.Statements[index].Gic, s.GetProperty("gic").GetDouble());
                Assert.Equal(result.Statements[index].GicGeoMean, s.GetProperty("gicGeoMean").GetDouble());
                Assert.Equal(result.Statements[index].Extremity, s.GetProperty("extremity").GetDouble());
                Assert.Equal(result.Statements[index].Priority, s.GetProperty("priority").GetDouble());
            }
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task Opinions_analyze_counts_the_rows_it_skips_and_names_a_bad_number_by_file_line_and_column()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"polis-{Guid.NewGuid():N}");
        var output = Path.Combine(dir, "out.json");
        Directory.CreateDirectory(dir);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "comments.csv"), "timestamp,comment-id,author-id,moderated,comment-body\n1,0,0,1,One\n2,1,0,1,Two\n3,2\n");
            await File.WriteAllTextAsync(Path.Combine(dir, "votes.csv"), "timestamp,datetime,comment-id,voter-id,vote\n5,x,0,1,1\n6,x,1,1\n7,x,1,2,-2\n");
            using var writer = new StringWriter();
            var code = await KinodialogCommandLine.InvokeAsync(["opinions", "analyze", "--polis", dir, "--json", output], writer);
            Assert.True(code == 0, writer.ToString());
            Assert.Contains("skipped 2 short row(s) and 0 row(s) with a misplaced quote; 1 vote(s) outside -1..1 counted by their sign", writer.ToString(), StringComparison.Ordinal);

            await File.WriteAllTextAsync(Path.Combine(dir, "votes.csv"), "timestamp,datetime,comment-id,voter-id,vote\n5,x,0,1,1\n6,x,1,1,yes\n");
            using var second = new StringWriter();
            Assert.Equal(1, await KinodialogCommandLine.InvokeAsync(["opinions", "analyze", "--polis", dir, "--json", output], second));
            Assert.Contains("votes.csv, line 3, column vote: 'yes' is not a whole number.", second.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
