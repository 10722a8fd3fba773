using Kinodialog.Core.Localization;

namespace Kinodialog.Core.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void Core_references_neither_ASP_NET_Core_nor_EF_Core()
    {
        var references = typeof(SupportedCultures).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains(references, r => r.StartsWith("System.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Kinodialog.Data", StringComparison.Ordinal));
    }
}
