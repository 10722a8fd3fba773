namespace Kinodialog.Web.Infrastructure.Media;

/// <summary>ffmpeg failed to make an output; <see cref="StderrTail"/> holds the end of what it said.</summary>
public sealed class MediaEncodingException : Exception
{
    public MediaEncodingException()
    {
    }

    public MediaEncodingException(string message)
        : base(message)
    {
    }

    public MediaEncodingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MediaEncodingException(string message, string stderrTail)
        : base(string.IsNullOrWhiteSpace(stderrTail) ? message : $"{message}: {stderrTail.Trim()}")
    {
        StderrTail = stderrTail;
    }

    /// <summary>The last lines ffmpeg wrote to standard error, for the job's error record.</summary>
    public string StderrTail { get; } = "";
}
