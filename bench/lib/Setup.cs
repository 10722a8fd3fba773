#:package AngleSharp

// Prepares a running Kinodialog server for the audience benchmarks (bench/ingest, bench/votes) over
// HTTP only, as people would: the administrator signs in, adds a film, plans a screening with it,
// opens joining in run mode and then either opens the pre-survey (answers) or, with STATEMENTS,
// seeds that many statements on the facilitator's dialogue page and opens the dialogue (votes);
// then PHONES phones join with the code (each gets its own cookie).
// Writes into OUTPUT_DIRECTORY:
//   code        the join code
//   screening   the screening id
//   tokens      one phone token (the value of cookie kd-p-CODE) per line
//   version     the questionnaire version id (the hidden "version" input of the phone's page)
//   statements  dialogue: the ids of the accepted statements (read from the facilitator's page), one per line
//   staff-cookie  the signed-in administrator's cookies as a Cookie header value (a projector's, for bench/projector)
// Usage: dotnet run Setup.cs -- BASE_URL ADMIN_EMAIL ADMIN_PASSWORD PHONES OUTPUT_DIRECTORY [STATEMENTS]
using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

var statementCount = 0;
if (args.Length is not (5 or 6) || !int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out var phones) || phones < 1
    || (args.Length == 6 && (!int.TryParse(args[5], NumberStyles.None, CultureInfo.InvariantCulture, out statementCount) || statementCount < 1)))
{
    await Console.Error.WriteLineAsync("usage: Setup.cs BASE_URL ADMIN_EMAIL ADMIN_PASSWORD PHONES OUTPUT_DIRECTORY [STATEMENTS]");
    return 2;
}

var (baseUrl, email, password, output) = (new Uri(args[0]), args[1], args[2], args[4]);
Directory.CreateDirectory(output);

using var organiser = new Browser(baseUrl);
await organiser.SubmitAsync("/en/account/sign-in", new() { ["Email"] = email, ["Password"] = password }, expect: HttpStatusCode.Redirect);

// Administrators must use two-factor sign-in: a fresh one enrols an authenticator first (the key from the
// page, the current code computed here as an authenticator app does).
var enrol = await organiser.PageAsync("/en/account/two-factor");
if (enrol.QuerySelector("[data-testid=two-factor-key]")?.TextContent is { } sharedKey)
{
    var enrolled = await organiser.SubmitAsync("/en/account/two-factor", new() { ["Code"] = Totp.Now(sharedKey) }, expect: HttpStatusCode.OK);
    var shown = new HtmlParser().ParseDocument(await enrolled.Content.ReadAsStringAsync());
    if (shown.QuerySelector("[data-testid=recovery-codes]") is null)
    {
        throw new InvalidOperationException("Two-factor enrolment did not succeed (no recovery codes shown)");
    }
}

// A film: the screening form asks for at least one (metadata only; no video needed here).
var slug = "audience-bench-" + Guid.NewGuid().ToString("N")[..8];
var title = "Audience bench " + slug[^8..];
await organiser.SubmitAsync("/en/films/new", new()
{
    ["Input.Slug"] = slug,
    ["Input.Year"] = "2024",
    ["Input.IsPublished"] = "true",
    ["Input.Texts[0].Culture"] = "en",
    ["Input.Texts[0].Title"] = title,
    ["Input.Texts[1].Culture"] = "hy",
    ["Input.Texts[1].Title"] = title,
    ["Input.Texts[2].Culture"] = "az-Latn",
    ["Input.Texts[2].Title"] = title,
    ["Input.Texts[3].Culture"] = "ru",
    ["Input.Texts[3].Title"] = title,
}, expect: HttpStatusCode.Redirect);

// The screening, planned through the form with that film chosen in the first film slot.
var form = await organiser.PageAsync("/en/screenings/new");
var filmId = form.QuerySelectorAll("select[name='Input.FilmIds[0]'] option")
    .FirstOrDefault(o => o.TextContent.Contains(title, StringComparison.Ordinal))?.GetAttribute("value")
    ?? throw new InvalidOperationException($"The film '{title}' is not offered on /en/screenings/new");
var start = TimeProvider.System.GetUtcNow().AddDays(1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
var planned = await organiser.SubmitAsync("/en/screenings/new", new()
{
    ["Input.Title"] = "Audience benchmark evening",
    ["Input.LocalStart"] = start,
    ["Input.TimeZoneId"] = "UTC",
    ["Input.Venue"] = "Loopback hall",
    ["Input.City"] = "Baku",
    ["Input.Country"] = "Azerbaijan",
    ["Input.EventCulture"] = "en",
    ["Input.SubtitleCulture"] = "ru",
    ["Input.DiscussionMinutes"] = "40",
    ["Input.Facilitators"] = "Bench",
    ["Input.AudienceType"] = "mixed",
    ["Input.ExpectedSize"] = phones.ToString(CultureInfo.InvariantCulture),
    ["Input.Status"] = "Planned",
    ["Input.FilmIds[0]"] = filmId,
}, expect: HttpStatusCode.Redirect);
var screening = planned.Headers.Location!.OriginalString.Split('/').Last();

// The dialogue: statements seeded by the facilitator, accepted at once.
var statements = new List<string>();
if (statementCount > 0)
{
    var dialogue = $"/en/screenings/{screening}/dialogue";
    for (var i = 1; i <= statementCount; i++)
    {
        await organiser.SubmitAsync(dialogue, new() { ["text"] = $"Bench statement {i}: we can talk about this.", ["culture"] = "en" }, handler: "Seed", expect: HttpStatusCode.Redirect);
    }

    statements.AddRange((await organiser.PageAsync(dialogue)).QuerySelectorAll("[data-testid=statement][data-status=Accepted] input[name=statement]")
        .Select(i => i.GetAttribute("value")!).Distinct(StringComparer.Ordinal));
    if (statements.Count != statementCount)
    {
        throw new InvalidOperationException($"{dialogue} lists {statements.Count} accepted statements, {statementCount} were seeded");
    }
}

// Run mode: open joining now, then show the pre-survey (or the dialogue) on the phones.
var run = $"/en/screenings/{screening}/run";
await organiser.SubmitAsync(run, [], handler: "Open", expect: HttpStatusCode.Redirect);
await organiser.SubmitAsync(run, new() { ["stage"] = statementCount > 0 ? "Dialogue" : "PreSurvey" }, handler: "Stage", expect: HttpStatusCode.Redirect);
var code = (await organiser.PageAsync(run)).QuerySelector("[data-testid=run-join-code]")?.TextContent.Trim()
    ?? throw new InvalidOperationException("Run mode shows no join code after opening");

// The phones join with the code, a few at a time, each with its own cookie jar. At most 4 at once: the
// join limiter counts every attempt of an address while it is answered and delays the 6th and later
// ones by a second each (JoinAttemptLimiter.FreeFailures), and every simulated phone has 127.0.0.1.
var tokens = new string[phones];
await Parallel.ForAsync(0, phones, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
{
    using var phone = new Browser(baseUrl);
    await phone.SubmitAsync("/en/join", new() { ["code"] = code }, expect: HttpStatusCode.Redirect);
    tokens[i] = phone.Cookie("kd-p-" + code) ?? throw new InvalidOperationException("Joining set no participant cookie");
});
if (tokens.Distinct(StringComparer.Ordinal).Count() != phones)
{
    throw new InvalidOperationException("Two phones got the same token");
}

// What the phone's page shows: first the profile form, with the questionnaire version its answers
// carry; in the dialogue, once the profile is sent (as the phone's script sends it, as JSON), a
// statement card to vote on.
using var first = new Browser(baseUrl);
first.SetCookie("kd-p-" + code, tokens[0]);
var version = (await first.PageAsync($"/en/s/{code}")).QuerySelector("input[name=version]")?.GetAttribute("value")
    ?? throw new InvalidOperationException($"/en/s/{code} shows no survey form (is the screening open?)");
await File.WriteAllTextAsync(Path.Combine(output, "code"), code + "\n");
await File.WriteAllTextAsync(Path.Combine(output, "version"), version + "\n");
await File.WriteAllTextAsync(Path.Combine(output, "screening"), screening + "\n");
await File.WriteAllLinesAsync(Path.Combine(output, "tokens"), tokens);
await File.WriteAllTextAsync(Path.Combine(output, "staff-cookie"), organiser.CookieHeader() + "\n");
if (statementCount > 0)
{
    await Parallel.ForAsync(0, phones, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
    {
        using var phone = new Browser(baseUrl);
        phone.SetCookie("kd-p-" + code, tokens[i]);
        var answer = await phone.PostJsonAsync($"/api/audience/{code}/answers",
            $$$"""{"id":"{{{Guid.NewGuid()}}}","phase":"profile","questionnaireVersion":"{{{version}}}","answers":{}}""");
        if (!answer.Contains("\"stored\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"A phone's profile was not stored: {answer}");
        }
    });
    var shown = (await first.PageAsync($"/en/s/{code}")).QuerySelector("[data-testid=statement-card]")?.GetAttribute("data-statement");
    if (shown is null || !statements.Contains(shown, StringComparer.OrdinalIgnoreCase))
    {
        throw new InvalidOperationException($"/en/s/{code} shows no statement card of the seeded statements (is the dialogue open?)");
    }

    await File.WriteAllLinesAsync(Path.Combine(output, "statements"), statements);
    Console.WriteLine($"screening {screening}, code {code}, dialogue open with {statements.Count} statements, {phones} phones joined and sent their profile");
    return 0;
}

Console.WriteLine($"screening {screening}, code {code}, questionnaire version {version}, {phones} phones joined");
return 0;

/// <summary>RFC 6238 codes (SHA-1, 30 s, 6 digits) for a base32 key, as authenticator apps compute them.</summary>
internal static class Totp
{
    public static string Now(string base32)
    {
        var key = Base32(base32);
        var counter = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 30;
        var message = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(message, counter);
#pragma warning disable CA5350 // RFC 6238 authenticator codes are defined over HMAC-SHA1
        var hash = System.Security.Cryptography.HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var value = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            var index = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (index < 0)
            {
                continue; // spaces of the grouped display, padding
            }

            buffer = (buffer << 5) | index;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)((buffer >> bits) & 0xff));
            }
        }

        return [.. bytes];
    }
}

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

    /// <summary>Posts JSON as the phone's script does; returns the answer's body (throws unless 200).</summary>
    public async Task<string> PostJsonAsync(string url, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(url, UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK ? body : throw new InvalidOperationException($"POST {url} answered {(int)response.StatusCode}: {body}");
    }

    public string? Cookie(string name) => _cookies.GetAllCookies().FirstOrDefault(c => c.Name == name)?.Value;

    public string CookieHeader() => _cookies.GetCookieHeader(_base);

    public void SetCookie(string name, string value) => _cookies.Add(new Cookie(name, value, "/", _base.Host));

    public void Dispose() => _http.Dispose();
}
