using Kinodialog.Data;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Infrastructure;

/// <summary>
/// Field mode (issue 16): this instance runs on a facilitator's laptop, carries checked-out screenings
/// and sends their results back to the central instance. Section "Field". Here, low in the program,
/// so that any feature (films, accounts, screenings) can ask whether it runs on a field laptop.
/// </summary>
public sealed class FieldModeOptions
{
    public const string SectionName = "Field";

    /// <summary>This instance is a field laptop: SQLite only, no uploads or encoding, no administrators.</summary>
    public bool Enabled { get; set; }

    /// <summary>After the central instance confirmed the check-in, delete the raw audience data on the laptop.</summary>
    public bool DeleteRawDataAfterSync { get; set; } = true;

    /// <summary>How often results still waiting are sent again in the background.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Time limit of one call to the central instance (a file download only for its start and each read).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The longest <c>field sync --retry-for</c> waits after an attempt that sent nothing (the wait starts at
    /// 200 ms and doubles up to this).
    /// </summary>
    public TimeSpan SyncMaxPause { get; set; } = TimeSpan.FromSeconds(5);

    public const string PostgresRefused =
        "Field mode (Field:Enabled=true) runs on SQLite only: a field laptop keeps its data in one file. " +
        "Remove Database:Provider=Postgres or turn field mode off.";

    /// <summary>Binds the section and refuses PostgreSQL in field mode when the host starts.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FieldModeOptions>()
            .Bind(configuration.GetSection(SectionName))
            .Validate<IOptions<DatabaseOptions>>(
                (field, database) => !field.Enabled || database.Value.Provider != DatabaseProvider.Postgres,
                PostgresRefused)
            .Validate(o => o.RetryInterval > TimeSpan.Zero && o.CallTimeout > TimeSpan.Zero && o.SyncMaxPause > TimeSpan.Zero, "Field:RetryInterval, Field:CallTimeout and Field:SyncMaxPause must be positive.")
            .ValidateOnStart();
    }
}
