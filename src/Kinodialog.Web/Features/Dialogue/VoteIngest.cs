using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Data.Sqlite;
using Kinodialog.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>
/// Writes votes in batches (group commit, <see cref="GroupCommitWriter{TItem, TResult}"/>): a request
/// is acknowledged only after the transaction holding its votes has committed. A request's votes are
/// always in the same transaction (all stored or none). A repeated vote id (a phone retrying) is
/// stored once. The writer stamps each vote's time just before storing it, a microsecond apart in
/// the order the votes are stored, so that votes are stamped in commit order: a vote committed later
/// never carries an earlier time than one committed before it (which <see cref="VoteLog"/> relies on
/// to read only new votes).
/// </summary>
public sealed class VoteIngest : BackgroundService
{
    /// <summary>Votes per transaction (a request's votes are never split, so a batch may exceed this by less than a request).</summary>
    private const int MaxBatch = 2000;

    /// <summary>Rows per INSERT statement: SQLite looks parameters up by name in a list, so a statement of hundreds of rows costs more per row.</summary>
    private const int RowsPerStatement = 25;

    private readonly IServiceScopeFactory _scopes;
    private readonly DialogueRecompute _recompute;
    private readonly TimeProvider _clock;
    private readonly GroupCommitWriter<IReadOnlyList<Vote>, bool[]> _writer;

    /// <summary>The time given to the last vote stored (only the writer's loop touches it).</summary>
    private DateTime _stamped = DateTime.MinValue;

    public VoteIngest(IServiceScopeFactory scopes, DialogueRecompute recompute, TimeProvider clock, SqliteCheckpointing checkpointing, ILogger<VoteIngest> logger)
    {
        _scopes = scopes;
        _recompute = recompute;
        _clock = clock;
        _writer = new GroupCommitWriter<IReadOnlyList<Vote>, bool[]>(
            WriteAsync,
            MaxBatch,
            logger,
            "request(s) of votes",
            weight: votes => votes.Count,
            // One request's votes cannot be stored (say its screening was deleted meanwhile): the
            // others must not fail with it, so write request by request.
            retryOneByOne: exception => exception is DbException,
            committed: (requests, _, _) =>
            {
                foreach (var screening in requests.SelectMany(votes => votes).Select(v => v.ScreeningId).Distinct())
                {
                    _recompute.Notify(screening);
                }

                return Task.CompletedTask;
            },
            checkpointing: checkpointing);
    }

    /// <summary>Per vote, in order: true when stored now, false when this id was stored before.</summary>
    public Task<bool[]> SubmitAsync(IReadOnlyList<Vote> votes, CancellationToken cancellationToken) => _writer.SubmitAsync(votes, cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _writer.RunAsync(stoppingToken);

    private async Task<IReadOnlyList<bool[]>> WriteAsync(IReadOnlyList<IReadOnlyList<Vote>> batch, CancellationToken cancellationToken)
    {
        // Each id once: a later copy in the batch (a phone's retry that caught up) is a duplicate.
        var results = new bool[batch.Count][];
        var fresh = new List<Vote>();
        var seen = new HashSet<Guid>();
        for (var i = 0; i < batch.Count; i++)
        {
            var votes = batch[i];
            results[i] = new bool[votes.Count];
            foreach (var vote in votes)
            {
                if (seen.Add(vote.Id))
                {
                    fresh.Add(vote);
                }
            }
        }

        Stamp(fresh);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KinodialogDbContext>();
        var stored = await InsertNewAsync(db, fresh, cancellationToken);
        foreach (var screening in fresh.Where(v => stored.Contains(v.Id)).GroupBy(v => v.ScreeningId))
        {
            _recompute.Observe(screening.Key, screening.Select(v => new DialogueData.VoteRow(v.Id, v.ParticipantId, v.StatementId, v.Value, v.CreatedAt)));
        }
        for (var i = 0; i < batch.Count; i++)
        {
            var votes = batch[i];
            for (var j = 0; j < votes.Count; j++)
            {
                // Remove: only the first copy of an id in the batch was inserted.
                results[i][j] = stored.Remove(votes[j].Id);
            }
        }

        return results;
    }

    /// <summary>
    /// Gives the votes the time now, a microsecond apart in their order (the precision both
    /// databases keep), always after the last vote stamped, even if the clock was set back.
    /// </summary>
    private void Stamp(List<Vote> votes)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var next = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
        if (next <= _stamped)
        {
            next = _stamped.AddTicks(TimeSpan.TicksPerMicrosecond);
        }

        foreach (var vote in votes)
        {
            vote.CreatedAt = next;
            _stamped = next;
            next = next.AddTicks(TimeSpan.TicksPerMicrosecond);
        }
    }

    /// <summary>
    /// One transaction of <c>INSERT … VALUES (…), (…) ON CONFLICT (Id) DO NOTHING RETURNING Id</c>
    /// statements of <see cref="RowsPerStatement"/> rows (SQLite and PostgreSQL alike): the ids stored
    /// before are found by the insert itself rather than by a query first, and no entity is tracked.
    /// Returns the ids inserted. Parameters come from the model's type mappings (ids as text on
    /// SQLite, uuid on PostgreSQL; the UTC converter of dates).
    /// </summary>
    private static async Task<HashSet<Guid>> InsertNewAsync(KinodialogDbContext db, List<Vote> votes, CancellationToken cancellationToken)
    {
        var stored = new HashSet<Guid>(votes.Count);
        if (votes.Count == 0)
        {
            return stored;
        }

        var columns = VoteColumns.For(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // One command for every full statement of the batch: its SQL is prepared once.
            DbCommand? full = null;
            try
            {
                for (var start = 0; start < votes.Count; start += RowsPerStatement)
                {
                    var rows = Math.Min(RowsPerStatement, votes.Count - start);
                    DbCommand command;
                    if (rows == RowsPerStatement)
                    {
                        full ??= CreateCommand(db, transaction, columns.InsertSql(rows));
                        command = full;
                    }
                    else
                    {
                        command = CreateCommand(db, transaction, columns.InsertSql(rows));
                    }

                    try
                    {
                        command.Parameters.Clear();
                        for (var i = 0; i < rows; i++)
                        {
                            var vote = votes[start + i];
                            for (var c = 0; c < columns.Properties.Length; c++)
                            {
                                command.Parameters.Add(columns.Mappings[c].CreateParameter(command, columns.ParameterName(i, c), columns.Properties[c].GetGetter().GetClrValue(vote), nullable: false));
                            }
                        }

                        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                        while (await reader.ReadAsync(cancellationToken))
                        {
                            stored.Add(reader.GetFieldValue<Guid>(0));
                        }
                    }
                    finally
                    {
                        if (command != full)
                        {
                            await command.DisposeAsync();
                        }
                    }
                }
            }
            finally
            {
                if (full is not null)
                {
                    await full.DisposeAsync();
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return stored;
    }

    private static DbCommand CreateCommand(KinodialogDbContext db, IDbContextTransaction transaction, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = sql;
        return command;
    }

    /// <summary>The Votes table's columns as the model maps them (worked out once per model: SQLite's and PostgreSQL's differ).</summary>
    private sealed record VoteColumns(IProperty[] Properties, RelationalTypeMapping[] Mappings, ISqlGenerationHelper Sql, string Insert, string Returning)
    {
        private static readonly ConditionalWeakTable<IModel, VoteColumns> Cache = [];

        /// <summary>Parameter names by row and column (p0, p1, … as the provider writes them).</summary>
        private readonly string[][] _names = [.. Enumerable.Range(0, RowsPerStatement).Select(row => Properties
            .Select((_, c) => Sql.GenerateParameterName(string.Create(CultureInfo.InvariantCulture, $"p{(row * Properties.Length) + c}"))).ToArray())];

        /// <summary>The INSERT statement by its number of rows (1 to <see cref="RowsPerStatement"/>).</summary>
        private readonly string?[] _sql = new string?[RowsPerStatement + 1];

        public string ParameterName(int row, int column) => _names[row][column];

        public string InsertSql(int rows) => _sql[rows] ??= BuildSql(rows);

        private string BuildSql(int rows)
        {
            var sql = new StringBuilder(Insert);
            for (var row = 0; row < rows; row++)
            {
                sql.Append(row == 0 ? "(" : ", (");
                for (var c = 0; c < Properties.Length; c++)
                {
                    sql.Append(c == 0 ? "" : ", ").Append(Sql.GenerateParameterNamePlaceholder(string.Create(CultureInfo.InvariantCulture, $"p{(row * Properties.Length) + c}")));
                }

                sql.Append(')');
            }

            return sql.Append(Returning).ToString();
        }

        public static VoteColumns For(KinodialogDbContext db) => Cache.GetValue(db.Model, _ =>
        {
            var entity = db.Model.FindEntityType(typeof(Vote))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            var properties = new[] { nameof(Vote.Id), nameof(Vote.ScreeningId), nameof(Vote.ParticipantId), nameof(Vote.StatementId), nameof(Vote.Value), nameof(Vote.CreatedAt) }
                .Select(n => entity.FindProperty(n)!).ToArray();
            var names = properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)).ToArray();
            return new VoteColumns(
                properties,
                [.. properties.Select(p => (RelationalTypeMapping)p.GetTypeMapping())],
                sql,
                $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", names)}) VALUES ",
                $" ON CONFLICT ({names[0]}) DO NOTHING RETURNING {names[0]}");
        });
    }

}
