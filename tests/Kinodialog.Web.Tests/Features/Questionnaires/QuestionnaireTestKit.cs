using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Tests.Features.Questionnaires;

/// <summary>A page's form read as a browser without JavaScript would submit it; fields can be changed before posting.</summary>
public sealed class BrowserForm(string action, List<KeyValuePair<string, string>> fields)
{
    public IReadOnlyList<KeyValuePair<string, string>> Fields => fields;

    public static async Task<BrowserForm> LoadAsync(TestClient client, string url, string selector)
    {
        var page = await client.GetOkPageAsync(url);
        return Read(page, selector, url);
    }

    public static BrowserForm Read(IDocument page, string selector, string url)
    {
        var form = page.QuerySelector(selector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form {selector} on {url}");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.QuerySelectorAll("input, textarea, select"))
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled") || element.Closest("fieldset[disabled]") is not null)
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement input when input.Type is "submit" or "button":
                    continue;
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked)
                    {
                        values.Add(new(name, input.Value));
                    }

                    break;
                case IHtmlInputElement input:
                    values.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement area:
                    values.Add(new(name, area.Value));
                    break;
                case IHtmlSelectElement select:
                    values.Add(new(name, select.Value ?? ""));
                    break;
            }
        }

        var action = form.GetAttribute("action");
        return new BrowserForm(string.IsNullOrEmpty(action) ? url : action, values);
    }

    public string? Get(string name) => fields.FirstOrDefault(f => f.Key == name).Value;

    /// <summary>Replaces the field's value (every occurrence), or adds it.</summary>
    public BrowserForm Set(string name, string value)
    {
        var found = false;
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Key == name)
            {
                fields[i] = new(name, value);
                found = true;
            }
        }

        if (!found)
        {
            fields.Add(new(name, value));
        }

        return this;
    }

    /// <summary>The index of the repeated group whose field <paramref name="suffix"/> has the value, e.g. the question with id "trust".</summary>
    public int IndexOf(string prefix, string suffix, string value)
    {
        for (var i = 0; ; i++)
        {
            var current = Get($"{prefix}[{i}].{suffix}");
            if (current is null)
            {
                throw new InvalidOperationException($"No {prefix}[].{suffix} = {value}");
            }

            if (current == value)
            {
                return i;
            }
        }
    }

    /// <summary>Posts the form as if the button with name "op" and this value was pressed (no button: null).</summary>
    public Task<HttpResponseMessage> PostAsync(TestClient client, string? op = null) =>
        client.Http.PostAsync(action, new FormUrlEncodedContent(op is null ? fields : fields.Append(new("op", op))));
}

public static class QuestionnaireTestKit
{
    public const string Editor = "form[data-testid=editor]";

    public static string EditUrl(Guid versionId, string culture = "en") => $"/{culture}/questionnaires/{versionId}/edit";

    /// <summary>Creates a questionnaire (a draft copy of the default) through the list page; returns its first version's id.</summary>
    public static async Task<Guid> CreateAsync(TestClient client, string name)
    {
        var response = await client.PostFormAsync("/en/questionnaires", new Dictionary<string, string> { ["Name"] = name }, handler: "Create");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.OriginalString;
        Assert.EndsWith("/edit", location, StringComparison.Ordinal);
        return Guid.Parse(location.Split('/')[^2]);
    }

    /// <summary>Fills the titles the default copy lacks.</summary>
    public static BrowserForm WithAllTitles(this BrowserForm form, string title) => form
        .Set("Input.Titles[0]", title).Set("Input.Titles[1]", "Հարցում " + title).Set("Input.Titles[2]", "Sorğu " + title).Set("Input.Titles[3]", "Опрос " + title);

    /// <summary>Creates a questionnaire and publishes its first version; returns the version's id.</summary>
    public static async Task<Guid> CreatePublishedAsync(TestClient client, string name)
    {
        var id = await CreateAsync(client, name);
        var form = (await BrowserForm.LoadAsync(client, EditUrl(id), Editor)).WithAllTitles(name);
        var published = await form.PostAsync(client, "publish");
        Assert.True(published.StatusCode == HttpStatusCode.Redirect, await published.Content.ReadAsStringAsync());
        return id;
    }

    public static Task<string> DefinitionAsync(KinodialogFactory factory, Guid versionId) =>
        factory.WithDbAsync(db => db.QuestionnaireVersions.Where(v => v.Id == versionId).Select(v => v.Definition).SingleAsync());
}
