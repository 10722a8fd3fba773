using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Kinodialog.Web.Infrastructure;

/// <summary>
/// Client-side validation is off (no data-val-* attributes with framework messages), which also drops
/// the framework's <c>data-valmsg-for</c> on a field's message; it is put back, so that a field's
/// message can still be found by the field's name (tests, scripts).
/// </summary>
[HtmlTargetElement("span", Attributes = "asp-validation-for")]
public sealed class ValidationMessageForTagHelper : TagHelper
{
    [HtmlAttributeName("asp-validation-for")]
    public ModelExpression For { get; set; } = null!;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!output.Attributes.ContainsName("data-valmsg-for"))
        {
            output.Attributes.SetAttribute("data-valmsg-for", ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name));
        }
    }
}
