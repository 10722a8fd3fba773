#:project ../../src/Kinodialog.Core/Kinodialog.Core.csproj

// Reading a large Polis export (issue 12: "the 10-million-vote export in under 5 s").
// Usage: dotnet run -c Release Polis.cs -- generate DIR VOTES [SEED]   writes DIR/votes.csv and DIR/comments.csv
//        dotnet run -c Release Polis.cs -- read DIR MODE                reads them, prints seconds and MB/s
// MODE: lenient (what `opinions analyze` reads) or strict (the web import's checking reader).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kinodialog.Core.Opinions;

if (args.Length >= 3 && args[0] == "generate")
{
    Generate(args[1], long.Parse(args[2], CultureInfo.InvariantCulture), args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 42);
    return 0;
}

if (args.Length == 3 && args[0] == "read")
{
    return Read(args[1], args[2]);
}

Console.Error.WriteLine("usage: Polis.cs generate DIR VOTES [SEED] | read DIR lenient|strict");
return 2;

// A deterministic export in Polis's own format: 1,000 comments (some with commas, quotes and line breaks in
// their text), voters voting on 1-99 comments each, timestamps rising by 0-2 s, votes -1/0/1.
static void Generate(string dir, long voteCount, int seed)
{
    Directory.CreateDirectory(dir);
    const int Comments = 1000;
    var state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + 1;
    ulong Next()
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    var start = new DateTimeOffset(2024, 9, 20, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    using (var comments = new StreamWriter(Path.Combine(dir, "comments.csv"), false, new UTF8Encoding(false), 1 << 16))
    {
        comments.Write("timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n");
        for (var c = 0; c < Comments; c++)
        {
            var body = (c % 7) switch
            {
                0 => $"\"Statement {c}, with a comma and \"\"quotes\"\"\"",
                1 => $"\"Statement {c}\non two lines\"",
                _ => $"Statement number {c} about the screening",
            };
            var moderated = c % 97 == 0 ? -1 : 1;
            comments.Write(string.Create(CultureInfo.InvariantCulture, $"{start + c},{Date(start + c)},{c},{c % 50},0,0,{moderated},{body}\n"));
        }
    }

    using var votes = new StreamWriter(Path.Combine(dir, "votes.csv"), false, new UTF8Encoding(false), 1 << 20);
    votes.Write("timestamp,datetime,comment-id,voter-id,vote\n");
    var time = start + Comments;
    var second = -1L;
    var date = "";
    long written = 0;
    var voter = 0;
    var line = new StringBuilder(64);
    while (written < voteCount)
    {
        var n = (int)Math.Min(1 + (long)(Next() % 99), voteCount - written);
        var first = (int)(Next() % Comments);
        for (var k = 0; k < n; k++)
        {
            time += (long)(Next() % 2000);
            if (time / 1000 != second)
            {
                second = time / 1000;
                date = Date(time);
            }

            var comment = (first + k * 7) % Comments;
            var vote = (int)(Next() % 3) - 1;
            line.Clear();
            line.Append(time).Append(',').Append(date).Append(',').Append(comment).Append(',').Append(voter).Append(',').Append(vote).Append('\n');
            votes.Write(line);
        }

        written += n;
        voter++;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated votes={written} voters={voter} comments={Comments} votes_mb={new FileInfo(Path.Combine(dir, "votes.csv")).Length / 1e6:F1}"));
}

static string Date(long milliseconds) =>
    DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);

static int Read(string dir, string mode)
{
    var votesPath = Path.Combine(dir, "votes.csv");
    var commentsPath = Path.Combine(dir, "comments.csv");
    var megabytes = (new FileInfo(votesPath).Length + new FileInfo(commentsPath).Length) / 1e6;
    using var self = Process.GetCurrentProcess();
    var cpu = self.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    string summary;
    switch (mode)
    {
        case "lenient":
            {
                using var votes = File.OpenText(votesPath);
                using var comments = File.OpenText(commentsPath);
                var conversation = PolisExport.Read(votes, comments);
                summary = string.Create(CultureInfo.InvariantCulture, $"votes={conversation.Votes.Count} participants={conversation.Input.ParticipantCount} statements={conversation.Input.StatementCount}");
                break;
            }

        case "strict":
            {
                using var votes = File.OpenText(votesPath);
                using var comments = File.OpenText(commentsPath);
                var outcome = PolisImport.Read(comments, votes, null, 10_000);
                summary = outcome.Conversation is { } c
                    ? string.Create(CultureInfo.InvariantCulture, $"votes={c.Votes.Count} participants={c.Voters.Count} statements={c.Statements.Count}")
                    : string.Create(CultureInfo.InvariantCulture, $"errors={outcome.Errors.Count} first={outcome.Errors[0]}");
                break;
            }

        default:
            Console.Error.WriteLine($"unknown mode {mode}");
            return 2;
    }

    var seconds = clock.Elapsed.TotalSeconds;
    self.Refresh();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"mode={mode} {summary} mb={megabytes:F1} seconds={seconds:F2} cpu_s={(self.TotalProcessorTime - cpu).TotalSeconds:F2} mb_per_s={megabytes / seconds:F0} " +
        $"peak_working_set_mb={self.PeakWorkingSet64 / 1048576.0:F0} cores={Environment.ProcessorCount} load_average={LoadAverage()}"));
    return 0;
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
