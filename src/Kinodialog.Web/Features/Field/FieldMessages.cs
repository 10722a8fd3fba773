using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Field;

/// <summary>Failures and sync log lines in the reader's language.</summary>
public static class FieldMessages
{
    public static string Describe(IStringLocalizer<FieldResource> l, CentralError? error)
    {
        ArgumentNullException.ThrowIfNull(l);
        if (error is null)
        {
            return "";
        }

        var text = error.Failure switch
        {
            CentralFailure.Unreachable => l["The central instance cannot be reached: check that this laptop is online and that the address is right."],
            CentralFailure.Timeout => l["The central instance did not answer in time. Try again when the connection is better."],
            CentralFailure.Revoked => l["The central instance no longer accepts this laptop (it was revoked). Ask programme staff to enrol it again."],
            CentralFailure.ServerError => l["The central instance failed (a server error). Try again later; if it keeps failing, tell programme staff."],
            CentralFailure.Unreadable => l["The central instance answered something this version does not understand. Update Kinodialog on this laptop."],
            _ => l["The central instance refused."],
        };
        return error.Detail is null ? text : $"{text} {l["It said: {0}", error.Detail]}";
    }

    public static string Describe(IStringLocalizer<FieldResource> l, DownloadFailure failure, CentralError? error) => failure switch
    {
        DownloadFailure.HashMismatch => l["A downloaded file did not match its checksum and was deleted. Download again."],
        DownloadFailure.TooLong => l["A downloaded file was longer than announced and was deleted. Download again."],
        _ => Describe(l, error),
    };

    /// <summary>A sync log line ("Sent|received|alreadyHad", "CheckedIn", an error's log form).</summary>
    public static string DescribeLog(IStringLocalizer<FieldResource> l, string message, int count)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parts = message.Split('|');
        return parts[0] switch
        {
            SyncLogCodes.Sent when parts.Length == 3 => l["Sent {0} record(s): {1} new, {2} already there.", count, parts[1], parts[2]],
            SyncLogCodes.CheckedIn => l["The central instance confirmed it holds all {0} record(s); the screening is checked in.", count],
            SyncLogCodes.RawDeleted => l["The raw audience data was deleted from this laptop ({0} vote(s)); the results stay.", count],
            SyncLogCodes.NotCheckedIn => l["The central instance does not hold everything yet (held/sent: {0}); sending again.", parts.Length > 1 ? parts[1] : ""],
            _ => CentralError.Parse(message) is { } error ? Describe(l, error) : message,
        };
    }

    public static string Size(IStringLocalizer<FieldResource> l, long bytes) => bytes switch
    {
        >= 1L << 30 => l["{0} GB", (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.CurrentCulture)],
        >= 1L << 20 => l["{0} MB", (bytes / (double)(1L << 20)).ToString("0", CultureInfo.CurrentCulture)],
        _ => l["{0} KB", Math.Ceiling(bytes / 1024.0).ToString("0", CultureInfo.CurrentCulture)],
    };

    public static string Kind(IStringLocalizer<FieldResource> l, string kind) => kind switch
    {
        ResultKinds.Participants => l["participants"],
        ResultKinds.Statements => l["statements"],
        ResultKinds.Responses => l["survey answers"],
        ResultKinds.Votes => l["votes"],
        ResultKinds.Flags => l["flags"],
        ResultKinds.Moderation => l["moderation steps"],
        _ => kind,
    };
}
