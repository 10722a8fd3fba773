using Kinodialog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Infrastructure.Database;

/// <summary>Healthy when the database answers and has no pending migrations.</summary>
public sealed class DatabaseHealthCheck(KinodialogDbContext db, IOptions<DatabaseOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["provider"] = options.Value.Provider.ToString() };
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.", data: data);
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            data["pendingMigrations"] = pending;
            return pending == 0
                ? HealthCheckResult.Healthy("The database is reachable and up to date.", data)
                : HealthCheckResult.Unhealthy($"{pending} migration(s) pending: run the `migrate` command.", data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database check failed.", ex, data);
        }
    }
}
