namespace Kinodialog.Core.Handbook;

/// <summary>Rules for a chapter's URL name: lower-case ASCII letters, digits and single hyphens.</summary>
public static class ChapterSlug
{
    public const int MinLength = 3;
    public const int MaxLength = 80;

    /// <summary>Words used by the handbook's own pages, which a chapter cannot be called.</summary>
    public static IReadOnlySet<string> Reserved { get; } = new HashSet<string>(StringComparer.Ordinal) { "new", "edit", "history" };

    public static bool IsValid(string? slug)
    {
        if (slug is null || slug.Length < MinLength || slug.Length > MaxLength || Reserved.Contains(slug))
        {
            return false;
        }

        if (slug[0] == '-' || slug[^1] == '-')
        {
            return false;
        }

        for (var i = 0; i < slug.Length; i++)
        {
            var c = slug[i];
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') || (c == '-' && slug[i - 1] != '-');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
