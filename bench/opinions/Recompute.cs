#:project ../../src/Kinodialog.Core/Kinodialog.Core.csproj

// Times a full opinion-map recompute (cold start, then a warm recompute from the state it returned) on a
// synthetic conversation of the given size, and prints one line of figures.
// Usage: dotnet run -c Release Recompute.cs -- PARTICIPANTS STATEMENTS VOTES_PER_PARTICIPANT [SEED]
using System.Diagnostics;
using System.Globalization;
using Kinodialog.Core.Opinions;

if (args.Length is < 3 or > 4)
{
    Console.Error.WriteLine("usage: Recompute.cs PARTICIPANTS STATEMENTS VOTES_PER_PARTICIPANT [SEED]");
    return 2;
}

var participants = int.Parse(args[0], CultureInfo.InvariantCulture);
var statements = int.Parse(args[1], CultureInfo.InvariantCulture);
var votesPerParticipant = int.Parse(args[2], CultureInfo.InvariantCulture);
var seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 42;

var clock = Stopwatch.StartNew();
var input = SyntheticConversation.Generate(seed, participants, statements, votesPerParticipant);
var generate = clock.Elapsed.TotalSeconds;
GC.Collect();
var baseline = GC.GetTotalMemory(forceFullCollection: true);

using var self = Process.GetCurrentProcess();
var cpu = self.TotalProcessorTime;
clock.Restart();
var cold = OpinionEngine.Compute(input, null, OpinionOptions.Default);
var coldSeconds = clock.Elapsed.TotalSeconds;
self.Refresh();
var coldCpu = (self.TotalProcessorTime - cpu).TotalSeconds;

cpu = self.TotalProcessorTime;
clock.Restart();
var warm = OpinionEngine.Compute(input, cold.State, OpinionOptions.Default);
var warmSeconds = clock.Elapsed.TotalSeconds;
self.Refresh();
var warmCpu = (self.TotalProcessorTime - cpu).TotalSeconds;

var info = GC.GetGCMemoryInfo();
self.Refresh();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"participants={participants} statements={statements} votes={input.VoteCount} generate_s={generate:F2} " +
    $"cold_s={coldSeconds:F2} cold_cpu_s={coldCpu:F2} warm_s={warmSeconds:F2} warm_cpu_s={warmCpu:F2} pca_iterations={cold.PcaIterations}/{warm.PcaIterations} " +
    $"in_map={cold.InMapCount} base_clusters={cold.BaseClusters.Count} k={cold.K}/{warm.K} " +
    $"input_mb={baseline / 1048576.0:F0} gc_heap_peak_mb={info.HeapSizeBytes / 1048576.0:F0} peak_working_set_mb={self.PeakWorkingSet64 / 1048576.0:F0} " +
    $"cores={Environment.ProcessorCount} load_average={LoadAverage()}"));
return 0;

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
