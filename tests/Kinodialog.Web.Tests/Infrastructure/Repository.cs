namespace Kinodialog.Web.Tests.Infrastructure;

/// <summary>Locates files of the source tree (the tests run from bin/, inside the clone).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Kinodialog.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Kinodialog.slnx not found above " + AppContext.BaseDirectory);
    }
}
