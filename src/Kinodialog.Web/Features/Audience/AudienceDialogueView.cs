namespace Kinodialog.Web.Features.Audience;

/// <summary>What the phone shows in the dialogue stage.</summary>
public sealed record AudienceDialogueView(string Code, PhoneStatement? Statement, bool Banned, AudienceDialogueView.Notice Message, Guid VoteId)
{
    /// <summary>Statements to show after this one, each with its vote id: the phone's script goes on with them offline.</summary>
    public IReadOnlyList<(PhoneStatement Statement, Guid VoteId)> Upcoming { get; init; } = [];

    /// <summary>The phone asked for the shown statement's original (<c>?original=true</c>) instead of its translation.</summary>
    public bool ShowOriginal { get; init; }

    /// <summary>How many statements the page carries (the one shown and those after it).</summary>
    public const int Carried = 5;

    public enum Notice
    {
        None,
        Pending,
        Accepted,
        Invalid,
        Closed,
        Flagged,
        Invisible,
        DirectionControl,
    }

    public static Notice ParseNotice(string? notice) => notice switch
    {
        "pending" => Notice.Pending,
        "accepted" => Notice.Accepted,
        "invalid" => Notice.Invalid,
        "closed" => Notice.Closed,
        "flagged" => Notice.Flagged,
        "invisible" => Notice.Invisible,
        "direction" => Notice.DirectionControl,
        _ => Notice.None,
    };
}
