using System.ComponentModel.DataAnnotations;

namespace Kinodialog.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database Kinodialog uses. Section "Database".</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Sqlite (embedded default, file under the data directory) or Postgres.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Connection string. Optional for SQLite (defaults to kinodialog.db in the data directory);
    /// required for PostgreSQL, e.g. "Host=localhost;Database=kinodialog;Username=kinodialog;Password=…".
    /// </summary>
    public string? ConnectionString { get; set; }

    [Range(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 30;
}
