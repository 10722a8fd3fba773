using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Kinodialog.Web.Infrastructure.Security;

/// <summary>
/// A validation summary with nothing to list is left out. The framework would render it with a hidden
/// <c>&lt;li style="display:none"&gt;</c> (for client-side validation, which we do not use), an inline style that
/// our Content-Security-Policy (no 'unsafe-inline') refuses, and an empty red box.
/// </summary>
[HtmlTargetElement("div", Attributes = "asp-validation-summary")]
public sealed class EmptyValidationSummaryTagHelper : TagHelper
{
    /// <summary>After the framework's ValidationSummaryTagHelper (order 0) has written the list.</summary>
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.TagName is null)
        {
            return;
        }

        var list = output.PostContent.GetContent();
        if (list.Contains("style=", StringComparison.OrdinalIgnoreCase) || !list.Contains("<li", StringComparison.Ordinal))
        {
            output.SuppressOutput();
        }
    }
}
