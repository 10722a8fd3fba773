using System.Globalization;
using System.Text;
using Kinodialog.Core.Surveys;
using Microsoft.AspNetCore.Html;

namespace Kinodialog.Web.Features.Surveys;

/// <summary>
/// Server-rendered SVG charts (no script, no external request; colours as presentation
/// attributes, which the content security policy allows). Each chart carries a text title; the
/// page states the same numbers in words.
/// </summary>
public static class SurveyCharts
{
    private const int Width = 320;
    private const string Down = "#b4443a";
    private const string Same = "#9aa3ad";
    private const string Up = "#2f6db3";
    private const string Hidden = "#d9dde2";

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string text) => System.Net.WebUtility.HtmlEncode(text);

    /// <summary>
    /// One bar: moved down | stayed | moved up, each as a share of the pairs. Hidden cells
    /// (small-cell rule) are drawn together as one light segment without numbers.
    /// </summary>
    public static IHtmlContent Moves(PairedStatistics statistics, bool[] hidden, string title, string hiddenLabel)
    {
        var total = Math.Max(1, statistics.NPairs);
        var cells = new[] { (statistics.MovedDown, Down, hidden[0]), (statistics.Same, Same, hidden[1]), (statistics.MovedUp, Up, hidden[2]) };
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} 44\" width=\"{Width}\" height=\"44\" role=\"img\" aria-label=\"{E(title)}\"><title>{E(title)}</title>");
        double x = 0;
        var hiddenCount = cells.Where(c => c.Item3).Sum(c => c.Item1);
        foreach (var (count, colour, isHidden) in cells)
        {
            if (isHidden || count == 0)
            {
                continue;
            }

            var w = Width * (double)count / total;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"4\" width=\"{N(w)}\" height=\"24\" fill=\"{colour}\"/>");
            if (w > 26)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + w / 2)}\" y=\"21\" text-anchor=\"middle\" font-size=\"12\" fill=\"#fff\">{count}</text>");
            }

            x += w;
        }

        if (hiddenCount > 0)
        {
            var w = Width * (double)hiddenCount / total;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"4\" width=\"{N(w)}\" height=\"24\" fill=\"{Hidden}\"><title>{E(hiddenLabel)}</title></rect>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Width / 2}\" x2=\"{Width / 2}\" y1=\"0\" y2=\"32\" stroke=\"#1b1f24\" stroke-dasharray=\"2 2\"/>");
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>Thermometer: mean before and after on a 0–100 scale, and the change with its interval.</summary>
    public static IHtmlContent Thermometer(PairedStatistics statistics, string title)
    {
        static double X(double value) => 10 + (Width - 20) * Math.Clamp(value, 0, 100) / 100;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} 70\" width=\"{Width}\" height=\"70\" role=\"img\" aria-label=\"{E(title)}\"><title>{E(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"10\" x2=\"{Width - 10}\" y1=\"20\" y2=\"20\" stroke=\"#9aa3ad\" stroke-width=\"6\" stroke-linecap=\"round\"/>");
        foreach (var tick in new[] { 0, 50, 100 })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(tick))}\" y=\"40\" text-anchor=\"middle\" font-size=\"11\" fill=\"#4a5360\">{tick}</text>");
        }

        if (statistics.MeanPre is { } before && statistics.MeanPost is { } after)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(before))}\" x2=\"{N(X(after))}\" y1=\"20\" y2=\"20\" stroke=\"{(after >= before ? Up : Down)}\" stroke-width=\"6\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(before))}\" cy=\"20\" r=\"7\" fill=\"#fff\" stroke=\"#1b1f24\" stroke-width=\"2\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(after))}\" cy=\"20\" r=\"7\" fill=\"#1b1f24\"/>");
            if (statistics.MeanDifferenceCiLow is { } low && statistics.MeanDifferenceCiHigh is { } high)
            {
                // The interval of the change, drawn from the "before" mean.
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(before + low))}\" x2=\"{N(X(before + high))}\" y1=\"56\" y2=\"56\" stroke=\"#1b1f24\" stroke-width=\"2\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(before + low))}\" x2=\"{N(X(before + low))}\" y1=\"50\" y2=\"62\" stroke=\"#1b1f24\" stroke-width=\"2\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(before + high))}\" x2=\"{N(X(before + high))}\" y1=\"50\" y2=\"62\" stroke=\"#1b1f24\" stroke-width=\"2\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(after))}\" cy=\"56\" r=\"3\" fill=\"#1b1f24\"/>");
            }
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static readonly string[] Shades = ["#1f4e8c", "#2f6db3", "#5b8fd0", "#8fb3e3", "#bcd2ef", "#dbe7f7", "#eef3fa"];

    /// <summary>
    /// A distribution merged to k: one stacked bar per row (before, after), a segment per shown group with
    /// its count; a hidden row is one light bar. The groups' labels are in each segment's title and in the
    /// table the page puts next to the chart.
    /// </summary>
    public static IHtmlContent Distribution(IReadOnlyList<DistributionGroup> groups, IReadOnlyList<string> rows, IReadOnlyList<string> labels)
    {
        const int barHeight = 24;
        const int labelWidth = 0;
        var height = rows.Count * (barHeight + 8);
        var title = string.Join("; ", rows.Select((row, r) => row + ": " + string.Join(", ", groups.Select((g, i) => labels[i] + " " + (g.Counts[r]?.ToString(CultureInfo.InvariantCulture) ?? "–")))));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"{E(title)}\"><title>{E(title)}</title>");
        for (var r = 0; r < rows.Count; r++)
        {
            var y = 4 + (r * (barHeight + 8));
            var total = groups.Sum(g => g.Counts[r] ?? 0);
            if (total == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{Width - labelWidth}\" height=\"{barHeight}\" fill=\"{Hidden}\"><title>{E(rows[r])}</title></rect>");
                continue;
            }

            double x = labelWidth;
            for (var i = 0; i < groups.Count; i++)
            {
                if (groups[i].Counts[r] is not { } count || count == 0)
                {
                    continue;
                }

                var w = (Width - labelWidth) * (double)count / total;
                var shade = Shades[Math.Min(Shades.Length - 1, i * Shades.Length / Math.Max(1, groups.Count))];
                var ink = i * Shades.Length / Math.Max(1, groups.Count) < 3 ? "#fff" : "#1b1f24";
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{y}\" width=\"{N(w)}\" height=\"{barHeight}\" fill=\"{shade}\" stroke=\"#fff\"><title>{E(rows[r] + ": " + labels[i] + " " + count.ToString(CultureInfo.InvariantCulture))}</title></rect>");
                if (w > 22)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + (w / 2))}\" y=\"{y + 17}\" text-anchor=\"middle\" font-size=\"12\" fill=\"{ink}\">{count}</text>");
                }

                x += w;
            }
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
