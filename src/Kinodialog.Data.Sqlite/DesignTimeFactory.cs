using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Kinodialog.Data.Sqlite;

/// <summary>Lets `dotnet ef` build the SQLite model without starting the web app.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<KinodialogDbContext>
{
    public KinodialogDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<KinodialogDbContext>();
        SqliteDatabase.Configure(options, "Data Source=design-time.db");
        return new KinodialogDbContext(options.Options);
    }
}
