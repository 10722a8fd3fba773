using Kinodialog.Core.Opinions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>Polis open-data interchange: the export files of a dialogue (the import is a page, <c>/dialogue/import</c>).</summary>
public static class PolisApi
{
    public static IServiceCollection AddPolisInterchange(this IServiceCollection services)
    {
        services.AddScoped<ExportPolisDialogue>();
        services.AddScoped<ImportPolisDialogue>();
        return services;
    }

    public static IEndpointRouteBuilder MapPolisApi(this IEndpointRouteBuilder endpoints)
    {
        var staff = endpoints.MapGroup("/api/screenings/{id:guid}/dialogue").RequireAuthorization(Accounts.Policies.OrganiseScreenings).WithTags("Dialogue");
        staff.MapGet("/polis.zip", ZipAsync);
        staff.MapGet("/polis/{file}", FileAsync);
        return endpoints;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ZipAsync(Guid id, HttpContext context, ExportPolisDialogue export, Accounts.StaffAuditLog audit, CancellationToken cancellationToken)
    {
        var files = await export.HandleAsync(id, context.User, cancellationToken);
        if (files is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Screening not found");
        }

        await audit.RecordAsync(Accounts.StaffAuditActions.Exported, context.User, detail: $"polis.zip, screening {id}");
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(files.Zip(), "application/zip", $"dialogue-{id:N}-polis.zip");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> FileAsync(Guid id, string file, HttpContext context, ExportPolisDialogue export, Accounts.StaffAuditLog audit, CancellationToken cancellationToken)
    {
        if (!PolisFiles.Names.Contains(file, StringComparer.Ordinal))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such file", detail: "One of: " + string.Join(", ", PolisFiles.Names) + ".");
        }

        var files = await export.HandleAsync(id, context.User, cancellationToken);
        if (files is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Screening not found");
        }

        await audit.RecordAsync(Accounts.StaffAuditActions.Exported, context.User, detail: $"polis {file}, screening {id}");
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(files.File(file)!), "text/csv; charset=utf-8", file);
    }
}
