using System.Globalization;
using System.IO.Compression;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kinodialog.Core.Localization;
using Kinodialog.Core.Opinions;
using Kinodialog.Core.Screenings;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Screenings;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>A dialogue in the four Polis open-data files.</summary>
public sealed record PolisFiles(string Title, string Votes, string Comments, string ParticipantsVotes, string Summary)
{
    public static IReadOnlyList<string> Names { get; } = [PolisImport.CommentsFile, PolisImport.VotesFile, PolisImport.ParticipantsVotesFile, PolisImport.SummaryFile];

    public string? File(string name) => name switch
    {
        PolisImport.VotesFile => Votes,
        PolisImport.CommentsFile => Comments,
        PolisImport.ParticipantsVotesFile => ParticipantsVotes,
        PolisImport.SummaryFile => Summary,
        _ => null,
    };

    /// <summary>The four files in one zip archive (UTF-8, fixed entry times so the same dialogue gives the same bytes).</summary>
    public byte[] Zip()
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in Names)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                var bytes = Encoding.UTF8.GetBytes(File(name)!);
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }
}

/// <summary>
/// Exports any screening's dialogue in the Polis open-data formats: every vote event of participants
/// who are not banned, every statement with its moderation, the groups of the map as it stands
/// (computed from the stored state, so it matches the projector). Voter ids are numbers in the
/// order people joined (or the ids of an imported conversation); nothing else about anyone — no
/// community, no language — leaves in the files.
/// </summary>
public sealed class ExportPolisDialogue(KinodialogDbContext db, ScreeningAccess access)
{
    public async Task<PolisFiles?> HandleAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var title = await access.For(user).AsNoTracking().Where(s => s.Id == id).Select(s => s.Title).FirstOrDefaultAsync(cancellationToken);
        if (title is null)
        {
            return null;
        }

        var loaded = await DialogueData.LoadAsync(db, id, acceptedOnly: false, cancellationToken);
        var numbers = VoterNumbers(loaded);

        // Rows in voter-id order; the engine's result does not depend on the order of participants.
        var data = new DialogueData { Statements = loaded.Statements, Participants = [.. loaded.Participants.OrderBy(p => numbers[p.Id])], Votes = loaded.Votes };
        var stateJson = await db.DialogueStates.AsNoTracking().Where(d => d.ScreeningId == id).Select(d => d.StateJson).FirstOrDefaultAsync(cancellationToken);
        var state = string.IsNullOrEmpty(stateJson) ? null : JsonSerializer.Deserialize<OpinionState>(stateJson);
        var result = OpinionEngine.Compute(data.Input(DialogueData.EngineId), state, OpinionOptions.Default);

        string Voter(Guid participant) => numbers[participant].ToString(CultureInfo.InvariantCulture);
        var output = data.Input(p => Voter(p.Id));
        var banned = data.Participants.Where(p => p.Banned).Select(p => p.Id).ToHashSet();
        var statementNumber = data.Statements.ToDictionary(s => s.Id, s => s.Number);
        var exportedVotes = data.Votes.Where(v => !banned.Contains(v.ParticipantId)).ToList();
        var times = Times(data.Statements, exportedVotes, statementNumber, numbers);
        var comments = data.Statements.Select(s => new PolisComment(
            s.Number.ToString(CultureInfo.InvariantCulture),
            times[s.Id],
            s.ParticipantId is Guid author ? Voter(author) : string.Empty,
            0,
            0,
            s.Status switch { StatementStatus.Accepted => 1, StatementStatus.Rejected => -1, _ => 0 },
            s.IsMeta,
            s.ParticipantId is null,
            null,
            s.Text)).ToList();

        var votes = exportedVotes.OrderBy(v => times[v.Id])
            .Select(v => new PolisVote(times[v.Id], statementNumber[v.StatementId].ToString(CultureInfo.InvariantCulture), numbers[v.ParticipantId].ToString(CultureInfo.InvariantCulture), v.Value));

        return new PolisFiles(
            title,
            Write(w => PolisExport.WriteVotes(w, votes)),
            Write(w => PolisExport.WriteComments(w, output, result, comments)),
            Write(w => PolisExport.WriteParticipantsVotes(w, output, result, comments)),
            Write(w => PolisExport.WriteSummary(w, output, result, topic: title, comments: comments)));
    }

    /// <summary>Imported voter ids where there are any; otherwise 0, 1, 2… in the order people joined, those who took part first.</summary>
    private static Dictionary<Guid, int> VoterNumbers(DialogueData data)
    {
        var active = data.Votes.Select(v => v.ParticipantId).Concat(data.Statements.Where(s => s.ParticipantId is not null).Select(s => s.ParticipantId!.Value)).ToHashSet();
        var numbers = new Dictionary<Guid, int>();
        var next = 0;
        foreach (var p in data.Participants.Where(p => p.Number is not null))
        {
            numbers[p.Id] = p.Number!.Value;
            next = Math.Max(next, p.Number.Value + 1);
        }

        foreach (var p in data.Participants.Where(p => p.Number is null).OrderBy(p => !active.Contains(p.Id)).ThenBy(p => p.JoinedAt).ThenBy(p => p.Id))
        {
            numbers[p.Id] = next++;
        }

        return numbers;
    }

    /// <summary>
    /// The timestamp each statement and vote shows in the files: its day and its place in the order of
    /// events (<see cref="PolisTimes"/>), never the clock time. Events in the same millisecond are ordered
    /// statements first, then by statement number, voter number, stored time and id.
    /// </summary>
    private static Dictionary<Guid, long> Times(IEnumerable<DialogueData.StatementRow> statements, IEnumerable<DialogueData.VoteRow> votes, Dictionary<Guid, int> statementNumber, Dictionary<Guid, int> voterNumber)
    {
        var events = statements.Select(s => (s.Id, Ms: Milliseconds(s.CreatedAt), Kind: 0, Statement: s.Number, Voter: -1, At: s.CreatedAt))
            .Concat(votes.Select(v => (v.Id, Ms: Milliseconds(v.CreatedAt), Kind: 1, Statement: statementNumber[v.StatementId], Voter: voterNumber[v.ParticipantId], At: v.CreatedAt)))
            .OrderBy(e => e.Ms).ThenBy(e => e.Kind).ThenBy(e => e.Statement).ThenBy(e => e.Voter).ThenBy(e => e.At).ThenBy(e => e.Id)
            .ToList();
        var coarse = PolisTimes.DayAndOrder(events.ConvertAll(e => e.Ms));
        var times = new Dictionary<Guid, long>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            times[events[i].Id] = coarse[i];
        }

        return times;
    }

    public static long Milliseconds(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static string Write(Action<TextWriter> write)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        write(writer);
        return writer.ToString();
    }
}

/// <summary>
/// Imports a Polis open-data export as a read-only dialogue: a closed screening of the importing
/// organiser with the conversation's statements (in the language the importer names), voters as
/// anonymous participants (the Polis voter id kept as their number, no token anyone holds) and every
/// vote event. Everything is checked before anything is stored; the map is computed at once.
/// </summary>
public sealed class ImportPolisDialogue(KinodialogDbContext db, DialogueRecompute recompute, TimeProvider clock)
{
    public const string Source = "polis";

    /// <summary>The largest file (or zip) accepted.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>Longest statement text stored (Polis allows longer comments than our phones' 140 characters).</summary>
    public const int MaxStatementLength = 500;

    /// <summary>What the organiser sent: a zip of the export folder, or the files one by one.</summary>
    public sealed record Command(string? Title, string? Culture, string? Comments, string? Votes, string? Summary);

    public sealed record Result(Guid? ScreeningId, IReadOnlyList<PolisImportError> Errors, int Statements = 0, int Participants = 0, int Votes = 0, int Unmoderated = 0);

    /// <summary>Reads the files of a zip archive by name (in any folder of it); null when it is not a zip.</summary>
    public static Dictionary<string, string>? Unzip(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in archive.Entries)
            {
                var name = entry.Name;
                if (!PolisFiles.Names.Contains(name, StringComparer.OrdinalIgnoreCase) || entry.Length > MaxBytes || files.ContainsKey(name))
                {
                    continue;
                }

                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                files[name] = reader.ReadToEnd();
            }

            return files;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    public async Task<Result> HandleAsync(Command command, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Comments is null || command.Votes is null)
        {
            var missing = command.Comments is null ? PolisImport.CommentsFile : PolisImport.VotesFile;
            return new Result(null, [new PolisImportError(missing, 0, PolisImportProblem.EmptyFile)]);
        }

        var culture = SupportedCultures.Find(command.Culture)?.Name ?? SupportedCultures.Default.Name;
        using var comments = new StringReader(command.Comments);
        using var votesReader = new StringReader(command.Votes);
        using var summary = command.Summary is null ? null : new StringReader(command.Summary);
        var outcome = PolisImport.Read(comments, votesReader, summary, MaxStatementLength);
        if (outcome.Conversation is not { } conversation)
        {
            return new Result(null, outcome.Errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var title = Shorten(command.Title?.Trim() is { Length: > 0 } given ? given : conversation.Topic.Length > 0 ? conversation.Topic : "Polis", 200);
        var first = conversation.Votes.Count > 0 ? conversation.Votes[0].Timestamp : conversation.Statements.Min(s => s.Timestamp);
        var screening = new Screening
        {
            OwnerId = ScreeningAccess.UserId(user),
            Title = title,
            StartsAtUtc = At(first),
            TimeZoneId = "UTC",
            EventCulture = culture,
            Status = ScreeningStatus.Held,
            Stage = AudienceStage.Dialogue,
            FurthestStage = AudienceStage.Dialogue,
            ClosedAt = now,
            ImportedFrom = Source,
            Notes = Shorten(string.Join("\n", new[] { conversation.Url, conversation.Description }.Where(t => t.Length > 0)), 8000),
            CreatedAt = now,
            UpdatedAt = now,
        };

        var joined = new Dictionary<int, long>();
        foreach (var v in conversation.Votes)
        {
            joined.TryAdd(v.Voter, v.Timestamp);
        }

        var participants = new Dictionary<int, Participant>();
        foreach (var voter in conversation.Voters)
        {
            participants[voter] = new Participant
            {
                ScreeningId = screening.Id,
                TokenHash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
                Culture = culture,
                JoinedAt = At(joined.TryGetValue(voter, out var t) ? t : first),
                OnPhone = false,
                Number = voter,
            };
        }

        var statements = new Dictionary<int, Statement>();
        foreach (var s in conversation.Statements)
        {
            statements[s.Id] = new Statement
            {
                ScreeningId = screening.Id,
                ParticipantId = s.IsSeed || s.Author is null ? null : participants[s.Author.Value].Id,
                Text = s.Text,
                Culture = culture,
                Status = s.Moderated switch { 1 => StatementStatus.Accepted, -1 => StatementStatus.Rejected, _ => StatementStatus.Pending },
                IsMeta = s.IsMeta,
                Number = s.Id,
                CreatedAt = At(s.Timestamp),
            };
        }

        var ids = SequentialIds(now);
        var votes = conversation.Votes.Select(v => new Vote
        {
            Id = ids(),
            ScreeningId = screening.Id,
            ParticipantId = participants[v.Voter].Id,
            StatementId = statements[v.Statement].Id,
            Value = (sbyte)v.Value,
            CreatedAt = At(v.Timestamp),
        }).ToList();

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Screenings.Add(screening);
        db.Participants.AddRange(participants.Values);
        db.Statements.AddRange(statements.Values);
        db.Votes.AddRange(votes);
        db.ModerationActions.Add(new ModerationAction { ScreeningId = screening.Id, StaffUserId = screening.OwnerId, Action = "import-polis", CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        await recompute.ComputeAsync(screening.Id, cancellationToken);
        return new Result(screening.Id, [], statements.Count, participants.Count, votes.Count, conversation.Statements.Count(s => s.Moderated == 0));
    }

    /// <summary>
    /// Vote ids that sort in the order of the file: votes in the same millisecond count in that order
    /// (the latest is the last), as they did where they came from. One version-7 id gives the time and
    /// random bits; the last five bytes count up.
    /// </summary>
    private static Func<Guid> SequentialIds(DateTime now)
    {
        var bytes = new byte[16];
        Guid.CreateVersion7(new DateTimeOffset(now, TimeSpan.Zero)).TryWriteBytes(bytes, bigEndian: true, out _);
        long next = 0;
        return () =>
        {
            var n = next++;
            for (var i = 15; i >= 11; i--)
            {
                bytes[i] = (byte)(n & 0xFF);
                n >>= 8;
            }

            return new Guid(bytes, bigEndian: true);
        };
    }

    private static DateTime At(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime;

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length];
}
