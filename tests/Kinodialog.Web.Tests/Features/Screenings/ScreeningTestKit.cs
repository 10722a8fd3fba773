using System.Net;
using Kinodialog.Web.Tests.Features.Films;
using Kinodialog.Web.Tests.Infrastructure;

namespace Kinodialog.Web.Tests.Features.Screenings;

public static class ScreeningTestKit
{
    /// <summary>Plans a screening through the form, as an organiser would; returns its id.</summary>
    public static async Task<Guid> PlanAsync(TestClient organiser, IReadOnlyList<Guid> films, string start = "2030-05-17T19:00", string zone = "Asia/Baku",
        bool isPublic = false, string title = "Evening of films", string country = "Azerbaijan", string culture = "en", IReadOnlyList<string>? audienceCultures = null)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.Title", title), new("Input.LocalStart", start), new("Input.TimeZoneId", zone), new("Input.Venue", "Library hall"),
            new("Input.City", "Baku"), new("Input.Country", country), new("Input.EventCulture", "ru"), new("Input.SubtitleCulture", "hy"),
            new("Input.DiscussionMinutes", "40"), new("Input.Facilitators", "Leyla, Ani"), new("Input.AudienceType", "students"),
            new("Input.ExpectedSize", "30"), new("Input.Status", "Planned"),
        };
        foreach (var language in audienceCultures ?? [])
        {
            fields.Add(new("Input.AudienceCultures", language));
        }

        if (isPublic)
        {
            fields.Add(new("Input.IsPublic", "true"));
        }

        for (var i = 0; i < films.Count; i++)
        {
            fields.Add(new($"Input.FilmIds[{i}]", films[i].ToString()));
        }

        var response = await organiser.PostFormAsync($"/{culture}/screenings/new", fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    public static async Task<IReadOnlyList<Guid>> FilmsAsync(KinodialogFactory factory, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await FilmTestKit.CreateFilmAsync(factory, FilmTestKit.NewSlug()));
        }

        return ids;
    }
}
