namespace Kinodialog.Web.Tests.Infrastructure;

/// <summary>Test data kept in the repository under tests/TestData (see its ATTRIBUTION.md files).</summary>
public static class TestData
{
    /// <summary>A path inside tests/TestData/polis; the folder must exist in the clone.</summary>
    public static string Polis(params string[] parts)
    {
        var root = Repository.Path("tests", "TestData", "polis");
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException("tests/TestData/polis is missing from the repository at " + Repository.Root);
        }

        return Path.GetFullPath(Path.Combine([root, .. parts]));
    }
}
