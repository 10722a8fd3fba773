namespace Kinodialog.Web.Features.Dialogue;

/// <summary>What the phone shows in the dialogue stage.</summary>
public sealed record AudienceDialogueView(string Code, PhoneStatement? Statement, bool Banned, AudienceDialogueView.Notice Message, Guid VoteId)
{
    public enum Notice
    {
        None,
        Pending,
        Accepted,
        Invalid,
        Closed,
        Flagged,
    }

    public static Notice ParseNotice(string? notice) => notice switch
    {
        "pending" => Notice.Pending,
        "accepted" => Notice.Accepted,
        "invalid" => Notice.Invalid,
        "closed" => Notice.Closed,
        "flagged" => Notice.Flagged,
        _ => Notice.None,
    };
}
