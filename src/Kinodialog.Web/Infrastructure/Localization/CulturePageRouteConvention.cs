using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Kinodialog.Web.Infrastructure.Localization;

/// <summary>
/// Puts every page under /{culture}/…; pages marked as also culture-free (the error page, used when
/// re-executing a failed request) keep their plain route as well.
/// </summary>
public sealed class CulturePageRouteConvention(IReadOnlySet<string> alsoWithoutCulture) : IPageRouteModelConvention
{
    public const string RouteKey = "culture";

    public void Apply(PageRouteModel model)
    {
        var additions = new List<SelectorModel>();
        foreach (var selector in model.Selectors)
        {
            var template = selector.AttributeRouteModel?.Template ?? "";
            if (alsoWithoutCulture.Contains(model.ViewEnginePath))
            {
                var plain = new SelectorModel(selector);
                plain.AttributeRouteModel!.SuppressLinkGeneration = true;
                additions.Add(plain);
            }

            selector.AttributeRouteModel!.Template =
                AttributeRouteModel.CombineTemplates($"{{{RouteKey}:{CultureRouteConstraint.Name}}}", template);
        }

        foreach (var selector in additions)
        {
            model.Selectors.Add(selector);
        }
    }
}
