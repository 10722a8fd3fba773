using System.CommandLine;
using Kinodialog.Core.Accounts;
using Kinodialog.Core.Subtitles;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Dialogue;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Features.Handbook;
using Kinodialog.Web.Infrastructure;
using Kinodialog.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Cli;

/// <summary>
/// The command line of the Kinodialog binary: `serve` (default) runs the web server; the other
/// commands use the same configuration and services, then exit.
/// </summary>
public static class KinodialogCommandLine
{
    public const string AdminPasswordVariable = "KINODIALOG_ADMIN_PASSWORD";

    private static readonly HashSet<string> Commands = new(StringComparer.Ordinal)
    {
        "migrate", "seed-demo", "create-admin", "subtitles", "films", "survey", "opinions", "retention", "backup", "restore", "field", "help", "--help", "-h", "-?", "--version",
    };

    /// <summary>True when the arguments name a command other than serving.</summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (Commands.Contains(args[0]) || (args[0] == "serve" && args.Any(a => a is "--help" or "-h" or "-?")));

    /// <summary>The arguments for the web host: everything after an optional leading "serve".</summary>
    public static string[] ServeArguments(string[] args) => args.Length > 0 && args[0] == "serve" ? args[1..] : args;

    /// <summary>The exit code of a command line that names no known command or has an unknown option.</summary>
    public const int UsageExitCode = 2;

    /// <summary>
    /// The first argument that is neither a command nor a host setting, or null. Without a command the
    /// arguments may only be host settings (<c>--urls=http://…</c>, <c>--Database:Provider Postgres</c>), which
    /// serve as before; anything else (<c>kit export</c>, a typo of <c>migrate</c>, <c>-x</c>, <c>--verbose</c>
    /// without a value) is refused instead of starting the server.
    /// </summary>
    public static string? UnknownArgument(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] == "serve" || IsCommand(args))
        {
            return null;
        }

        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var key = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..].Split('=', 2)[0] : "";
            if (key.Length == 0 || !char.IsAsciiLetter(key[0]) || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is ':' or '_' or '.' or '-')))
            {
                return arg;
            }

            if (!arg.Contains('=', StringComparison.Ordinal))
            {
                // "--key value": the next argument is the value.
                if (i + 1 >= args.Length || args[i + 1].StartsWith('-'))
                {
                    return arg;
                }

                i++;
            }
        }

        return null;
    }

    /// <summary>Names the unknown argument and lists the commands on <paramref name="error"/>; returns <see cref="UsageExitCode"/>.</summary>
    public static async Task<int> RefuseAsync(string unknown, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var commands = Build(TextWriter.Null).Subcommands.Select(c => c.Name).Append("help");
        await error.WriteLineAsync($"Unknown command or option '{unknown}'.");
        await error.WriteLineAsync($"Commands: {string.Join(", ", commands)}. Run with --help for details; with no command the web server runs (serve).");
        return UsageExitCode;
    }

    public static async Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        if (args is ["help"])
        {
            args = ["--help"];
        }

        var root = Build(output);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }

            if (parse.UnmatchedTokens.Count > 0)
            {
                return await RefuseAsync(parse.UnmatchedTokens[0], error);
            }

            await error.WriteLineAsync("Run with --help for details.");
            return UsageExitCode;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
    }

    private static RootCommand Build(TextWriter output)
    {
        var root = new RootCommand(
            "Kinodialog: plan film screenings followed by dialogue, in English, Armenian, Azerbaijani and Russian.\n" +
            "Configuration comes from appsettings.json, environment variables (Database__Provider=Postgres) and --key=value arguments.");

        var serve = new Command("serve", "Run the web server (the default command). Accepts host options such as --urls=http://localhost:5080.");
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction(async (parse, ct) =>
        {
            var app = KinodialogApplication.Build([.. parse.UnmatchedTokens]);
            await app.RunAsync(ct);
            return 0;
        });

        var migrate = new Command("migrate", "Create or upgrade the database schema (SQLite or PostgreSQL) and the staff roles.");
        migrate.SetAction(async (_, ct) =>
        {
            await using var scope = await StartAsync(ct);
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            await output.WriteLineAsync("Database is up to date.");
            return 0;
        });

        var seedDemo = new Command("seed-demo", "Add the demo content (sample handbook, three short demo films with subtitles, all in four languages). Running it again changes nothing.");
        seedDemo.SetAction(async (_, ct) =>
        {
            await using var scope = await StartAsync(ct);
            var added = await scope.ServiceProvider.GetRequiredService<DemoHandbookSeeder>().SeedAsync(ct);
            var films = await scope.ServiceProvider.GetRequiredService<DemoFilmSeeder>().SeedAsync(ct);
            await output.WriteLineAsync(added == 0 && films == 0
                ? "Demo content already present; nothing changed."
                : $"Demo content added: {added} handbook chapter(s), {films} film(s).");
            return 0;
        });

        var email = new Option<string>("--email") { Description = "E-mail address to sign in with.", Required = true };
        var name = new Option<string>("--name") { Description = "Display name.", DefaultValueFactory = _ => "Administrator" };
        var password = new Option<string?>("--password")
        {
            Description = $"Password (at least 12 characters). Default: ${AdminPasswordVariable}, else a generated one, printed once.",
        };
        var ifNone = new Option<bool>("--if-none") { Description = "Do nothing when an administrator account already exists." };
        var createAdmin = new Command("create-admin", "Create an administrator account (or reset the password of an existing one).")
        {
            email, name, password, ifNone,
        };
        createAdmin.SetAction(async (parse, ct) =>
        {
            await using var scope = await StartAsync(ct);
            if (scope.ServiceProvider.GetRequiredService<IOptions<FieldModeOptions>>().Value.Enabled)
            {
                await output.WriteLineAsync("This is a field laptop (Field:Enabled=true): it has no administrator accounts. " +
                    "Its facilitators come from the enrolment at /field/setup; accounts are managed on the central instance.");
                return 1;
            }

            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            if (parse.GetValue(ifNone))
            {
                var admins = await users.GetUsersInRoleAsync(StaffRoles.Admin);
                if (admins.Count > 0)
                {
                    await output.WriteLineAsync($"An administrator already exists ({admins[0].Email}); nothing changed. " +
                        "To reset its password: create-admin --email ADDRESS.");
                    return 0;
                }
            }

            var address = parse.GetValue(email)!;
            var chosen = parse.GetValue(password);
            if (string.IsNullOrEmpty(chosen))
            {
                chosen = Environment.GetEnvironmentVariable(AdminPasswordVariable);
            }

            var existing = await users.FindByEmailAsync(address);
            AccountResult result;
            if (existing is null)
            {
                result = await scope.ServiceProvider.GetRequiredService<CreateStaffAccount>()
                    .HandleAsync(new CreateStaffAccount.Command(address, parse.GetValue(name)!, [StaffRoles.Admin], chosen), ct);
            }
            else
            {
                result = await scope.ServiceProvider.GetRequiredService<ResetStaffPassword>().HandleAsync(existing.Id, chosen, ct) ?? AccountResult.Failed("Not found");
                if (result.Succeeded && !await users.IsInRoleAsync(existing, StaffRoles.Admin))
                {
                    await users.AddToRoleAsync(existing, StaffRoles.Admin);
                }

                if (result.Succeeded && existing.IsDisabled)
                {
                    existing.IsDisabled = false;
                    await users.UpdateAsync(existing);
                }
            }

            if (!result.Succeeded)
            {
                await output.WriteLineAsync($"Could not create the administrator: {string.Join(" ", result.Errors)}");
                return 1;
            }

            await output.WriteLineAsync($"Administrator: {address}");
            await output.WriteLineAsync(result.OneTimePassword is null
                ? "Password: the one you chose."
                : $"Password: {result.OneTimePassword}   (shown only now: write it down, then change it after signing in)");
            return 0;
        });

        var subtitleFile = new Argument<FileInfo>("FILE") { Description = "A WebVTT (.vtt) or SubRip (.srt) file." };
        var asJson = new Option<bool>("--json") { Description = "Print {\"cues\", \"regions\", \"errors\", \"warnings\"} as JSON (cues and regions like the browser's VTTCue/VTTRegion)." };
        var validate = new Command("validate", "Check a subtitle file: every bad line and why; warnings for overlaps, reading speed over 21 characters/second and lines over 42 characters.")
        {
            subtitleFile, asJson,
        };
        validate.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(subtitleFile)!;
            if (!file.Exists)
            {
                await output.WriteLineAsync($"{file.FullName}: no such file");
                return 2;
            }

            var report = SubtitleReport.FromBytes(await File.ReadAllBytesAsync(file.FullName, ct));
            if (parse.GetValue(asJson))
            {
                await output.WriteLineAsync(report.ToJson());
            }
            else
            {
                await output.WriteLineAsync($"{file.Name}: {report.Cues.Count} cue(s), {report.Errors.Count} error(s), {report.Warnings.Count} warning(s)");
                foreach (var issue in report.Errors.Select(i => ("error", i)).Concat(report.Warnings.Select(i => ("warning", i))).OrderBy(x => x.i.Line))
                {
                    await output.WriteLineAsync($"{file.Name}:{issue.i.Line}: {issue.Item1} {issue.i.Code}: {issue.i.Message}");
                }
            }

            return report.IsRejected ? 1 : 0;
        });
        var subtitles = new Command("subtitles", "Subtitle tools.") { validate };

        var video = new Option<FileInfo>("--file") { Description = "The film's video file.", Required = true };
        var metadata = new Option<FileInfo?>("--metadata")
        {
            Description = "JSON: {slug, year, published, texts: [{culture, title, synopsis, discussionQuestions}], themes, contentNotes, credits: [{role, name, pseudonym, consentToName}], subtitles: {hy: \"film.hy.vtt\"}}.",
        };
        var import = new Command("import", "Import a film: metadata, video (encoded now) and subtitles. Checks everything before saving.") { video, metadata };
        import.SetAction(async (parse, ct) =>
        {
            await using var scope = await StartAsync(ct);
            var result = await scope.ServiceProvider.GetRequiredService<ImportFilm>()
                .HandleAsync(parse.GetValue(video)!.FullName, parse.GetValue(metadata)?.FullName, ct);
            foreach (var message in result.Messages)
            {
                await output.WriteLineAsync(message);
            }

            await output.WriteLineAsync(result.Succeeded ? $"Imported film '{result.Slug}'." : "Nothing was imported.");
            return result.Succeeded ? 0 : 1;
        });
        var films = new Command("films", "Film library tools.") { import };

        root.Subcommands.Add(serve);
        root.Subcommands.Add(subtitles);
        root.Subcommands.Add(films);
        root.Subcommands.Add(SurveyCommands.Build(output));
        root.Subcommands.Add(OpinionCommands.Build(output));
        var retentionRun = new Command("run", "Remove the raw audience data (votes, phone tokens, unaccepted proposals, authorship) of screenings closed more than Retention:RawAudienceDataDays days ago, once, now.");
        retentionRun.SetAction(async (_, ct) =>
        {
            await using var scope = await StartAsync(ct);
            var result = await scope.ServiceProvider.GetRequiredService<RetentionWorker>().RunOnceAsync(ct);
            await output.WriteLineAsync(result.Screenings == 0
                ? "No screening is due; nothing was removed."
                : $"Raw audience data removed from {result.Screenings} screening(s): {result.Votes} vote(s), {result.Proposals} unaccepted proposal(s), {result.Participants} phone token(s).");
            return 0;
        });
        var retention = new Command("retention", "Data retention.") { retentionRun };

        var backupFile = new Argument<FileInfo>("FILE") { Description = "The backup file (SQLite: a database file; PostgreSQL: a pg_dump custom-format archive)." };
        var backup = new Command("backup", "Back the database up to FILE while the server may run (SQLite online backup; PostgreSQL pg_dump --format=custom). Media files are not included.") { backupFile };
        backup.SetAction(async (parse, ct) =>
        {
            await using var scope = await StartAsync(ct);
            var outcome = await scope.ServiceProvider.GetRequiredService<DatabaseBackup>().BackupAsync(parse.GetValue(backupFile)!.FullName, ct);
            await output.WriteLineAsync(outcome.Message);
            return outcome.Succeeded ? 0 : 1;
        });

        var restoreFile = new Argument<FileInfo>("FILE") { Description = "A file written by backup (with the same database provider)." };
        var force = new Option<bool>("--force") { Description = "Replace the contents of a database that already holds data." };
        var restore = new Command("restore", "Restore the database from FILE written by backup. Refuses a database that holds data unless --force. Stop the server first.") { restoreFile, force };
        restore.SetAction(async (parse, ct) =>
        {
            await using var scope = await StartAsync(ct);
            var outcome = await scope.ServiceProvider.GetRequiredService<DatabaseBackup>().RestoreAsync(parse.GetValue(restoreFile)!.FullName, parse.GetValue(force), ct);
            await output.WriteLineAsync(outcome.Message);
            return outcome.Succeeded ? 0 : 1;
        });

        root.Subcommands.Add(retention);
        root.Subcommands.Add(FieldCommands.Build(output, StartAsync));
        root.Subcommands.Add(backup);
        root.Subcommands.Add(restore);
        root.Subcommands.Add(migrate);
        root.Subcommands.Add(seedDemo);
        root.Subcommands.Add(createAdmin);
        return root;
    }

    /// <summary>Builds the application's services (not the server) quietly, and opens a scope.</summary>
    private static Task<AsyncServiceScope> StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var app = KinodialogApplication.Build([], builder =>
        {
            // Commands print their own results; only warnings and errors are logged.
            builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
        });
        return Task.FromResult(app.Services.CreateAsyncScope());
    }
}
