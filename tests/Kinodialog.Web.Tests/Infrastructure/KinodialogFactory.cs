using Kinodialog.Data;
using Kinodialog.Web.Features.Handbook;
using Kinodialog.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Kinodialog.Web.Tests.Infrastructure;

/// <summary>
/// The whole application over a private database with the real migrations and a fake clock.
/// One factory (one database) per test class; subclasses choose the provider.
/// </summary>
public abstract class KinodialogFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string _dataDirectory = Path.Combine(Path.GetTempPath(), "kinodialog-tests", Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Whether the shipped demo handbook is seeded after migrating.</summary>
    protected virtual bool SeedDemo => false;

    /// <summary>Whether the demo films are generated and encoded after migrating (slow: seconds).</summary>
    protected virtual bool SeedDemoFilms => false;

    /// <summary>
    /// Whether the background encoder runs. Off by default: tests run encodes themselves
    /// (EncodingWorker.RunNowAsync), so nothing happens behind their back.
    /// </summary>
    public bool RunEncoder { get; init; }

    /// <summary>Extra configuration for this app (e.g. an option a test is about).</summary>
    public Dictionary<string, string?> Settings { get; init; } = [];

    /// <summary>Services this app replaces (e.g. a fake list of network addresses), applied after the application's own.</summary>
    public Action<IServiceCollection>? ServiceOverrides { get; init; }

    /// <summary>Keep the database and files when disposed (to start another app on them: a restart).</summary>
    public bool KeepData { get; init; }

    /// <summary>Where media and the SQLite file live; another factory given the same directory shares them.</summary>
    public string DataDirectory
    {
        get => _dataDirectory;
        init => _dataDirectory = value;
    }

    protected abstract string ConnectionString { get; }

    protected virtual Task CreateDatabaseAsync() => Task.CompletedTask;

    protected virtual Task DropDatabaseAsync() => Task.CompletedTask;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>(Settings)
        {
            ["Database:Provider"] = Provider.ToString(),
            ["Database:ConnectionString"] = ConnectionString,
            ["Storage:DataPath"] = DataDirectory,
            ["Storage:MediaPath"] = Path.Combine(DataDirectory, "media"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Films:RunEncoder"] = RunEncoder ? "true" : "false",
        }));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);

            // A password hash costs one iteration here instead of Identity's 100,000 (tens of milliseconds of
            // CPU each, hundreds of sign-ins in the suite); a test about the cost itself restores it
            // (FullCostPasswordHashing). Hashes stay in Identity's format: a real binary started on this
            // database verifies them.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = TestHashIterations);

            // Hosted services start in the order they were added: the database is migrated before the
            // workers (the recompute's catch-up, retention, encoding) first read it, as `migrate` does
            // before `serve` in a real installation.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, MigrateFirst>());
            ServiceOverrides?.Invoke(services);
        });
    }

    /// <summary>The password hash's iteration count in tests (see <see cref="FullCostPasswordHashing"/>).</summary>
    public const int TestHashIterations = 1;

    /// <summary>
    /// Until disposed, passwords are hashed (and verified) at Identity's real cost, for a test about the time a
    /// sign-in takes. Tests of one class run one after the other, so no other test of this app sees it.
    /// </summary>
    public IDisposable FullCostPasswordHashing()
    {
        var options = Services.GetRequiredService<IOptions<PasswordHasherOptions>>().Value;
        options.IterationCount = new PasswordHasherOptions().IterationCount;
        return new Restore(() => options.IterationCount = TestHashIterations);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    private sealed class MigrateFirst(IServiceScopeFactory scopes) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        await CreateDatabaseAsync();
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        if (SeedDemo)
        {
            await scope.ServiceProvider.GetRequiredService<DemoHandbookSeeder>().SeedAsync(CancellationToken.None);
        }

        if (SeedDemoFilms)
        {
            await scope.ServiceProvider.GetRequiredService<Kinodialog.Web.Features.Films.DemoFilmSeeder>().SeedAsync(CancellationToken.None);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (KeepData)
        {
            return;
        }

        await DropDatabaseAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the pool is removed with the temp folder later.
        }
    }

    /// <summary>Runs code against the application's services in a fresh scope.</summary>
    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> WithDbAsync<T>(Func<KinodialogDbContext, Task<T>> action) =>
        WithServicesAsync(sp => action(sp.GetRequiredService<KinodialogDbContext>()));
}

public class SqliteFactory : KinodialogFactory
{
    private string File => Path.Combine(DataDirectory, "test.db");

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override string ConnectionString => $"Data Source={File}";

    /// <summary>A new database is a copy of the migrated template; an existing one (a restart on the same data) stays.</summary>
    protected override Task CreateDatabaseAsync() =>
        System.IO.File.Exists(File) ? Task.CompletedTask : DatabaseTemplates.CopySqliteAsync(File);

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            System.IO.File.Delete(File + suffix);
        }

        return Task.CompletedTask;
    }
}

public class PostgresFactory : KinodialogFactory
{
    public const string ServerVariable = "KINODIALOG_TEST_POSTGRES";

    private string _database = $"kd_test_{Guid.NewGuid():N}";

    /// <summary>The database's name; another factory given the same name shares it.</summary>
    public string DatabaseName
    {
        get => _database;
        init => _database = value;
    }

    /// <summary>Set for a second app on an existing database: do not create it again.</summary>
    public bool DatabaseExists { get; init; }

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override string ConnectionString => new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = _database }.ConnectionString;

    /// <summary>The PostgreSQL server that ./test.sh starts; these tests never skip silently.</summary>
    public static string AdminConnectionString => Environment.GetEnvironmentVariable(ServerVariable)
        ?? throw new InvalidOperationException(
            $"{ServerVariable} is not set. Run ./test.sh, which starts a throwaway PostgreSQL server, or set it to a connection string of a server where databases may be created.");

    protected override async Task CreateDatabaseAsync()
    {
        if (DatabaseExists)
        {
            return;
        }

        await DatabaseTemplates.CreatePostgresAsync(_database);
    }

    protected override async Task DropDatabaseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Factories with the demo handbook seeded.</summary>
public sealed class SqliteDemoFactory : SqliteFactory
{
    protected override bool SeedDemo => true;
}

public sealed class PostgresDemoFactory : PostgresFactory
{
    protected override bool SeedDemo => true;
}
