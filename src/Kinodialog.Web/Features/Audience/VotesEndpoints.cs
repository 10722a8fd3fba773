using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kinodialog.Web.Features.Audience;

/// <summary>The phone's votes and its stream of newly accepted statements.</summary>
public static class VotesEndpoints
{
    /// <summary>The phone's dialogue endpoints, inside the audience group (which lets only joined phones through).</summary>
    public static RouteGroupBuilder MapVotes(this RouteGroupBuilder audience)
    {
        ArgumentNullException.ThrowIfNull(audience);
        audience.MapPost("/votes", VoteAsync).WithMetadata(new RequestSizeLimitAttribute(VoteRequest.MaxBodyBytes));
        audience.MapGet("/dialogue/events", (HttpContext context, PhoneStatementEvents statements, Guid? showing, string? culture) =>
            statements.Handle(context, showing, culture));
        return audience;
    }

    public sealed record VoteResponse([property: JsonPropertyName("id")] Guid Id, [property: JsonPropertyName("stored")] bool Stored);

    /// <summary>
    /// One vote <c>{id, statement, vote}</c> from a phone's script, answered <c>{id, stored}</c>; or an
    /// array of up to <see cref="AudienceDialogue.MaxVotesPerRequest"/> (a phone's outbox), answered
    /// with an array of <c>{id, stored}</c> in the same order. Answered after the commit; a repeated
    /// id is acknowledged as <c>stored: false</c> without storing twice; one invalid vote and none
    /// of the request is stored (400 naming its index and field).
    /// </summary>
    private static async Task<Results<Ok<VoteResponse>, Ok<VoteResponse[]>, ProblemHttpResult, EmptyHttpResult>> VoteAsync(HttpContext context, AudienceDialogue dialogue, PhoneVoteBudget budget, CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the votes as application/json");
        }

        var (request, problem) = await VoteRequest.ReadAsync(context.Request, cancellationToken);
        if (request is null)
        {
            return problem!.Field == VoteRequest.TooLarge
                ? TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many votes in one request", detail: problem.Detail)
                : Invalid(problem, "Unreadable vote");
        }

        var phone = context.JoinedPhone();
        var (screening, participant) = (phone.Screening, phone.ParticipantId);
        if (!screening.Open)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The screening is not open");
        }

        var votes = request.Votes;
        using var lease = await budget.TakeAsync(AudienceRateLimits.PhoneKey(context) ?? phone.Token, votes.Count, cancellationToken);
        if (!lease.IsAcquired)
        {
            await AudienceRateLimits.RejectAsync(context, lease, cancellationToken);
            return TypedResults.Empty;
        }

        var result = await dialogue.VoteAsync(screening, participant, votes, cancellationToken);
        switch (result.Outcome)
        {
            case AudienceDialogue.VoteOutcome.Stored or AudienceDialogue.VoteOutcome.Quiet:
                if (!request.IsArray)
                {
                    return TypedResults.Ok(new VoteResponse(votes[0].Id, result.Stored[0]));
                }

                var answers = new VoteResponse[votes.Count];
                for (var i = 0; i < answers.Length; i++)
                {
                    answers[i] = new VoteResponse(votes[i].Id, result.Stored[i]);
                }

                return TypedResults.Ok(answers);
            case AudienceDialogue.VoteOutcome.Closed:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The dialogue is not open");
            default:
                var index = request.IsArray && result.InvalidIndex >= 0 ? result.InvalidIndex : (int?)null;
                var what = index is null ? "The vote" : $"Vote {index}";
                var detail = result.InvalidField switch
                {
                    "statement" => $"{what} is for a statement that is not (or no longer) accepted in this screening.",
                    "vote" => $"{what} must be 1 (agree), -1 (disagree) or 0 (pass).",
                    "id" => $"{what} needs an id (a UUID made by the phone).",
                    _ => $"Expected 1 to {AudienceDialogue.MaxVotesPerRequest} votes.",
                };
                return Invalid(new VoteProblem(index, result.InvalidField, detail), "Invalid vote");
        }
    }

    /// <summary>400 naming the vote (index, in an array) and field; nothing of the request was stored.</summary>
    private static ProblemHttpResult Invalid(VoteProblem problem, string title)
    {
        var extensions = new Dictionary<string, object?>();
        if (problem.Index is { } index)
        {
            extensions["index"] = index;
        }

        if (problem.Field is { } field)
        {
            extensions["field"] = field;
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: problem.Detail, extensions: extensions);
    }
}
