using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Kinodialog.Web.Features.Field;
using Kinodialog.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Cli;

/// <summary>
/// <c>field sync</c>: on a field laptop, sends the results of every downloaded screening that is not yet
/// checked in to the central instance, as the sync page's "Send now" does — from a terminal or a
/// scheduled task, and for the fault tests, which kill it mid-sync.
/// </summary>
internal static class FieldCommands
{
    public static Command Build(TextWriter output, Func<CancellationToken, Task<AsyncServiceScope>> start)
    {
        var batch = new Option<int>("--batch")
        {
            Description = $"Most records in one request (1–{FieldLimits.MaxBatchItems}).",
            DefaultValueFactory = _ => FieldLimits.MaxBatchItems,
        };
        batch.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > FieldLimits.MaxBatchItems)
            {
                r.AddError($"--batch must be between 1 and {FieldLimits.MaxBatchItems}.");
            }
        });
        var retryFor = new Option<int>("--retry-for")
        {
            Description = "Seconds to go on trying after a failure (the network, the central instance); 0: one attempt.",
            DefaultValueFactory = _ => 0,
        };
        var sync = new Command("sync", "Send the results of this laptop's screenings to the central instance (field mode only). Exit code 0 when every one is checked in.")
        {
            batch, retryFor,
        };
        sync.SetAction(async (parse, ct) =>
        {
            await using var scope = await start(ct);
            var options = scope.ServiceProvider.GetRequiredService<IOptions<FieldModeOptions>>().Value;
            if (!options.Enabled)
            {
                await output.WriteLineAsync("This is not a field laptop (Field:Enabled is not true): there is nothing to send.");
                return 1;
            }

            var syncScreening = scope.ServiceProvider.GetRequiredService<SyncScreening>();
            var deadline = Stopwatch.StartNew();
            var limit = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(retryFor)));
            var pause = TimeSpan.FromMilliseconds(200);
            while (true)
            {
                var open = await syncScreening.OpenAsync(ct);
                var failures = 0;
                var waiting = 0;
                var sent = 0;
                foreach (var id in open)
                {
                    var report = await syncScreening.HandleAsync(id, ct, parse.GetValue(batch));
                    sent += report.Records;
                    if (report.Error is { } error)
                    {
                        failures++;
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"{id}: {report.Records} record(s) sent, then: {error.Failure}{(error.Status is { } status ? $" ({status})" : "")}{(error.Detail is { Length: > 0 } detail ? ": " + detail : "")}"));
                    }
                    else if (!report.CheckedIn)
                    {
                        waiting++;
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"{id}: {report.Records} record(s) sent; it is checked in once the screening is closed."));
                    }
                    else
                    {
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{id}: everything sent and confirmed."));
                    }
                }

                if (failures == 0)
                {
                    return waiting == 0 ? 0 : 3;
                }

                if (deadline.Elapsed >= limit)
                {
                    return 1;
                }

                // Something went before the failure: the link works now and then, so go on at once.
                // Nothing went: wait, longer each time (up to Field:SyncMaxPause, 5 s), before the next attempt.
                if (sent > 0)
                {
                    pause = TimeSpan.FromMilliseconds(200);
                    continue;
                }

                await Task.Delay(pause, ct);
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, options.SyncMaxPause.TotalMilliseconds));
            }
        });
        return new Command("field", "Field laptop.") { sync };
    }
}
