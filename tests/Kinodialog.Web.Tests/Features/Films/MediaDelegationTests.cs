using System.Net;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kinodialog.Web.Tests.Features.Films;

public sealed class MediaDelegationTests
{
    [Fact]
    public async Task With_a_reverse_proxy_configured_media_requests_are_handed_over_with_X_Accel_Redirect()
    {
        var factory = new SqliteFactory { Settings = { ["Films:AccelRedirectLocation"] = "/internal-media/" } };
        await factory.InitializeAsync();
        try
        {
            var storage = factory.Services.GetRequiredService<MediaStorage>();
            var filmId = Guid.NewGuid();
            var source = Path.Combine(storage.Root, "source.bin");
            Directory.CreateDirectory(storage.Root);
            await File.WriteAllBytesAsync(source, new byte[4096]);
            var relative = storage.Store(source, filmId, new string('a', 64), "mp4");

            using var client = TestClient.Create(factory);
            var response = await client.Http.GetAsync(MediaStorage.Url(relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("/internal-media/" + relative["films/".Length..], response.Headers.GetValues("X-Accel-Redirect").Single());
            Assert.Equal("video/mp4", response.Content.Headers.ContentType!.MediaType);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());

            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/media/films/{filmId:N}/missing.mp4")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/media/films/%2e%2e/%2e%2e/test.db")).StatusCode);
            Assert.False((await client.Http.GetAsync("/media/films/%2e%2e/%2e%2e/test.db")).Headers.Contains("X-Accel-Redirect"));
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }
}
