using System.ComponentModel.DataAnnotations;

namespace Kinodialog.Web.Infrastructure;

/// <summary>Where Kinodialog keeps files on disk. Section "Storage".</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Directory for the SQLite database and other local state; relative paths are from the working directory.</summary>
    [Required]
    public string DataPath { get; set; } = "data";

    /// <summary>Directory for uploaded and encoded media (films, subtitles, posters).</summary>
    [Required]
    public string MediaPath { get; set; } = "data/media";

    public string FullDataPath => Path.GetFullPath(DataPath);

    public string FullMediaPath => Path.GetFullPath(MediaPath);
}
