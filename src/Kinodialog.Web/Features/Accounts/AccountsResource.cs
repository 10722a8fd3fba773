namespace Kinodialog.Web.Features.Accounts;

/// <summary>Marker for the Accounts feature's UI strings (Resources/Features/Accounts).</summary>
public sealed class AccountsResource;
