using System.Globalization;
using System.Text.Json;
using Kinodialog.Core.Opinions;

namespace Kinodialog.Core.Tests.Opinions;

/// <summary>Finds the Polis data kept in the repository and loads the oracle fixtures.</summary>
internal static class OpinionTestData
{
    private static readonly Lazy<string> PolisRoot = new(Locate);

    public static string Polis => PolisRoot.Value;

    public static string PolisPath(params string[] parts) => Path.Combine([Polis, .. parts]);

    /// <summary>The Polis data kept in the repository (tests/TestData/polis, with its ATTRIBUTION.md).</summary>
    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kinodialog.slnx")))
            {
                var candidate = Path.Combine(dir.FullName, "tests", "TestData", "polis");
                return Directory.Exists(candidate)
                    ? candidate
                    : throw new DirectoryNotFoundException("tests/TestData/polis is missing from the repository at " + dir.FullName);
            }
        }

        throw new DirectoryNotFoundException("Kinodialog.slnx was not found above " + AppContext.BaseDirectory);
    }

    public static PolisConversation ReadPolis(string name, bool withParticipants = true)
    {
        var dir = PolisPath(name);
        using var votes = File.OpenText(Path.Combine(dir, "votes.csv"));
        using var comments = File.OpenText(Path.Combine(dir, "comments.csv"));
        using var participants = withParticipants ? File.OpenText(Path.Combine(dir, "participants-votes.csv")) : null;
        using var summary = File.OpenText(Path.Combine(dir, "summary.csv"));
        return PolisExport.Read(votes, comments, participants, summary);
    }

    /// <summary>Adjusted Rand index of two labellings of the same items.</summary>
    public static double AdjustedRandIndex(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var n = a.Count;
        var table = new Dictionary<(int, int), long>();
        var rows = new Dictionary<int, long>();
        var cols = new Dictionary<int, long>();
        for (var i = 0; i < n; i++)
        {
            table[(a[i], b[i])] = table.GetValueOrDefault((a[i], b[i])) + 1;
            rows[a[i]] = rows.GetValueOrDefault(a[i]) + 1;
            cols[b[i]] = cols.GetValueOrDefault(b[i]) + 1;
        }

        static double Pairs(long x) => x * (x - 1) / 2.0;
        var index = table.Values.Sum(Pairs);
        var sumRows = rows.Values.Sum(Pairs);
        var sumCols = cols.Values.Sum(Pairs);
        var expected = sumRows * sumCols / Pairs(n);
        var max = (sumRows + sumCols) / 2;
        return max == expected ? 1 : (index - expected) / (max - expected);
    }
}

/// <summary>A red-dwarf fixture: the votes, comments and Polis's own math output for them.</summary>
internal sealed class RedDwarfFixture
{
    private RedDwarfFixture(string name)
    {
        Name = name;
        var dir = OpinionTestData.PolisPath("reddwarf-fixtures", name);
        using var votes = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "votes.json")));
        using var comments = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "comments.json")));
        Math = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "math-pca2.json"))).RootElement.Clone();

        var builder = new OpinionInputBuilder();
        var commentList = comments.RootElement.EnumerateArray().ToList();
        var tids = new SortedSet<int>();
        foreach (var c in commentList)
        {
            tids.Add(Int(c, "tid", "statement_id"));
        }

        foreach (var v in votes.RootElement.EnumerateArray())
        {
            tids.Add(Int(v, "tid", "statement_id"));
        }

        var meta = new HashSet<int>();
        var rejected = new HashSet<int>();
        foreach (var c in commentList)
        {
            var tid = Int(c, "tid", "statement_id");
            if (c.GetProperty("is_meta").GetBoolean())
            {
                meta.Add(tid);
            }

            var mod = c.TryGetProperty("mod", out var m1) ? m1.GetInt32() : c.GetProperty("moderated").GetInt32();
            if (mod < 0)
            {
                rejected.Add(tid);
            }
        }

        foreach (var tid in tids)
        {
            StatementOfTid[tid] = builder.AddStatement(tid.ToString(CultureInfo.InvariantCulture), meta.Contains(tid), rejected.Contains(tid));
        }

        foreach (var v in votes.RootElement.EnumerateArray())
        {
            var pid = Int(v, "pid", "participant_id");
            var tid = Int(v, "tid", "statement_id");
            var modified = v.GetProperty("modified");
            var time = modified.ValueKind == JsonValueKind.String
                ? long.Parse(modified.GetString()!, CultureInfo.InvariantCulture)
                : (long)modified.GetDouble();
            if (!ParticipantOfPid.TryGetValue(pid, out var p))
            {
                p = builder.AddParticipant(pid.ToString(CultureInfo.InvariantCulture));
                ParticipantOfPid[pid] = p;
            }

            builder.AddVote(p, StatementOfTid[tid], v.GetProperty("vote").GetInt32(), time);
        }

        Input = builder.Build();
    }

    public string Name { get; }

    public JsonElement Math { get; }

    public OpinionInput Input { get; }

    public Dictionary<int, int> StatementOfTid { get; } = [];

    public Dictionary<int, int> ParticipantOfPid { get; } = [];

    public static readonly string[] Names =
    [
        "150ptpt-3gp-no-strict-no-meta",
        "25ptpt-3gp-no-strict-with-meta",
        "50ptpt-3gp-strict-no-meta",
        "above-100-ptpts",
        "below-100-ptpts",
    ];

    private static readonly Dictionary<string, RedDwarfFixture> Cache = [];

    public static RedDwarfFixture Load(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var fixture))
            {
                fixture = new RedDwarfFixture(name);
                Cache[name] = fixture;
            }

            return fixture;
        }
    }

    public int[] Tids => [.. Math.GetProperty("tids").EnumerateArray().Select(t => t.GetInt32())];

    public int[] InConv => [.. Math.GetProperty("in-conv").EnumerateArray().Select(t => t.GetInt32())];

    /// <summary>Polis's groups as lists of pids (through its base clusters).</summary>
    public List<(int Id, int[] Pids)> Groups()
    {
        var baseClusters = Math.GetProperty("base-clusters");
        var ids = baseClusters.GetProperty("id").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var members = baseClusters.GetProperty("members").EnumerateArray().Select(e => e.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToList();
        var result = new List<(int, int[])>();
        foreach (var g in Math.GetProperty("group-clusters").EnumerateArray())
        {
            var pids = new List<int>();
            foreach (var b in g.GetProperty("members").EnumerateArray())
            {
                pids.AddRange(members[ids.IndexOf(b.GetInt32())]);
            }

            result.Add((g.GetProperty("id").GetInt32(), [.. pids]));
        }

        return result;
    }

    public static int Int(JsonElement e, string name, string alternative) =>
        e.TryGetProperty(name, out var v) ? v.GetInt32() : e.GetProperty(alternative).GetInt32();

    public static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetDouble())];
}
