using System.Globalization;

namespace Kinodialog.Core.Screenings;

/// <summary>What is wrong with one attendance field.</summary>
public enum AttendanceProblem
{
    /// <summary>Not a whole number of people from 0 to <see cref="AttendanceRules.Largest"/>.</summary>
    NotACount,

    /// <summary>The communities add up to more than the people who came.</summary>
    PartsExceedTotal,
}

/// <summary>An attendance form as typed: every field optional, none guessed.</summary>
public sealed record AttendanceCounts(int? Total, int? Armenian, int? Azerbaijani, int? Other);

/// <summary>
/// Attendance after a screening: each field empty or a whole number of people (0…1,000,000); a field that
/// cannot be read is an error, never a blank; the parts by community never add up to more than the total.
/// </summary>
public static class AttendanceRules
{
    public const int Largest = 1_000_000;

    public const string TotalField = "total";

    /// <summary>Reads the four fields; problems by field name (total, armenian, azerbaijani, other).</summary>
    public static (AttendanceCounts Counts, IReadOnlyDictionary<string, AttendanceProblem> Problems) Read(string? total, string? armenian, string? azerbaijani, string? other)
    {
        var problems = new Dictionary<string, AttendanceProblem>(StringComparer.Ordinal);
        int? Parse(string field, string? text)
        {
            text = text?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= Largest)
            {
                return value;
            }

            problems[field] = AttendanceProblem.NotACount;
            return null;
        }

        var counts = new AttendanceCounts(Parse(TotalField, total), Parse("armenian", armenian), Parse("azerbaijani", azerbaijani), Parse("other", other));
        if (problems.Count == 0 && counts.Total is int people && PartsSum(counts) > people)
        {
            problems[TotalField] = AttendanceProblem.PartsExceedTotal;
        }

        return (counts, problems);
    }

    /// <summary>The sum of the parts given (0 when none is).</summary>
    public static long PartsSum(AttendanceCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return (long)(counts.Armenian ?? 0) + (counts.Azerbaijani ?? 0) + (counts.Other ?? 0);
    }
}
