using Kinodialog.Web.Infrastructure.Cluster;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Tests.Cluster;

public sealed class ClusterSettingsTests
{
    [Fact]
    public async Task Several_nodes_on_SQLite_are_refused_at_start_with_what_to_change()
    {
        await using var factory = new SqliteFactory { Settings = new() { ["Cluster:Redis"] = "127.0.0.1:1" } };
        var refused = Assert.ThrowsAny<OptionsValidationException>(() => factory.Services);
        Assert.Contains(ClusterOptions.SqliteRefused, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_laptop_is_refused_as_a_node_of_several()
    {
        await using var factory = new SqliteFactory { Settings = new() { ["Cluster:Redis"] = "127.0.0.1:1", ["Field:Enabled"] = "true" } };
        var refused = Assert.ThrowsAny<OptionsValidationException>(() => factory.Services);
        Assert.Contains(ClusterOptions.FieldRefused, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_node_keeps_everything_in_its_own_memory()
    {
        await using var factory = new SqliteFactory();
        Assert.IsType<LocalClusterBus>(factory.Services.GetService(typeof(IClusterBus)));
        Assert.IsType<LocalClusterLocks>(factory.Services.GetService(typeof(IClusterLocks)));
        Assert.IsType<MemoryDecayingCounters>(factory.Services.GetService(typeof(IDecayingCounters)));
    }
}
