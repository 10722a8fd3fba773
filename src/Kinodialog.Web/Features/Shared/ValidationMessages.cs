using System.ComponentModel.DataAnnotations;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Shared;

/// <summary>
/// Every message the framework itself may put on a form (a value that cannot be read, a data annotation
/// without its own message) comes from SharedResource, in the page's language. The messages do not name
/// the field by its C# name: they are shown next to the field they concern.
/// </summary>
public static class ValidationMessages
{
    // The English texts are the resource keys (SharedResource.resx, translated in the other three files).
    public const string EnterValue = "Enter a value.";
    public const string NotValid = "“{0}” is not a valid value here.";
    public const string NotValidUnknown = "This value is not valid here.";
    public const string EnterNumber = "Enter a number.";
    public const string Required = "Enter a value.";
    public const string Range = "Enter a value from {1} to {2}.";
    public const string TooLong = "Enter at most {1} characters.";
    public const string LengthBetween = "Enter from {2} to {1} characters.";
    public const string TooShort = "Enter at least {1} characters.";
    public const string Email = "Enter a valid e-mail address.";
    public const string Pattern = "This value does not have the expected form.";
    public const string Compare = "The two values do not match.";

    /// <summary>The model-binding messages (MVC and Razor Pages share <see cref="MvcOptions"/>).</summary>
    public sealed class ConfigureModelBinding(IStringLocalizerFactory factory) : IConfigureOptions<MvcOptions>
    {
        public void Configure(MvcOptions options)
        {
            var l = factory.Create(typeof(SharedResource));
            var m = options.ModelBindingMessageProvider;
            m.SetMissingBindRequiredValueAccessor(_ => l[EnterValue]);
            m.SetMissingKeyOrValueAccessor(() => l[EnterValue]);
            m.SetMissingRequestBodyRequiredValueAccessor(() => l[EnterValue]);
            m.SetValueMustNotBeNullAccessor(_ => l[EnterValue]);
            m.SetAttemptedValueIsInvalidAccessor((value, _) => l[NotValid, value]);
            m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => l[NotValid, value]);
            m.SetUnknownValueIsInvalidAccessor(_ => l[NotValidUnknown]);
            m.SetNonPropertyUnknownValueIsInvalidAccessor(() => l[NotValidUnknown]);
            m.SetValueIsInvalidAccessor(value => l[NotValid, value]);
            m.SetValueMustBeANumberAccessor(_ => l[EnterNumber]);
            m.SetNonPropertyValueMustBeANumberAccessor(() => l[EnterNumber]);
            options.ModelMetadataDetailsProviders.Add(new DefaultAnnotationMessages());
            options.ModelBinderProviders.Insert(0, new StrictBooleanBinder.Provider());
        }
    }

    /// <summary>
    /// Gives each data annotation that has no message of its own one of ours, which the data-annotation
    /// localizer (SharedResource) then translates.
    /// </summary>
    public sealed class DefaultAnnotationMessages : IValidationMetadataProvider
    {
        public void CreateValidationMetadata(ValidationMetadataProviderContext context)
        {
            foreach (var attribute in context.ValidationMetadata.ValidatorMetadata.OfType<ValidationAttribute>())
            {
                if (attribute.ErrorMessage is not null || attribute.ErrorMessageResourceType is not null || attribute.ErrorMessageResourceName is not null)
                {
                    continue;
                }

                attribute.ErrorMessage = attribute switch
                {
                    RequiredAttribute => Required,
                    RangeAttribute => Range,
                    StringLengthAttribute { MinimumLength: > 0 } => LengthBetween,
                    StringLengthAttribute or MaxLengthAttribute => TooLong,
                    MinLengthAttribute => TooShort,
                    EmailAddressAttribute => Email,
                    RegularExpressionAttribute => Pattern,
                    CompareAttribute => Compare,
                    _ => NotValidUnknown,
                };
            }
        }
    }
}
