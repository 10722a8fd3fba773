using System.Text.RegularExpressions;
using System.Xml.Linq;
using Kinodialog.Core.Localization;
using Kinodialog.Web.Tests.Infrastructure;

namespace Kinodialog.Web.Tests.Features.Shared;

/// <summary>Every user-facing string exists, translated, in all four languages.</summary>
public sealed partial class ResourceTests
{
    private static readonly string ResourcesRoot = Repository.Path("src", "Kinodialog.Web", "Resources", "Features");
    private static readonly string FeaturesRoot = Repository.Path("src", "Kinodialog.Web", "Features");

    public static TheoryData<string> NeutralFiles => new(
        Directory.GetFiles(ResourcesRoot, "*.resx", SearchOption.AllDirectories)
            .Where(f => Path.GetFileNameWithoutExtension(f).IndexOf('.', StringComparison.Ordinal) < 0)
            .Select(f => Path.GetRelativePath(ResourcesRoot, f)));

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "");

    [Theory]
    [MemberData(nameof(NeutralFiles))]
    public void Every_key_is_translated_into_every_language(string neutral)
    {
        var english = Read(Path.Combine(ResourcesRoot, neutral));
        Assert.NotEmpty(english);
        foreach (var culture in SupportedCultures.All.Where(c => c != SupportedCultures.English))
        {
            var file = Path.Combine(ResourcesRoot, Path.ChangeExtension(neutral, null) + "." + culture.Name + ".resx");
            Assert.True(File.Exists(file), $"Missing {culture.Name} resource file for {neutral}");
            var translated = Read(file);
            var missing = english.Keys.Except(translated.Keys).ToList();
            Assert.True(missing.Count == 0, $"{Path.GetFileName(file)} lacks: {string.Join(" | ", missing)}");
            var stale = translated.Keys.Except(english.Keys).ToList();
            Assert.True(stale.Count == 0, $"{Path.GetFileName(file)} has keys the neutral file lacks: {string.Join(" | ", stale)}");
            foreach (var (key, value) in translated)
            {
                Assert.False(string.IsNullOrWhiteSpace(value), $"{Path.GetFileName(file)}: empty value for '{key}'");
                Assert.Equal(Placeholders(english[key]), Placeholders(value));
            }

            var untranslated = translated.Count(kv => kv.Value == english[kv.Key] && kv.Value.Any(char.IsLetter) && kv.Value != "Kinodialog");
            Assert.True(untranslated * 10 < translated.Count, $"{Path.GetFileName(file)}: {untranslated} values are still English");
        }
    }

    /// <summary>Keys that differ only in case collide in the compiled resources (one language then falls back to English).</summary>
    [Theory]
    [MemberData(nameof(NeutralFiles))]
    public void No_two_keys_differ_only_in_case(string neutral)
    {
        var collisions = Read(Path.Combine(ResourcesRoot, neutral)).Keys
            .GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        Assert.True(collisions.Count == 0, $"{neutral}: {string.Join(" | ", collisions)}");
    }

    [Fact]
    public void Every_string_the_pages_ask_for_has_a_resource()
    {
        var resources = Directory.GetFiles(ResourcesRoot, "*.resx", SearchOption.AllDirectories)
            .Where(f => Path.GetFileNameWithoutExtension(f).IndexOf('.', StringComparison.Ordinal) < 0)
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f).Replace("Resource", "", StringComparison.Ordinal), f => Read(f).Keys.ToHashSet(StringComparer.Ordinal));
        var problems = new List<string>();
        var used = 0;
        foreach (var file in Directory.GetFiles(FeaturesRoot, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal)))
        {
            var feature = Path.GetRelativePath(FeaturesRoot, file).Split(Path.DirectorySeparatorChar)[0];
            var text = File.ReadAllText(file);
            foreach (Match match in LocalizerCall().Matches(text))
            {
                var resource = char.ToUpperInvariant(match.Groups[1].Value[0]) == 'S' ? "Shared" : feature;
                used++;
                if (!resources.TryGetValue(resource, out var keys) || !keys.Contains(Unescape(match.Groups[2].Value)))
                {
                    problems.Add($"{Path.GetRelativePath(FeaturesRoot, file)}: \"{match.Groups[2].Value}\" not in {resource}Resource.resx");
                }
            }

            foreach (Match match in ErrorMessage().Matches(text))
            {
                used++;
                if (!resources["Shared"].Contains(Unescape(match.Groups[1].Value)))
                {
                    problems.Add($"{Path.GetRelativePath(FeaturesRoot, file)}: validation message \"{match.Groups[1].Value}\" not in SharedResource.resx");
                }
            }
        }

        Assert.True(used > 100, $"only {used} localized strings found: is the scan still matching the code?");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static List<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal).ToList();

    private static string Unescape(string literal) => literal.Replace("\\\"", "\"", StringComparison.Ordinal);

    [GeneratedRegex("""\b([LlSs])\["((?:[^"\\]|\\.)*)"[\],]""")]
    private static partial Regex LocalizerCall();

    [GeneratedRegex(@"ErrorMessage\s*=\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex ErrorMessage();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
