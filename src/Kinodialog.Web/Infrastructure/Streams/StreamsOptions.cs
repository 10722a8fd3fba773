using System.ComponentModel.DataAnnotations;

namespace Kinodialog.Web.Infrastructure.Streams;

/// <summary>How many Server-Sent Events streams one holder keeps open at once. Section "Streams".</summary>
public sealed class StreamsOptions
{
    public const string SectionName = "Streams";

    /// <summary>
    /// Streams of one phone (3): its page, and one more tab or a reload that overlaps the old page.
    /// </summary>
    [Range(1, 1000)]
    public int MaxPerPhone { get; set; } = 3;

    /// <summary>
    /// Streams of one staff account (12): a facilitator may have run mode, the projector, the moderation
    /// page and the live summary open, in several tabs or on two computers.
    /// </summary>
    [Range(1, 1000)]
    public int MaxPerStaffAccount { get; set; } = 12;
}
