using Kinodialog.Core.Screenings;
using Kinodialog.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Screenings;

/// <summary>The audience member's page after joining; the survey and the dialogue come here in later versions.</summary>
public sealed class JoinedModel(KinodialogDbContext db, JoinScreening join) : PageModel
{
    public string Title { get; private set; } = "";

    public AudienceStage Stage { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var screening = await join.FindOpenAsync(code, cancellationToken);
        var token = screening is null ? null : Request.Cookies[JoinScreening.CookieName(screening.JoinCode!)];
        var hash = token is null ? null : JoinScreening.Hash(token);
        if (screening is null || hash is null
            || !await db.Participants.AnyAsync(p => p.ScreeningId == screening.Id && p.TokenHash == hash, cancellationToken))
        {
            return Redirect(CultureLinks.Local("/join?code=" + Uri.EscapeDataString(code)));
        }

        Title = screening.Title;
        Stage = screening.Stage;
        return Page();
    }
}
