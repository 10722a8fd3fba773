#:project ../../src/Kinodialog.Core/Kinodialog.Core.csproj

// Measures how reproducible opinion groups are in rooms of a given size: draws rooms of n participants
// (seeded) from Polis conversations, computes the stability of each room's groups (OpinionEngine's gate:
// the median adjusted Rand index between the room's partition and those of 80 % subsamples), and prints,
// per n, the share of rooms whose partition reaches each threshold and the median stability. The same
// for null rooms (independent votes, no groups in them) gives the share of false groups.
// Usage: dotnet run -c Release Stability.cs -- POLIS_DIR [DRAWS] [SEED]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kinodialog.Core.Opinions;

if (args.Length is < 1 or > 3)
{
    Console.Error.WriteLine("usage: Stability.cs POLIS_DIR [DRAWS] [SEED]");
    return 2;
}

var root = args[0];
var draws = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;
var seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2026;
int[] sizes = [8, 10, 12, 15, 20, 25, 30, 40];
double[] thresholds = [0.6, 0.7, 0.8, 0.9];
var options = OpinionOptions.Default with { MinimumParticipantsForGroups = 0, MaxDegreeOfParallelism = 1 };
var invariant = CultureInfo.InvariantCulture;

var datasets = new List<(string Name, OpinionInput Input)>();
foreach (var name in new[] { "bg2050-volunteers", "london.youth.policing" })
{
    var dir = Path.Combine(root, name);
    using var votes = File.OpenText(Path.Combine(dir, "votes.csv"));
    using var comments = File.OpenText(Path.Combine(dir, "comments.csv"));
    datasets.Add((name, PolisExport.Read(votes, comments).Input));
}

var fixtures = Path.Combine(root, "reddwarf-fixtures");
foreach (var dir in Directory.GetDirectories(fixtures).Order(StringComparer.Ordinal))
{
    datasets.Add((Path.GetFileName(dir), ReadRedDwarf(dir)));
}

Console.WriteLine(string.Create(invariant, $"# {draws} rooms per dataset and size, seed {seed}, {options.GroupStabilityResamples} subsamples of {options.GroupStabilitySubsample:P0}, {Environment.ProcessorCount} core(s)"));
Console.WriteLine("# datasets (participants with >= 7 votes / statements voted on):");
var pools = new List<(string Name, OpinionInput Input, int[] Pool)>();
foreach (var (name, input) in datasets)
{
    var pool = Enumerable.Range(0, input.ParticipantCount).Where(p => CountedVotes(input, p) >= 7).ToArray();
    var statements = Enumerable.Range(0, input.StatementCount).Count(s => !input.Statements[s].IsMeta && !input.Statements[s].IsRejected);
    Console.WriteLine(string.Create(invariant, $"#   {name}: {pool.Length} participants, {statements} statements"));
    pools.Add((name, input, pool));
}

Console.WriteLine();
Console.WriteLine("Polis rooms: n participants drawn at random from one conversation (those with >= 7 votes), all their votes");
Header();
var perDataset = new List<string>();
foreach (var n in sizes)
{
    var stabilities = new List<double>();
    var times = new List<double>();
    foreach (var (name, input, pool) in pools)
    {
        if (pool.Length < n)
        {
            continue;
        }

        var mine = new List<double>();
        for (var d = 0; d < draws; d++)
        {
            var random = new Random(Mix(seed, n, d, Stable(name), 1));
            var chosen = pool.OrderBy(_ => random.Next()).Take(n).Order().ToArray();
            var (stability, ms) = Measure(GroupStability.Subset(input, chosen));
            mine.Add(stability);
            times.Add(ms);
        }

        stabilities.AddRange(mine);
        perDataset.Add(string.Create(invariant, $"| {name} | {n} | {mine.Count} | {Share(mine, 0.8):P0} | {Median(mine):F2} |"));
    }

    Row(n, stabilities, times);
}

Console.WriteLine();
Console.WriteLine("Dense Polis rooms: each conversation's 20 most-voted statements; n participants drawn from those who voted on >= 14 of them");
Header();
var densePools = new List<(string Name, OpinionInput Input, int[] Pool)>();
foreach (var (name, input, _) in pools)
{
    var top = Enumerable.Range(0, input.StatementCount)
        .Where(st => !input.Statements[st].IsMeta && !input.Statements[st].IsRejected)
        .OrderByDescending(st => Enumerable.Range(0, input.ParticipantCount).Count(p => input.VoteOf(p, st) is not null))
        .ThenBy(st => st)
        .Take(20)
        .ToHashSet();
    var dense = Restrict(input, top);
    var pool = Enumerable.Range(0, dense.ParticipantCount).Where(p => dense.StatementsOf(p).Length >= 14).ToArray();
    Console.WriteLine(string.Create(invariant, $"#   {name}: {pool.Length} participants"));
    densePools.Add((name + " (dense)", dense, pool));
}

foreach (var n in sizes)
{
    var stabilities = new List<double>();
    var times = new List<double>();
    foreach (var (name, input, pool) in densePools)
    {
        if (pool.Length < n)
        {
            continue;
        }

        var mine = new List<double>();
        for (var d = 0; d < draws; d++)
        {
            var random = new Random(Mix(seed, n, d, Stable(name), 3));
            var chosen = pool.OrderBy(_ => random.Next()).Take(n).Order().ToArray();
            var (stability, ms) = Measure(GroupStability.Subset(input, chosen));
            mine.Add(stability);
            times.Add(ms);
        }

        stabilities.AddRange(mine);
        perDataset.Add(string.Create(invariant, $"| {name} | {n} | {mine.Count} | {Share(mine, 0.8):P0} | {Median(mine):F2} |"));
    }

    Row(n, stabilities, times);
}

Console.WriteLine();
Console.WriteLine("Two-community rooms (SyntheticConversation: two camps, 15 % bridging people and statements), 20 statements");
Header();
foreach (var n in sizes)
{
    var stabilities = new List<double>();
    var times = new List<double>();
    for (var d = 0; d < draws * 3; d++)
    {
        var (stability, ms) = Measure(SyntheticConversation.Generate(Mix(seed, n, d, 0, 11), n, 21, 15));
        stabilities.Add(stability);
        times.Add(ms);
    }

    Row(n, stabilities, times);
}

Console.WriteLine();
Console.WriteLine("Null rooms: independent votes on 20 statements (each statement its own agree/pass/disagree odds), no groups");
Header();
foreach (var n in sizes)
{
    var stabilities = new List<double>();
    var times = new List<double>();
    for (var d = 0; d < draws * 3; d++)
    {
        var (stability, ms) = Measure(NullRoom(n, 20, Mix(seed, n, d, 0, 7)));
        stabilities.Add(stability);
        times.Add(ms);
    }

    Row(n, stabilities, times);
}

Console.WriteLine();
Console.WriteLine("Whole conversations (all participants with >= 7 votes), stability measured whatever the size:");
foreach (var (name, input, pool) in pools)
{
    var result = OpinionEngine.Compute(GroupStability.Subset(input, pool), null, options with { GroupStabilityMaxParticipants = int.MaxValue });
    Console.WriteLine(string.Create(invariant, $"| {name} | {pool.Length} | k = {result.BestK} | stability {result.Gate?.Stability ?? 0:F2} |"));
}

Console.WriteLine();
Console.WriteLine("Per conversation (share with stability >= 0.80, median):");
Console.WriteLine("| conversation | n | rooms | >= 0.80 | median |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var line in perDataset.Order(StringComparer.Ordinal))
{
    Console.WriteLine(line);
}

// Cost: the largest room the gate measures (60 x 60, dense) and a larger one (150 x 60).
Console.WriteLine();
foreach (var (people, statements) in new[] { (60, 60), (150, 60) })
{
    var big = NullRoom(people, statements, seed);
    var withGate = new List<double>();
    var withoutGate = new List<double>();
    var cpuWithGate = new List<double>();
    var cpuWithoutGate = new List<double>();
    using var self = Process.GetCurrentProcess();
    for (var i = 0; i < 12; i++)
    {
        foreach (var (wall, cpu, resamples) in new[] { (withGate, cpuWithGate, options.GroupStabilityResamples), (withoutGate, cpuWithoutGate, 0) })
        {
            self.Refresh();
            var before = self.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            OpinionEngine.Compute(big, null, options with { GroupStabilityResamples = resamples, GroupStabilityMaxParticipants = int.MaxValue });
            wall.Add(clock.Elapsed.TotalMilliseconds);
            self.Refresh();
            cpu.Add((self.TotalProcessorTime - before).TotalMilliseconds);
        }
    }

    Console.WriteLine(string.Create(invariant,
        $"Cost, {people} participants x {statements} statements, one thread: recompute with the stability gate median {Median(withGate):F0} ms wall / {Median(cpuWithGate):F0} ms CPU (max wall {withGate.Max():F0} ms), without {Median(withoutGate):F1} ms wall / {Median(cpuWithoutGate):F0} ms CPU; load average {LoadAverage()}"));
}

return 0;

(double Stability, double Ms) Measure(OpinionInput room)
{
    var clock = Stopwatch.StartNew();
    var result = OpinionEngine.Compute(room, null, options);
    var ms = clock.Elapsed.TotalMilliseconds;

    // A room in which the clustering finds no two groups has nothing reproducible to show: 0.
    return (result.Gate?.Stability ?? 0, ms);
}

void Header()
{
    Console.WriteLine("| n | rooms | " + string.Join(" | ", thresholds.Select(t => ">= " + t.ToString("F2", invariant))) + " | median | lower quartile | ms per recompute (median) |");
    Console.WriteLine("|---|---|" + string.Concat(thresholds.Select(_ => "---|")) + "---|---|---|");
}

void Row(int n, List<double> stabilities, List<double> times)
{
    if (stabilities.Count == 0)
    {
        return;
    }

    var sorted = stabilities.Order().ToArray();
    var shares = string.Join(" | ", thresholds.Select(t => Share(stabilities, t).ToString("P0", invariant)));
    Console.WriteLine(string.Create(invariant,
        $"| {n} | {stabilities.Count} | {shares} | {Median(stabilities):F2} | {sorted[sorted.Length / 4]:F2} | {Median(times):F1} |"));
}

// Seeds must not come from HashCode.Combine, which is randomised per process.
static int Mix(int seed, int n, int draw, int name, int table)
{
    ulong z = (uint)seed;
    foreach (var part in new[] { n, draw, name, table })
    {
        z = (z * 0x9E3779B97F4A7C15UL) ^ (uint)part;
        z ^= z >> 29;
    }

    return (int)(z & 0x7FFFFFFF);
}

static int Stable(string text)
{
    var h = 17;
    foreach (var c in text)
    {
        h = unchecked((h * 31) + c);
    }

    return h;
}

static double Share(List<double> values, double threshold) => values.Count(v => v >= threshold) / (double)values.Count;

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static int CountedVotes(OpinionInput input, int p)
{
    var count = 0;
    foreach (var s in input.StatementsOf(p))
    {
        count += input.Statements[s].IsMeta || input.Statements[s].IsRejected ? 0 : 1;
    }

    return count;
}

static OpinionInput Restrict(OpinionInput input, HashSet<int> keep)
{
    var rowStart = new int[input.ParticipantCount + 1];
    var statements = new List<int>();
    var votes = new List<sbyte>();
    var first = new long[input.ParticipantCount];
    for (var p = 0; p < input.ParticipantCount; p++)
    {
        var row = input.StatementsOf(p);
        var values = input.VotesOf(p);
        for (var k = 0; k < row.Length; k++)
        {
            if (keep.Contains(row[k]))
            {
                statements.Add(row[k]);
                votes.Add(values[k]);
            }
        }

        rowStart[p + 1] = statements.Count;
        first[p] = input.FirstVoteTime(p);
    }

    return OpinionInput.FromRows(input.Participants, input.Statements, rowStart, [.. statements], [.. votes], first);
}

static OpinionInput NullRoom(int participants, int statementCount, int seed)
{
    var random = new Random(seed);
    var builder = new OpinionInputBuilder();
    var odds = new (double Agree, double Pass)[statementCount];
    for (var s = 0; s < statementCount; s++)
    {
        builder.AddStatement(s.ToString(CultureInfo.InvariantCulture));
        var agree = 0.1 + (0.8 * random.NextDouble());
        odds[s] = (agree, agree + ((1 - agree) * 0.25 * random.NextDouble()));
    }

    for (var p = 0; p < participants; p++)
    {
        var index = builder.AddParticipant(p.ToString(CultureInfo.InvariantCulture));
        for (var s = 0; s < statementCount; s++)
        {
            var u = random.NextDouble();
            builder.AddVote(index, s, u < odds[s].Agree ? 1 : u < odds[s].Pass ? 0 : -1, (p * 1000L) + s);
        }
    }

    return builder.Build();
}

static OpinionInput ReadRedDwarf(string dir)
{
    using var votes = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "votes.json")));
    using var comments = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "comments.json")));
    var builder = new OpinionInputBuilder();
    var statementOf = new Dictionary<int, int>();
    var participantOf = new Dictionary<int, int>();
    var flags = new Dictionary<int, (bool Meta, bool Rejected)>();
    foreach (var c in comments.RootElement.EnumerateArray())
    {
        var mod = c.TryGetProperty("mod", out var m1) ? m1.GetInt32() : c.GetProperty("moderated").GetInt32();
        flags[Int(c, "tid", "statement_id")] = (c.GetProperty("is_meta").GetBoolean(), mod < 0);
    }

    var tids = new SortedSet<int>(flags.Keys);
    foreach (var v in votes.RootElement.EnumerateArray())
    {
        tids.Add(Int(v, "tid", "statement_id"));
    }

    foreach (var tid in tids)
    {
        var (meta, rejected) = flags.GetValueOrDefault(tid);
        statementOf[tid] = builder.AddStatement(tid.ToString(CultureInfo.InvariantCulture), meta, rejected);
    }

    foreach (var v in votes.RootElement.EnumerateArray())
    {
        var pid = Int(v, "pid", "participant_id");
        var modified = v.GetProperty("modified");
        var time = modified.ValueKind == JsonValueKind.String
            ? long.Parse(modified.GetString()!, CultureInfo.InvariantCulture)
            : (long)modified.GetDouble();
        if (!participantOf.TryGetValue(pid, out var p))
        {
            p = builder.AddParticipant(pid.ToString(CultureInfo.InvariantCulture));
            participantOf[pid] = p;
        }

        builder.AddVote(p, statementOf[Int(v, "tid", "statement_id")], v.GetProperty("vote").GetInt32(), time);
    }

    return builder.Build();
}

static int Int(JsonElement e, string name, string other) =>
    (e.TryGetProperty(name, out var value) ? value : e.GetProperty(other)).GetInt32();

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
