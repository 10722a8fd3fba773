using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Kinodialog.Data.Postgres;

/// <summary>Lets `dotnet ef` build the PostgreSQL model without a running server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<KinodialogDbContext>
{
    public KinodialogDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<KinodialogDbContext>();
        PostgresDatabase.Configure(options, "Host=localhost;Database=kinodialog_design;Username=kinodialog");
        return new KinodialogDbContext(options.Options);
    }
}
