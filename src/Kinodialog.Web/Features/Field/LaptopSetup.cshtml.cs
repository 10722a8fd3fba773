using Kinodialog.Data.Entities;
using Kinodialog.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Field;

/// <summary>First start of a field laptop: enrol it with the central instance's address and code.</summary>
[AllowAnonymous]
public sealed class LaptopSetupModel(
    EnrolLaptop enrol, SignInManager<StaffUser> signIn, UserManager<StaffUser> users, IOptions<FieldModeOptions> fieldMode, IStringLocalizer<FieldResource> l) : PageModel
{
    [BindProperty]
    public string? Pasted { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? LaptopName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public string? Error { get; private set; }

    /// <summary>Set once enrolled: the one-time passwords of the other facilitators, shown only now.</summary>
    public EnrolLaptop.Result? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!fieldMode.Value.Enabled || await enrol.IsSetUpAsync(cancellationToken))
        {
            return NotFound();
        }

        LaptopName = Environment.MachineName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!fieldMode.Value.Enabled || await enrol.IsSetUpAsync(cancellationToken))
        {
            return NotFound();
        }

        var result = await enrol.HandleAsync(new EnrolLaptop.Command(Address, Code, Pasted, LaptopName, Email, Password, ConfirmPassword), cancellationToken);
        Password = ConfirmPassword = null;
        switch (result.Problem)
        {
            case SetupProblem.None or SetupProblem.NotAFacilitator or SetupProblem.Accounts:
                Done = result;
                if (result.SignedInUserId is { } id && await users.FindByIdAsync(id.ToString()) is { } user)
                {
                    await signIn.SignInAsync(user, isPersistent: false);
                }

                return Page();
            default:
                Error = result.Problem switch
                {
                    SetupProblem.AddressMissing => l["Enter the central instance's address (or paste the text shown with the QR code)."],
                    SetupProblem.AddressInvalid => l["That is not a web address (it starts with https:// and names a server)."],
                    SetupProblem.CodeMissing => l["Enter the enrolment code."],
                    SetupProblem.PasswordTooShort => l["Choose a password of at least {0} characters.", EnrolLaptop.MinPasswordLength],
                    SetupProblem.PasswordsDiffer => l["The two passwords differ."],
                    SetupProblem.Central => FieldMessages.Describe(l, result.Central),
                    _ => l["This laptop is already set up."],
                };
                return Page();
        }
    }
}
