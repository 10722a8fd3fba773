namespace Kinodialog.Data;

/// <summary>Names of the assemblies that hold each provider's migrations.</summary>
public static class MigrationsAssemblies
{
    public const string Sqlite = "Kinodialog.Data.Sqlite";
    public const string Postgres = "Kinodialog.Data.Postgres";
}
