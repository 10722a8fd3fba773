using System.Text;

namespace Kinodialog.Web.Tests.Architecture;

/// <summary>
/// Features depend on each other in one direction only, and Infrastructure on none of them: what a
/// phone touches is the Audience feature, which uses Dialogue, Surveys and Screenings, never the
/// reverse. Read from the compiled web assembly, views included.
/// </summary>
public sealed class FeatureDependencyTests
{
    private static readonly Lazy<FeatureGraph> Graph = new(() => FeatureGraph.Read(typeof(Program).Assembly.Location));

    [Fact]
    public void No_two_features_depend_on_each_other_directly_or_through_others()
    {
        var cycles = Graph.Value.Cycles(part => part != FeatureGraph.Infrastructure);
        Assert.True(cycles.Count == 0, Describe(cycles));
    }

    [Fact]
    public void Infrastructure_depends_on_no_feature()
    {
        var uses = Graph.Value.Edges.GetValueOrDefault(FeatureGraph.Infrastructure) ?? [];
        Assert.True(uses.Count == 0, string.Join("\n", uses.Select(u => $"Infrastructure → {u.Key}: {string.Join("; ", u.Value.Take(3))}")));
    }

    [Fact]
    public void The_graph_sees_the_phone_feature_use_the_features_below_it()
    {
        // Guards the reader itself: if it saw nothing, the two tests above would pass for nothing.
        var audience = Graph.Value.Edges["Audience"];
        Assert.Contains("Dialogue", audience.Keys);
        Assert.Contains("Surveys", audience.Keys);
        Assert.Contains("Screenings", audience.Keys);
        Assert.Contains("Kinodialog.Web.Features.Audience.PhoneModel → Kinodialog.Web.Features.Surveys.SubmitAnswers", audience["Surveys"]);

        // Views count too: run mode shows the dialogue's live summary.
        Assert.Contains(Graph.Value.Edges["Stage"]["Dialogue"], e => e.StartsWith("AspNetCoreGeneratedDocument.Features_Stage_Run", StringComparison.Ordinal));
    }

    [Fact]
    public void A_view_belongs_to_the_feature_of_its_folder()
    {
        var graph = Graph.Value;
        Assert.Contains(graph.Edges.Keys, k => k == "Audience");
        Assert.Equal("Audience", FeatureGraph.PartOf(new Mono.Cecil.TypeReference("AspNetCoreGeneratedDocument", "Features_Audience__AudienceDialogue", null, null)));
        Assert.Equal("Screenings", FeatureGraph.PartOf(new Mono.Cecil.TypeReference("Kinodialog.Web.Features.Screenings", "DetailsModel", null, null)));
        Assert.Equal(FeatureGraph.Infrastructure, FeatureGraph.PartOf(new Mono.Cecil.TypeReference("Kinodialog.Web.Infrastructure.Database", "DatabaseMigrator", null, null)));
        Assert.Null(FeatureGraph.PartOf(new Mono.Cecil.TypeReference("Kinodialog.Web.Cli", "KinodialogCommandLine", null, null)));
    }

    [Fact]
    public void The_cycle_finder_finds_a_cycle_through_three_parts_and_none_in_a_chain()
    {
        var loop = new Dictionary<string, string[]> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A", "D"], ["D"] = [] };
        var found = FeatureGraph.StronglyConnected(["A", "B", "C", "D"], n => loop[n]);
        Assert.Equal(["A", "B", "C"], Assert.Single(found));

        var chain = new Dictionary<string, string[]> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = [], ["D"] = ["A", "C"] };
        Assert.Empty(FeatureGraph.StronglyConnected(["A", "B", "C", "D"], n => chain[n]));
    }

    private static string Describe(IReadOnlyList<IReadOnlyList<string>> cycles)
    {
        var text = new StringBuilder();
        foreach (var cycle in cycles)
        {
            text.Append("Cycle: ").AppendJoin(", ", cycle).AppendLine();
            foreach (var from in cycle)
            {
                foreach (var (to, examples) in Graph.Value.Edges.GetValueOrDefault(from) ?? [])
                {
                    if (cycle.Contains(to))
                    {
                        text.Append("  ").Append(from).Append(" → ").Append(to).Append(": ").AppendJoin("; ", examples.Take(3)).AppendLine();
                    }
                }
            }
        }

        return text.ToString();
    }
}
