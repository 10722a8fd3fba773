// Robustness harness for the parsers (issue 14): feeds each parser adversarial input of growing size (deep
// nesting, repeated tricky units, huge lines, random bytes in odd encodings, random mixes of tricky tokens)
// for a bounded time and reports the worst CPU time per MB of input per parser. A crash (stack overflow)
// ends the process, which run.sh reports; an unexpected exception is printed as a FINDING.
// Usage: dotnet run -c Release -- [SECONDS]   (default 120; see run.sh)
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kinodialog.Core.Opinions;
using Kinodialog.Core.Subtitles;
using Kinodialog.Core.Surveys;
using Kinodialog.Web.Infrastructure.Content;

var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 120;
var deadline = Stopwatch.StartNew();
var renderer = new MarkdownRenderer();
var random = new Random(14);

const int Subtitle = 2 * 1024 * 1024;
const int Chapter = 200_000;
var cue = "WEBVTT\n\n00:01.000 --> 00:02.000\n";
var parsers = new List<Parser>
{
    new("cue text", 1_000_000, s => WebVttCueText.Parse(s).ToPlainText(),
        ["<b>", "<i.a.b>", "</b>", "<c", "<ruby>a<rt>", "&amp;", "&#x", "<00:00:01.000>", "<v a b c>", "<lang en>", "<", "&"]),
    new("webvtt file", Subtitle, s => SubtitleReport.FromText(s, 60).ToJson(),
        ["WEBVTT\n\n", "00:01.000 --> 00:02.000\n", "<b>", "\n\n", "NOTE ", "REGION\nid:a\n", "-->", "00:00:00.000 --> 00:00:01.000 line:0 position:50% size:10% align:start region:a\n", "STYLE\n::cue{}\n", "\r\n", "\r"],
        Prefix: cue),
    new("srt file", Subtitle, s => SrtParser.Parse(s).Document.Cues.Count.ToString(CultureInfo.InvariantCulture),
        ["1\n00:00:01,000 --> 00:00:02,000\n", "x\n\n", "<font color=red>", "{\\an8}", "{\\", "<i>", "-->", "\n", "<br>", "<a<a", "x\n"],
        Prefix: "1\n00:00:01,000 --> 00:00:02,000\n"),
    new("subtitle bytes", Subtitle, s =>
    {
        var bytes = Encoding.Latin1.GetBytes(s);
        foreach (var encoding in Enum.GetValues<SubtitleEncoding>())
        {
            _ = SubtitleDecoder.Decode(bytes, encoding);
        }

        return "";
    }, ["\u00ff\u00fe", "\u00ef\u00bb\u00bf", "\u00d0\u00b0", "\u0000a", "\u00c3", "\u0080", "a\u0000"]),
    new("markdown", Chapter, renderer.ToHtml,
        ["[a](", "[a](b (", "[", "*a", "_a ", "> ", "1. ", "- [", "``a", "www.a(", "http://a.b/(", "a\n=\n", "***\n", "```\n", "a  \n", "| a |\n", "[a]:\n", "![", "> - ", "~~a", "^a", "\\", "&#"]),
    new("questionnaire json", 1_000_000, s =>
    {
        try
        {
            return QuestionnaireDefinition.FromJson(s).Questions.Count.ToString(CultureInfo.InvariantCulture);
        }
        catch (JsonException)
        {
            return "refused";
        }
    }, ["[", "{\"a\":", "{\"titles\":{", "\"\\u0000\"", ",", "{\"questions\":[", "\"x\":[1,", "]", "}"]),
    new("polis csv", 10_000_000, s =>
    {
        var outcome = PolisImport.Read(new StringReader("timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n" + s),
            new StringReader("timestamp,datetime,comment-id,voter-id,vote\n" + s), new StringReader(s), 1_000);
        return outcome.Errors.Count.ToString(CultureInfo.InvariantCulture);
    }, ["\"", "\"\"", ",", "\n", "\r\n", "1,x,1,1,0,0,1,\"a\nb\"\n", "\"a,b\",", "=1+1,"]),
    new("pairs csv", 10_000_000, s => PairsCsv.Read("screening,questionnaire,version,pair,question,scale,pre,post\n" + s).Errors.Count.ToString(CultureInfo.InvariantCulture),
        ["\"", "\"\"", ",", "\n", "a,b,1,p,q,likert5,1,2\n", "\uFEFF"]),
};

var findings = new List<string>();
var perParser = seconds / parsers.Count;
foreach (var parser in parsers)
{
    var start = deadline.Elapsed.TotalSeconds;
    var generators = new List<(string Name, Func<int, string> Make)>();
    foreach (var unit in parser.Units)
    {
        generators.Add(($"repeat {Show(unit)}", n => parser.Prefix + Repeat(unit, n)));
    }

    generators.Add(("nested <b>", n => parser.Prefix + Repeat("<b>", n / 7) + "x" + Repeat("</b>", n / 7)));
    generators.Add(("nested [", n => parser.Prefix + Repeat("[", n / 2) + Repeat("]", n / 2)));
    generators.Add(("nested {\"a\":", n => Repeat("{\"a\":", n / 6) + "1" + Repeat("}", n / 6)));
    generators.Add(("one huge line", n => parser.Prefix + new string('x', n)));
    generators.Add(("random bytes", n => parser.Prefix + RandomBytes(random, n)));
    generators.Add(("random units", n => parser.Prefix + RandomUnits(random, parser.Units, n)));

    var worst = (PerMb: 0.0, Name: "", Size: 0, Cpu: 0.0);
    foreach (var (name, make) in generators)
    {
        for (var size = 16_384; size <= parser.MaxSize; size *= 4)
        {
            var input = make(size);
            var cpu = Measure(parser, input, name, findings);
            var perMb = cpu / (input.Length / 1_048_576.0);
            if (input.Length >= 65_536 && perMb > worst.PerMb)
            {
                worst = (perMb, name, input.Length, cpu);
            }

            if (cpu > 2 || deadline.Elapsed.TotalSeconds - start > perParser)
            {
                break;
            }
        }

        if (deadline.Elapsed.TotalSeconds - start > perParser)
        {
            break;
        }
    }

    // Whatever time is left for this parser: random mixes of its tricky units at random sizes.
    var rounds = 0;
    while (deadline.Elapsed.TotalSeconds - start < perParser)
    {
        var size = random.Next(65_536, Math.Min(parser.MaxSize, 1_048_576) + 1);
        var input = parser.Prefix + RandomUnits(random, parser.Units, size);
        var cpu = Measure(parser, input, "random units", findings);
        var perMb = cpu / (input.Length / 1_048_576.0);
        if (perMb > worst.PerMb)
        {
            worst = (perMb, "random units", input.Length, cpu);
        }

        rounds++;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{parser.Name,-20} worst {worst.PerMb,8:0.00} CPU s/MB  ({worst.Name}, {worst.Size / 1024} KiB in {worst.Cpu:0.000} s; {rounds} random rounds)"));
}

foreach (var finding in findings.Distinct())
{
    Console.WriteLine("FINDING: " + finding);
}

return findings.Count == 0 ? 0 : 1;

static double Measure(Parser parser, string input, string generator, List<string> findings)
{
    var process = Process.GetCurrentProcess();
    process.Refresh();
    var before = process.TotalProcessorTime;
    try
    {
        _ = parser.Run(input);
    }
    catch (Exception e) when (e is not OutOfMemoryException)
    {
        findings.Add($"{parser.Name} threw {e.GetType().Name} on '{generator}' ({input.Length} chars): {e.Message}");
    }

    process.Refresh();
    return (process.TotalProcessorTime - before).TotalSeconds;
}

static string Repeat(string unit, int length) => string.Concat(Enumerable.Repeat(unit, Math.Max(1, length / unit.Length)));

static string RandomBytes(Random random, int length)
{
    var bytes = new byte[length];
    random.NextBytes(bytes);
    return Encoding.Latin1.GetString(bytes);
}

static string RandomUnits(Random random, IReadOnlyList<string> units, int length)
{
    var text = new StringBuilder(length + 64);
    while (text.Length < length)
    {
        text.Append(units[random.Next(units.Count)]);
        if (random.Next(8) == 0)
        {
            text.Append(random.Next(4) switch { 0 => " ", 1 => "\n", 2 => "word ", _ => "\u0531\u0430\u0259" });
        }
    }

    return text.ToString();
}

static string Show(string unit) => unit.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

internal sealed record Parser(string Name, int MaxSize, Func<string, string> Run, IReadOnlyList<string> Units, string Prefix = "");
