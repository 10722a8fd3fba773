namespace Kinodialog.Core.Opinions;

/// <summary>
/// The centred sparse vote matrix of one recompute: rows are the voting, non-banned participants in
/// a canonical order (first vote, then external id) so that results do not depend on how the caller
/// numbered participants; columns are the statements in the matrix.
/// </summary>
internal sealed class OpinionMatrix
{
    public const int ChunkCount = 64;

    private OpinionMatrix(OpinionInput input)
    {
        Input = input;
    }

    public OpinionInput Input { get; }

    /// <summary>Column of each statement, −1 when the statement is not in the matrix.</summary>
    public int[] ColumnOf { get; private set; } = [];

    public int[] ColumnStatement { get; private set; } = [];

    public bool[] ColumnZeroed { get; private set; } = [];

    /// <summary>m: the number of columns (zeroed compatibility columns included).</summary>
    public int M => ColumnStatement.Length;

    public int ZeroedCount { get; private set; }

    /// <summary>μ_j per column: mean observed vote (0 for a zeroed column).</summary>
    public double[] Mean { get; private set; } = [];

    /// <summary>Participant of each row, in canonical order.</summary>
    public int[] RowParticipant { get; private set; } = [];

    /// <summary>n_i per row (votes in the matrix, zeroed columns counted for everyone).</summary>
    public int[] RowVotes { get; private set; } = [];

    public int[] RowPtr { get; private set; } = [];

    public int[] EntryColumn { get; private set; } = [];

    /// <summary>The vote of each entry; its centred value is vote − Mean[column].</summary>
    public sbyte[] EntryVote { get; private set; } = [];

    public int Rows => RowParticipant.Length;

    public static OpinionMatrix Build(OpinionInput input, bool polisCompatibility, ParallelOptions parallel)
    {
        var matrix = new OpinionMatrix(input);
        var statementCount = input.StatementCount;
        var participantCount = input.ParticipantCount;

        // Which statements have at least one vote from a non-banned participant.
        var statementIndex = input.StatementIndexArray;
        var votedParts = new bool[ChunkCount][];
        Parallel.For(0, ChunkCount, parallel, chunk =>
        {
            var mine = votedParts[chunk] = new bool[statementCount];
            var (from, to) = ChunkRange(participantCount, chunk);
            for (var p = from; p < to; p++)
            {
                if (input.Participants[p].IsBanned)
                {
                    continue;
                }

                for (var k = input.RowStart(p); k < input.RowStart(p + 1); k++)
                {
                    mine[statementIndex[k]] = true;
                }
            }
        });
        var voted = new bool[statementCount];
        foreach (var part in votedParts)
        {
            for (var s = 0; s < statementCount; s++)
            {
                voted[s] |= part[s];
            }
        }

        var columnOf = new int[statementCount];
        var columns = new List<int>();
        var zeroed = new List<bool>();
        for (var s = 0; s < statementCount; s++)
        {
            var statement = input.Statements[s];
            var excluded = statement.IsMeta || statement.IsRejected;
            if (!voted[s] || (excluded && !polisCompatibility))
            {
                columnOf[s] = -1;
                continue;
            }

            columnOf[s] = columns.Count;
            columns.Add(s);
            zeroed.Add(excluded);
        }

        matrix.ColumnOf = columnOf;
        matrix.ColumnStatement = [.. columns];
        matrix.ColumnZeroed = [.. zeroed];
        var zeroedCount = 0;
        foreach (var z in matrix.ColumnZeroed)
        {
            zeroedCount += z ? 1 : 0;
        }

        matrix.ZeroedCount = zeroedCount;
        var m = matrix.M;

        // Rows: non-banned participants with a vote in the matrix, in canonical order.
        var rowList = new List<int>();
        for (var p = 0; p < participantCount; p++)
        {
            if (input.Participants[p].IsBanned)
            {
                continue;
            }

            for (var k = input.RowStart(p); k < input.RowStart(p + 1); k++)
            {
                if (columnOf[statementIndex[k]] >= 0)
                {
                    rowList.Add(p);
                    break;
                }
            }
        }

        var rows = rowList.ToArray();
        var keys = new long[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            keys[r] = input.FirstVoteTime(rows[r]);
        }

        Array.Sort(keys, rows);
        for (var start = 0; start < rows.Length;)
        {
            var end = start + 1;
            while (end < rows.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(rows, start, end - start, Comparer<int>.Create((a, b) =>
                    string.CompareOrdinal(input.Participants[a].ExternalId, input.Participants[b].ExternalId)));
            }

            start = end;
        }

        matrix.RowParticipant = rows;

        // Column sums for the means, accumulated per chunk of rows then in chunk order (deterministic).
        var values = input.VoteValueArray;
        var rowPtr = new int[rows.Length + 1];
        var rowVotes = new int[rows.Length];
        var zeroedColumns = matrix.ColumnZeroed;
        var sumParts = new long[ChunkCount][];
        Parallel.For(0, ChunkCount, parallel, chunk =>
        {
            var part = sumParts[chunk] = new long[m * 2];
            var (from, to) = ChunkRange(rows.Length, chunk);
            for (var r = from; r < to; r++)
            {
                var p = rows[r];
                var count = 0;
                for (var k = input.RowStart(p); k < input.RowStart(p + 1); k++)
                {
                    var c = columnOf[statementIndex[k]];
                    if (c >= 0 && !zeroedColumns[c])
                    {
                        count++;
                        part[c * 2] += values[k];
                        part[(c * 2) + 1]++;
                    }
                }

                rowVotes[r] = count;
            }
        });

        for (var r = 0; r < rows.Length; r++)
        {
            rowPtr[r + 1] = rowPtr[r] + rowVotes[r];
            rowVotes[r] += zeroedCount;
        }

        var sums = new long[m];
        var counts = new long[m];
        foreach (var part in sumParts)
        {
            for (var c = 0; c < m; c++)
            {
                sums[c] += part[c * 2];
                counts[c] += part[(c * 2) + 1];
            }
        }

        var mean = new double[m];
        for (var c = 0; c < m; c++)
        {
            mean[c] = counts[c] == 0 ? 0 : sums[c] / (double)counts[c];
        }

        var entryColumn = new int[rowPtr[^1]];
        var entryVote = new sbyte[rowPtr[^1]];
        Parallel.For(0, ChunkCount, parallel, chunk =>
        {
            var (from, to) = ChunkRange(rows.Length, chunk);
            for (var r = from; r < to; r++)
            {
                var p = rows[r];
                var at = rowPtr[r];
                for (var k = input.RowStart(p); k < input.RowStart(p + 1); k++)
                {
                    var c = columnOf[statementIndex[k]];
                    if (c >= 0 && !matrix.ColumnZeroed[c])
                    {
                        entryColumn[at] = c;
                        entryVote[at] = values[k];
                        at++;
                    }
                }
            }
        });

        matrix.Mean = mean;
        matrix.RowVotes = rowVotes;
        matrix.RowPtr = rowPtr;
        matrix.EntryColumn = entryColumn;
        matrix.EntryVote = entryVote;
        return matrix;
    }

    public static (int From, int To) ChunkRange(int length, int chunk)
    {
        var from = (int)((long)length * chunk / ChunkCount);
        var to = (int)((long)length * (chunk + 1) / ChunkCount);
        return (from, to);
    }
}
