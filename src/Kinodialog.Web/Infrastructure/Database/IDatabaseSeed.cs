namespace Kinodialog.Web.Infrastructure.Database;

/// <summary>
/// Data every installation needs (such as the default questionnaire), created by the `migrate` step
/// after the schema. Features register their seeds; infrastructure knows no feature.
/// </summary>
public interface IDatabaseSeed
{
    /// <summary>Creates the data when it is missing; does nothing when it exists.</summary>
    Task EnsureAsync(CancellationToken cancellationToken);
}
