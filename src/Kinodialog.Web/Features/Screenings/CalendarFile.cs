using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Kinodialog.Web.Features.Screenings;

/// <summary>An iCalendar (.ics) file for a screening, in the venue's time zone (with its VTIMEZONE).</summary>
public static class CalendarFile
{
    /// <param name="nowUtc">When the file is made (DTSTAMP).</param>
    public static string Create(ScreeningView screening, string url, string description, DateTime nowUtc)
    {
        var calendar = new Calendar { ProductId = "-//Kinodialog//Screenings//EN" };
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(screening.TimeZoneId, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), includeHistoricalData: false));
        var end = screening.LocalStart + screening.TotalLength;
        var location = string.Join(", ", new[] { screening.Venue, screening.City, screening.Country }.Where(p => !string.IsNullOrWhiteSpace(p)));
        calendar.Events.Add(new CalendarEvent
        {
            Uid = $"{screening.Id}@kinodialog",
            Summary = screening.Title,
            Location = location,
            Description = description,
            Url = new Uri(url),
            DtStart = new CalDateTime(screening.LocalStart, screening.TimeZoneId),
            DtEnd = new CalDateTime(end, screening.TimeZoneId),
            DtStamp = new CalDateTime(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc)),
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
