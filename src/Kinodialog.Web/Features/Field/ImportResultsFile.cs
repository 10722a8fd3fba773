using System.Security.Claims;
using Kinodialog.Data;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Screenings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Field;

/// <summary>
/// Imports a results file carried on a USB stick: opened with its passphrase (a changed or cut file is
/// refused and nothing is imported), then received and checked in exactly as over the network.
/// </summary>
public sealed class ImportResultsFile(
    KinodialogDbContext db, ScreeningAccess access, ReceiveFieldResults receive, CheckInScreening checkIn, StaffAuditLog audit, IStringLocalizer<FieldResource> l)
{
    public sealed record Result(bool Imported, string Message, ResultsReceipt? Receipt = null, CheckInReceipt? CheckIn = null);

    public async Task<Result> HandleAsync(byte[] file, string? passphrase, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(passphrase))
        {
            return new Result(false, l["Type the passphrase the file was saved with."]);
        }

        var opened = ResultsBundle.Open(file, passphrase);
        if (opened.Content is not { } content)
        {
            return new Result(false, Refusal(opened.Refusal));
        }

        var screening = await access.For(user).AsNoTracking().Where(s => s.Id == content.ScreeningId)
            .Select(s => new { s.Id, s.Title, s.CheckedOutToDeviceId }).FirstOrDefaultAsync(cancellationToken);
        if (screening is null)
        {
            return new Result(false, l["The file holds the results of a screening you cannot see here."]);
        }

        if (screening.CheckedOutToDeviceId != content.DeviceId)
        {
            if (screening.CheckedOutToDeviceId is null)
            {
                return new Result(false, l["«{0}» is not checked out to any laptop (its results came back already, or its check-out was cancelled); nothing was imported.", screening.Title]);
            }

            var name = await db.FieldDevices.AsNoTracking().Where(d => d.Id == screening.CheckedOutToDeviceId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
            return new Result(false, l["This file comes from another laptop: «{0}» is checked out to the laptop «{1}»; nothing was imported.", screening.Title, name ?? ""]);
        }

        var (receipt, refusal) = await receive.HandleAsync(content.DeviceId, content.ScreeningId, content.Results, "bundle", cancellationToken);
        if (receipt is null)
        {
            return new Result(false, refusal!.Message);
        }

        var (checkedIn, checkInRefusal) = await checkIn.HandleAsync(content.DeviceId, content.ScreeningId, content.Outcome, cancellationToken);
        if (checkedIn is null)
        {
            return new Result(false, checkInRefusal!.Message, receipt);
        }

        await audit.RecordAsync(FieldAuditActions.BundleImported, user, detail: $"screening {content.ScreeningId} device {content.DeviceId} received {receipt.Received}");
        return new Result(
            true,
            checkedIn.CheckedIn
                ? l["Imported: {0} new records, {1} already here. «{2}» is back on the central instance.", receipt.Received, receipt.AlreadyHad, screening.Title]
                : l["Imported: {0} new records, {1} already here. The laptop holds more than arrived, so «{2}» stays checked out to it.", receipt.Received, receipt.AlreadyHad, screening.Title],
            receipt,
            checkedIn);
    }

    public string Refusal(BundleRefusal refusal) => refusal switch
    {
        BundleRefusal.NotABundle => l["This is not a Kinodialog results file (or it comes from a newer version of the program)."],
        BundleRefusal.Truncated => l["The file is cut off: it was not copied completely. Copy it again from the laptop."],
        BundleRefusal.WrongPassphraseOrDamaged => l["The passphrase is wrong, or the file was changed or damaged. Nothing was imported."],
        BundleRefusal.UnreadableContent => l["The file opened but its content cannot be read as results. Nothing was imported."],
        BundleRefusal.TooLarge => l["The file is too large to be a results file."],
        _ => l["The file could not be read."],
    };
}
