using Kinodialog.Web.Features.Shared;
using Kinodialog.Web.Infrastructure.Localization;

namespace Kinodialog.Web;

public static class PagesExtensions
{
    /// <summary>Razor Pages live in Features/ (vertical slices), every page under /{culture}/.</summary>
    public static IServiceCollection AddKinodialogPages(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/Features";
                // Before the culture convention, so that the extra route gets the /{culture} prefix too.
                options.Conventions.AddPageRoute("/Films/Edit", "films/new");
                options.Conventions.AddPageRoute("/Screenings/Edit", "screenings/new");
                options.Conventions.Add(new CulturePageRouteConvention(new HashSet<string>(StringComparer.Ordinal) { "/Errors/Error" }));
            })
            // Required fields are checked by the use cases, with messages in the user's language.
            .AddMvcOptions(options => options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true)
            // No client-side validation library is served: no data-val-* attributes (they carried English messages).
            .AddViewOptions(options => options.HtmlHelperOptions.ClientValidationEnabled = false)
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        // Model-binding and default data-annotation messages in the page's language (one place for all forms).
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.Mvc.MvcOptions>, ValidationMessages.ConfigureModelBinding>();
        return services;
    }
}
