using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Kinodialog.Web.Infrastructure.Localization;

/// <summary>
/// Binds check boxes and other true/false fields: "true" or "false" (a check box sends "true" before its
/// hidden "false"), nothing posted is false (an unticked box), anything else is an error on the form,
/// never false. Unlike the framework's binder it does not keep the unreadable text as the field's
/// attempted value, so the check box is shown again unticked instead of failing to render (500).
/// </summary>
public sealed class StrictBooleanBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        ArgumentNullException.ThrowIfNull(bindingContext);
        var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (result == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        var value = result.FirstValue?.Trim();
        var nullable = bindingContext.ModelType == typeof(bool?);
        var messages = bindingContext.ModelMetadata.ModelBindingMessageProvider;
        if (bool.TryParse(value, out var parsed))
        {
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
            bindingContext.Result = ModelBindingResult.Success(parsed);
        }
        else if (string.IsNullOrEmpty(value))
        {
            if (nullable)
            {
                bindingContext.Result = ModelBindingResult.Success(null);
            }
            else
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, messages.ValueMustNotBeNullAccessor(value ?? ""));
                bindingContext.Result = ModelBindingResult.Failed();
            }
        }
        else
        {
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                messages.AttemptedValueIsInvalidAccessor(value, bindingContext.ModelMetadata.GetDisplayName()));
            bindingContext.Result = ModelBindingResult.Failed();
        }

        return Task.CompletedTask;
    }

    public sealed class Provider : IModelBinderProvider
    {
        private static readonly StrictBooleanBinder Binder = new();

        public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
            context.Metadata.ModelType == typeof(bool) || context.Metadata.ModelType == typeof(bool?) ? Binder : null;
    }
}
