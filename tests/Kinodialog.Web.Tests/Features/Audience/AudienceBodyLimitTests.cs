using System.Net;
using System.Text;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Features.Audience;

/// <summary>Issue 14: audience bodies are limited before they are read, and an oversized one is an answer (413), not a server error.</summary>
public sealed class AudienceBodyLimitTests(RecordingSqliteFactory factory) : IClassFixture<RecordingSqliteFactory>
{
    private static StringContent ManyVotes(int count)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"id\":\"").Append(Guid.CreateVersion7()).Append("\",\"statement\":\"").Append(Guid.CreateVersion7()).Append("\",\"vote\":1}");
        }

        return new StringContent(json.Append(']').ToString(), Encoding.UTF8, "application/json");
    }

    [Fact]
    public async Task A_votes_body_over_64_KB_answers_413_and_logs_no_error()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (_, code) = await OpenScreeningAsync(factory, organiser);
        using var phone = await JoinAsync(factory, code);
        using var content = ManyVotes(1000);
        Assert.True(content.Headers.ContentLength > 64 * 1024);
        factory.Logs.Entries.Clear(); // what the app logged while starting is not this test's

        using var response = await phone.Http.PostAsync(new Uri($"/api/audience/{code}/votes", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(!factory.Logs.Entries.Any(e => e.Level >= LogLevel.Error), string.Join("\n", factory.Logs.Entries));
    }

    [Fact]
    public async Task A_large_answers_body_is_refused_before_it_is_read()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (_, code) = await OpenScreeningAsync(factory, organiser);
        using var phone = await JoinAsync(factory, code);

        factory.Logs.Entries.Clear(); // what the app logged while starting is not this test's
        var joined = new CountingContent(24 * 1024 * 1024, "application/json");
        using var tooLarge = await phone.Http.PostAsync(new Uri($"/api/audience/{code}/answers", UriKind.Relative), joined);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.True(joined.Sent < 4 * 1024 * 1024, $"{joined.Sent} bytes were taken");

        using var stranger = TestClient.Create(factory);
        var unjoined = new CountingContent(24 * 1024 * 1024, "application/json");
        using var notFound = await stranger.Http.PostAsync(new Uri($"/api/audience/{code}/answers", UriKind.Relative), unjoined);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.True(unjoined.Sent < 4 * 1024 * 1024, $"{unjoined.Sent} bytes were taken");
        Assert.True(!factory.Logs.Entries.Any(e => e.Level >= LogLevel.Error), string.Join("\n", factory.Logs.Entries));
    }
}
