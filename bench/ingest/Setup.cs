#:package AngleSharp

// Prepares a running Kinodialog server for the ingest benchmark over HTTP only, as people would:
// the administrator signs in, adds a film, plans a screening with it, opens joining and opens the
// pre-survey in run mode; then PHONES phones join with the code (each gets its own cookie).
// Writes into OUTPUT_DIRECTORY:
//   code       the join code
//   version    the questionnaire version id (the hidden "version" input of the phone's page)
//   tokens     one phone token (the value of cookie kd-p-CODE) per line
// Usage: dotnet run Setup.cs -- BASE_URL ADMIN_EMAIL ADMIN_PASSWORD PHONES OUTPUT_DIRECTORY
using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

if (args.Length != 5 || !int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out var phones) || phones < 1)
{
    await Console.Error.WriteLineAsync("usage: Setup.cs BASE_URL ADMIN_EMAIL ADMIN_PASSWORD PHONES OUTPUT_DIRECTORY");
    return 2;
}

var (baseUrl, email, password, output) = (new Uri(args[0]), args[1], args[2], args[4]);
Directory.CreateDirectory(output);

using var organiser = new Browser(baseUrl);
await organiser.SubmitAsync("/en/account/sign-in", new() { ["Email"] = email, ["Password"] = password }, expect: HttpStatusCode.Redirect);

// A film: the screening form asks for at least one (metadata only; no video needed here).
var slug = "ingest-bench-" + Guid.NewGuid().ToString("N")[..8];
var title = "Ingest bench " + slug[^8..];
await organiser.SubmitAsync("/en/films/new", new()
{
    ["Input.Slug"] = slug, ["Input.Year"] = "2024", ["Input.IsPublished"] = "true",
    ["Input.Texts[0].Culture"] = "en", ["Input.Texts[0].Title"] = title,
    ["Input.Texts[1].Culture"] = "hy", ["Input.Texts[1].Title"] = title,
    ["Input.Texts[2].Culture"] = "az-Latn", ["Input.Texts[2].Title"] = title,
    ["Input.Texts[3].Culture"] = "ru", ["Input.Texts[3].Title"] = title,
}, expect: HttpStatusCode.Redirect);

// The screening, planned through the form with that film chosen in the first film slot.
var form = await organiser.PageAsync("/en/screenings/new");
var filmId = form.QuerySelectorAll("select[name='Input.FilmIds[0]'] option")
    .FirstOrDefault(o => o.TextContent.Contains(title, StringComparison.Ordinal))?.GetAttribute("value")
    ?? throw new InvalidOperationException($"The film '{title}' is not offered on /en/screenings/new");
var start = TimeProvider.System.GetUtcNow().AddDays(1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
var planned = await organiser.SubmitAsync("/en/screenings/new", new()
{
    ["Input.Title"] = "Ingest benchmark evening", ["Input.LocalStart"] = start, ["Input.TimeZoneId"] = "UTC",
    ["Input.Venue"] = "Loopback hall", ["Input.City"] = "Baku", ["Input.Country"] = "Azerbaijan",
    ["Input.EventCulture"] = "en", ["Input.SubtitleCulture"] = "ru", ["Input.DiscussionMinutes"] = "40",
    ["Input.Facilitators"] = "Bench", ["Input.AudienceType"] = "mixed", ["Input.ExpectedSize"] = phones.ToString(CultureInfo.InvariantCulture),
    ["Input.Status"] = "Planned", ["Input.FilmIds[0]"] = filmId,
}, expect: HttpStatusCode.Redirect);
var screening = planned.Headers.Location!.OriginalString.Split('/').Last();

// Run mode: open joining now, then show the pre-survey on the phones.
var run = $"/en/screenings/{screening}/run";
await organiser.SubmitAsync(run, [], handler: "Open", expect: HttpStatusCode.Redirect);
await organiser.SubmitAsync(run, new() { ["stage"] = "PreSurvey" }, handler: "Stage", expect: HttpStatusCode.Redirect);
var code = (await organiser.PageAsync(run)).QuerySelector("[data-testid=run-join-code]")?.TextContent.Trim()
    ?? throw new InvalidOperationException("Run mode shows no join code after opening");

// The phones join with the code, a few at a time, each with its own cookie jar.
var tokens = new string[phones];
await Parallel.ForAsync(0, phones, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
{
    using var phone = new Browser(baseUrl);
    await phone.SubmitAsync("/en/join", new() { ["code"] = code }, expect: HttpStatusCode.Redirect);
    tokens[i] = phone.Cookie("kd-p-" + code) ?? throw new InvalidOperationException("Joining set no participant cookie");
});
if (tokens.Distinct(StringComparer.Ordinal).Count() != phones)
{
    throw new InvalidOperationException("Two phones got the same token");
}

// The questionnaire version the phone's page sends with its answers.
using var first = new Browser(baseUrl);
first.SetCookie("kd-p-" + code, tokens[0]);
var version = (await first.PageAsync($"/en/s/{code}")).QuerySelector("input[name=version]")?.GetAttribute("value")
    ?? throw new InvalidOperationException($"/en/s/{code} shows no survey form (is the pre-survey open?)");

await File.WriteAllTextAsync(Path.Combine(output, "code"), code + "\n");
await File.WriteAllTextAsync(Path.Combine(output, "version"), version + "\n");
await File.WriteAllLinesAsync(Path.Combine(output, "tokens"), tokens);
Console.WriteLine($"screening {screening}, code {code}, questionnaire version {version}, {phones} phones joined");
return 0;

/// <summary>A cookie-keeping client that reads pages and posts their forms with the antiforgery token.</summary>
internal sealed class Browser : IDisposable
{
    private static readonly HtmlParser Parser = new();
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;
    private readonly Uri _base;

    public Browser(Uri baseUrl)
    {
        _base = baseUrl;
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = baseUrl };
    }

    public async Task<IHtmlDocument> PageAsync(string url)
    {
        using var response = await _http.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}");
        }

        return Parser.ParseDocument(html);
    }

    /// <summary>Loads the page, takes its post form (the one for <paramref name="handler"/>, if given) and posts the fields with its token.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string url, Dictionary<string, string> fields, HttpStatusCode expect, string? handler = null)
    {
        var page = await PageAsync(url);
        var form = page.Forms.Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase))
            .First(f => handler is null
                ? !(f.GetAttribute("action") ?? "").Contains("sign-out", StringComparison.Ordinal)
                : (f.GetAttribute("action") ?? "").Contains("handler=" + handler, StringComparison.OrdinalIgnoreCase));
        var values = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
                ?? throw new InvalidOperationException($"No antiforgery token in the form on {url}"),
        };
        var action = form.GetAttribute("action");
        using var content = new FormUrlEncodedContent(values);
        var response = await _http.PostAsync(new Uri(string.IsNullOrEmpty(action) ? url : action, UriKind.Relative), content);
        if (response.StatusCode != expect)
        {
            var body = await response.Content.ReadAsStringAsync();
            var errors = Parser.ParseDocument(body).QuerySelector(".validation-summary-errors, [role=alert]")?.TextContent.Trim();
            throw new InvalidOperationException($"POST {url} answered {(int)response.StatusCode}, expected {(int)expect}: {errors}");
        }

        return response;
    }

    public string? Cookie(string name) => _cookies.GetAllCookies().FirstOrDefault(c => c.Name == name)?.Value;

    public void SetCookie(string name, string value) => _cookies.Add(new Cookie(name, value, "/", _base.Host));

    public void Dispose() => _http.Dispose();
}
