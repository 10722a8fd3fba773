using System.CommandLine;
using System.Text.Json;
using Kinodialog.Core.Opinions;

namespace Kinodialog.Web.Cli;

/// <summary>`opinions analyze`: the opinion map of a Polis open-data export, as JSON. Needs no database.</summary>
internal static class OpinionCommands
{
    public static Command Build(TextWriter output)
    {
        var polis = new Option<DirectoryInfo>("--polis")
        {
            Description = "A folder with Polis open-data files: votes.csv and comments.csv (participants-votes.csv and summary.csv optional).",
            Required = true,
        };
        var json = new Option<FileInfo>("--json") { Description = "Where to write the result as JSON.", Required = true };
        var compatible = new Option<bool>("--polis-compatibility")
        {
            Description = "Keep meta and rejected statements as zeroed columns like Polis does (parity mode).",
        };
        var analyze = new Command("analyze", "Compute the opinion map (groups, representative statements, group-informed consensus, priorities) of a Polis export.")
        {
            polis, json, compatible,
        };
        analyze.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(polis)!;
            var votesPath = Path.Combine(dir.FullName, "votes.csv");
            var commentsPath = Path.Combine(dir.FullName, "comments.csv");
            if (!File.Exists(votesPath) || !File.Exists(commentsPath))
            {
                await output.WriteLineAsync($"{dir.FullName}: votes.csv and comments.csv are required");
                return 2;
            }

            PolisConversation conversation;
            var reader = new PolisReader(PolisReadMode.Lenient);
            using (var votes = File.OpenText(votesPath))
            using (var comments = File.OpenText(commentsPath))
            using (var summary = OpenOptional(Path.Combine(dir.FullName, "summary.csv")))
            {
                try
                {
                    conversation = PolisExport.Read(reader, votes, comments, null, summary);
                }
                catch (FormatException e)
                {
                    await output.WriteLineAsync($"{dir.FullName}: {e.Message}");
                    return 1;
                }
            }

            if (reader.Skipped is { ShortRows: > 0 } or { MalformedRows: > 0 } or { NormalisedVotes: > 0 })
            {
                var skipped = reader.Skipped;
                await output.WriteLineAsync(
                    $"skipped {skipped.ShortRows} short row(s) and {skipped.MalformedRows} row(s) with a misplaced quote; {skipped.NormalisedVotes} vote(s) outside -1..1 counted by their sign");
            }

            // An analysis of a whole conversation, not what a room is shown: the groups as computed, without
            // the projector's stability gate (bench/groups/README.md).
            var options = OpinionOptions.Default with { PolisCompatibility = parse.GetValue(compatible), GroupStabilityResamples = 0 };
            var result = OpinionEngine.Compute(conversation.Input, null, options);
            var target = parse.GetValue(json)!;
            await using (var stream = File.Create(target.FullName))
            {
                WriteJson(stream, conversation.Input, result);
                await stream.FlushAsync(ct);
            }

            await output.WriteLineAsync(
                $"{conversation.Input.ParticipantCount} participant(s), {result.InMapCount} in the map, {result.K} group(s); written to {target.FullName}");
            return 0;
        });

        return new Command("opinions", "Opinion-map tools.") { analyze };
    }

    private static StreamReader? OpenOptional(string path) => File.Exists(path) ? File.OpenText(path) : null;

    /// <summary>{k, participants, groups, statements, consensus} with statements and participants by their external ids.</summary>
    public static void WriteJson(Stream stream, OpinionInput input, OpinionResult result)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("k", result.K);
        w.WriteStartArray("participants");
        for (var p = 0; p < input.ParticipantCount; p++)
        {
            var placement = result.Participants[p];
            w.WriteStartObject();
            w.WriteString("id", input.Participants[p].ExternalId);
            if (placement.Group >= 0)
            {
                w.WriteNumber("group", placement.Group);
            }
            else
            {
                w.WriteNull("group");
            }

            w.WriteNumber("x", placement.X);
            w.WriteNumber("y", placement.Y);
            w.WriteBoolean("inMap", placement.InMap);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("groups");
        foreach (var group in result.Groups)
        {
            w.WriteStartObject();
            w.WriteNumber("id", group.Label);
            w.WriteNumber("size", group.Size);
            w.WriteStartArray("representative");
            foreach (var r in group.Representative)
            {
                w.WriteStartObject();
                w.WriteString("statement", input.Statements[r.Statement].ExternalId);
                w.WriteString("direction", r.Direction == RepnessDirection.Agree ? "agree" : "disagree");
                w.WriteNumber("p", r.P);
                w.WriteNumber("pTest", r.PTest);
                w.WriteNumber("repness", r.Repness);
                w.WriteNumber("repnessTest", r.RepnessTest);
                w.WriteBoolean("bestAgree", r.IsBestAgree);
                w.WriteBoolean("weak", r.IsWeak);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("statements");
        for (var s = 0; s < input.StatementCount; s++)
        {
            var statement = result.Statements[s];
            w.WriteStartObject();
            w.WriteString("id", input.Statements[s].ExternalId);
            w.WriteNumber("gic", statement.Gic);
            w.WriteNumber("gicGeoMean", statement.GicGeoMean);
            w.WriteNumber("gicDisagree", statement.GicDisagree);
            w.WriteNumber("gicDisagreeGeoMean", statement.GicDisagreeGeoMean);
            w.WriteNumber("extremity", statement.Extremity);
            w.WriteNumber("priority", statement.Priority);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("consensus");
        foreach (var (name, list) in new[] { ("agree", result.Consensus.Agree), ("disagree", result.Consensus.Disagree) })
        {
            w.WriteStartArray(name);
            foreach (var c in list)
            {
                w.WriteStartObject();
                w.WriteString("statement", input.Statements[c.Statement].ExternalId);
                w.WriteNumber("successes", c.Successes);
                w.WriteNumber("trials", c.Trials);
                w.WriteNumber("p", c.P);
                w.WriteNumber("pTest", c.PTest);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
