using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Kinodialog.Core.Accounts;
using Kinodialog.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kinodialog.Web.Tests.Infrastructure;

/// <summary>An HTTP client that keeps cookies, reads pages as HTML and posts forms with their antiforgery token.</summary>
public sealed class TestClient(HttpClient http, KinodialogFactory? factory = null) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http { get; } = http;

    /// <summary>The app this client talks to (to read an account's authenticator key for the sign-in code).</summary>
    public KinodialogFactory? Factory { get; } = factory;

    public static TestClient Create(KinodialogFactory factory, string? acceptLanguage = null)
    {
        var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (acceptLanguage is not null)
        {
            http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        return new TestClient(http, factory);
    }

    /// <summary>Creates a staff account with the given roles and signs this client in with it.</summary>
    public static async Task<TestClient> SignedInAsync(KinodialogFactory factory, params string[] roles)
    {
        var email = $"{string.Join("-", roles).ToUpperInvariant()}-{Guid.NewGuid():N}@example.org".ToLowerInvariant();
        const string password = "correct horse battery staple";
        await CreateAccountAsync(factory, email, password, roles);
        var client = Create(factory);
        var response = await client.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>
    /// Creates a staff account; for roles that require two-factor sign-in (Admin, Programme) an
    /// authenticator is enrolled too, so that <see cref="SignInAsync"/> can answer its code.
    /// </summary>
    public static async Task<Guid> CreateAccountAsync(KinodialogFactory factory, string email, string password, params string[] roles)
    {
        var id = await factory.WithServicesAsync(async sp =>
        {
            var result = await sp.GetRequiredService<CreateStaffAccount>()
                .HandleAsync(new CreateStaffAccount.Command(email, "Test " + string.Join(" ", roles), roles, password), CancellationToken.None);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
            return result.AccountId!.Value;
        });
        if (TwoFactorModel.RequiredFor(roles))
        {
            await Totp.EnrolAsync(factory, id);
        }

        return id;
    }

    /// <summary>
    /// Posts the sign-in form; when the account has two-factor sign-in, also answers the code page with the
    /// authenticator's current code (unless <paramref name="answerCode"/> is false) and returns that answer.
    /// </summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password, string culture = "en", bool answerCode = true)
    {
        var response = await PostFormAsync($"/{culture}/account/sign-in", new() { ["Email"] = email, ["Password"] = password });
        if (!answerCode || Factory is null || response.StatusCode != System.Net.HttpStatusCode.Redirect
            || !response.Headers.Location!.OriginalString.Contains("/account/sign-in/code", StringComparison.Ordinal))
        {
            return response;
        }

        return await PostFormAsync(response.Headers.Location.OriginalString, new Dictionary<string, string> { ["Code"] = await Totp.CodeForAsync(Factory, email) });
    }

    public async Task<(HttpResponseMessage Response, IHtmlDocument Document)> GetPageAsync(string url)
    {
        var response = await Http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        return (response, Parser.ParseDocument(html));
    }

    public async Task<IHtmlDocument> GetOkPageAsync(string url)
    {
        var (response, document) = await GetPageAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        return document;
    }

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>
    /// Loads <paramref name="pageUrl"/>, takes the antiforgery token from its first post form (or the
    /// form whose action ends with <paramref name="handler"/>) and posts the fields to that form's action.
    /// </summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, Dictionary<string, string> fields, string? handler = null)
    {
        var page = await GetOkPageAsync(pageUrl);
        var forms = page.Forms.Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)).ToList();
        var form = handler is null
            ? forms.First(f => f.GetAttribute("action") is null || !f.GetAttribute("action")!.Contains("sign-out", StringComparison.Ordinal))
            : forms.First(f => (f.GetAttribute("action") ?? "").Contains("handler=" + handler, StringComparison.OrdinalIgnoreCase));
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token in the form on {pageUrl}");
        var values = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : action;
        return await Http.PostAsync(target, new FormUrlEncodedContent(values));
    }

    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await GetOkPageAsync(pageUrl);
        var form = page.Forms.First(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)
            && !(f.GetAttribute("action") ?? "").Contains("sign-out", StringComparison.Ordinal));
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var values = fields.Append(new("__RequestVerificationToken", token));
        return await Http.PostAsync(pageUrl, new FormUrlEncodedContent(values));
    }

    /// <summary>Posts to <paramref name="targetUrl"/> with a valid antiforgery token taken from a form on <paramref name="pageUrl"/>.</summary>
    public async Task<HttpResponseMessage> PostWithTokenFromAsync(string pageUrl, string targetUrl, Dictionary<string, string> fields)
    {
        var page = await GetOkPageAsync(pageUrl);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var values = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await Http.PostAsync(targetUrl, new FormUrlEncodedContent(values));
    }

    public void Dispose() => Http.Dispose();
}

public static class Roles
{
    public const string Admin = StaffRoles.Admin;
    public const string Programme = StaffRoles.Programme;
    public const string Organiser = StaffRoles.Organiser;
    public const string Translator = StaffRoles.Translator;
}
