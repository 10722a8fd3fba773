using Kinodialog.Core.Accounts;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Infrastructure.Errors;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Identity;

namespace Kinodialog.Web.Features.Accounts;

public static class AccountsExtensions
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddIdentity<StaffUser, StaffRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";
                options.SignIn.RequireConfirmedAccount = false;
                // Long passphrases over composition rules (NIST SP 800-63B).
                options.Password.RequiredLength = 12;
                options.Password.RequiredUniqueChars = 5;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<KinodialogDbContext>()
            .AddSignInManager<StaffSignInManager>()
            .AddClaimsPrincipalFactory<StaffClaimsFactory>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddDefaultTokenProviders();

        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section)
            .Validate(o => o.MaxFailedSignIns > 0 && o.LockoutDuration > TimeSpan.Zero && o.OneTimePasswordLifetime > TimeSpan.Zero, "Accounts: limits must be positive")
            .ValidateOnStart();
        services.AddOptions<IdentityOptions>().Configure<Microsoft.Extensions.Options.IOptions<AccountOptions>>((identity, accounts) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = accounts.Value.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = accounts.Value.LockoutDuration;
        });

        // A disabled account or a changed password ends other sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "kd-staff";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
            options.Events.OnRedirectToLogin = context =>
            {
                if (context.Request.IsApiRequest())
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                }

                var culture = LocalizationExtensions.CurrentCulture();
                var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                context.Response.Redirect($"/{culture.UrlSegment}/account/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}");
                return Task.CompletedTask;
            };
            // Signed in but not allowed: a plain 403 (people see the localised error page).
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.EditHandbook, p => p.RequireRole(StaffRoles.HandbookEditors))
            .AddPolicy(Policies.WriteHandbook, p => p.RequireRole(StaffRoles.HandbookWriters))
            .AddPolicy(Policies.ManageAccounts, p => p.RequireRole(StaffRoles.Admin))
            .AddPolicy(Policies.ManageFilms, p => p.RequireRole(StaffRoles.FilmEditors))
            .AddPolicy(Policies.WriteSubtitles, p => p.RequireRole(StaffRoles.SubtitleWriters))
            .AddPolicy(Policies.OrganiseScreenings, p => p.RequireRole(StaffRoles.ScreeningOrganisers))
            .AddPolicy(Policies.TranslateStatements, p => p.RequireRole(StaffRoles.StatementTranslators))
            .AddPolicy(Policies.OverseeScreenings, p => p.RequireRole(StaffRoles.ScreeningOverseers))
            .AddPolicy(Policies.ManageQuestionnaires, p => p.RequireRole(StaffRoles.QuestionnaireEditors));

        services.AddSingleton<StaffAuditLog>();
        services.AddScoped<ListStaffAccounts>();
        services.AddScoped<CreateStaffAccount>();
        services.AddScoped<UpdateStaffAccount>();
        services.AddScoped<ResetStaffPassword>();
        services.AddScoped<ResetStaffTwoFactor>();
        return services;
    }
}
