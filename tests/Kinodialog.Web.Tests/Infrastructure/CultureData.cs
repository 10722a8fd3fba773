using Kinodialog.Core.Localization;

namespace Kinodialog.Web.Tests.Infrastructure;

public static class CultureData
{
    /// <summary>The URL segments of the four languages, for theories that run once per language.</summary>
    public static TheoryData<string> Segments => new(SupportedCultures.All.Select(c => c.UrlSegment));
}
