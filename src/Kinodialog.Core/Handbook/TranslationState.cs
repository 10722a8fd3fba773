namespace Kinodialog.Core.Handbook;

/// <summary>How a chapter's text in one language relates to its source language.</summary>
public enum TranslationState
{
    /// <summary>This is the source text that translations follow.</summary>
    Source,

    /// <summary>The translation was made from (or confirmed against) the current source revision.</summary>
    UpToDate,

    /// <summary>The source changed after this translation was last brought in line with it.</summary>
    OutOfDate,
}

public static class TranslationRules
{
    /// <summary>
    /// A translation is out of date when the source text has a newer revision than the one the
    /// translation was last based on; a translation that never recorded its base is out of date
    /// as soon as the source exists.
    /// </summary>
    public static TranslationState StateOf(bool isSource, int? basedOnSourceRevision, int currentSourceRevision)
    {
        if (isSource)
        {
            return TranslationState.Source;
        }

        return basedOnSourceRevision is { } based && based >= currentSourceRevision
            ? TranslationState.UpToDate
            : TranslationState.OutOfDate;
    }
}
