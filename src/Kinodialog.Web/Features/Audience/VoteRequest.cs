using System.Text.Json;

namespace Kinodialog.Web.Features.Audience;

/// <summary>
/// The body of <c>POST /api/audience/{code}/votes</c>: one vote <c>{id, statement, vote}</c>, or an
/// array of them (a phone's outbox). Read by hand rather than bound, so that a vote that does not
/// read is named by its index and field.
/// </summary>
public sealed record VoteRequest(bool IsArray, IReadOnlyList<AudienceDialogue.VoteCommand> Votes)
{
    /// <summary>Enough for <see cref="AudienceDialogue.MaxVotesPerRequest"/> votes, generously spaced.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>The <see cref="VoteProblem.Field"/> of a body over <see cref="MaxBodyBytes"/>.</summary>
    public const string TooLarge = "(body)";

    /// <summary>The votes, or what is wrong with the body.</summary>
    public static async Task<(VoteRequest? Request, VoteProblem? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 4 }, cancellationToken);
        }
        catch (JsonException)
        {
            return (null, Unreadable);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Over the endpoint's body limit: an answer (413), not an error of the server.
            return (null, new VoteProblem(null, TooLarge, $"A request carries at most {MaxBodyBytes / 1024} KB of votes."));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var (vote, field) = Read(root);
                return vote is null ? (null, new VoteProblem(null, field, $"The vote has no readable {field}.")) : (new VoteRequest(false, [vote]), null);
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                return (null, Unreadable);
            }

            var count = root.GetArrayLength();
            if (count is 0 or > AudienceDialogue.MaxVotesPerRequest)
            {
                return (null, new VoteProblem(null, null, $"Expected 1 to {AudienceDialogue.MaxVotesPerRequest} votes, got {count}."));
            }

            var votes = new AudienceDialogue.VoteCommand[count];
            var index = 0;
            foreach (var item in root.EnumerateArray())
            {
                var (vote, field) = Read(item);
                if (vote is null)
                {
                    return (null, new VoteProblem(index, field, field is null ? $"Vote {index} is not an object." : $"Vote {index} has no readable {field}."));
                }

                votes[index++] = vote;
            }

            return (new VoteRequest(true, votes), null);
        }
    }

    private static readonly VoteProblem Unreadable = new(null, null, "Expected {id, statement, vote: 1|-1|0} or an array of them.");

    /// <summary>One vote: the first field missing or of the wrong type is named (property names match case-insensitively, as the bound single vote did).</summary>
    private static (AudienceDialogue.VoteCommand? Vote, string? Field) Read(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        Guid? id = null, statement = null;
        int? value = null;
        foreach (var property in item.EnumerateObject())
        {
            var v = property.Value;
            if (Is(property, "id"))
            {
                id = v.ValueKind == JsonValueKind.String && v.TryGetGuid(out var g) ? g : null;
            }
            else if (Is(property, "statement"))
            {
                statement = v.ValueKind == JsonValueKind.String && v.TryGetGuid(out var g) ? g : null;
            }
            else if (Is(property, "vote"))
            {
                value = v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;
            }
        }

        return (id, statement, value) switch
        {
            (null, _, _) => (null, "id"),
            (_, null, _) => (null, "statement"),
            (_, _, null) => (null, "vote"),
            ({ } i, { } s, { } n) => (new AudienceDialogue.VoteCommand(i, s, n), null),
        };
    }

    private static bool Is(JsonProperty property, string name) =>
        property.NameEquals(name) || string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Why a request's votes were refused: which vote (<see cref="Index"/>, in an array) and which field, when known.</summary>
public sealed record VoteProblem(int? Index, string? Field, string Detail);
