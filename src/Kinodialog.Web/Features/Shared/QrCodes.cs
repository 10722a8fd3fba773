using QRCoder;

namespace Kinodialog.Web.Features.Shared;

/// <summary>QR codes drawn on our server as SVG: no image service ever sees the join link.</summary>
public static class QrCodes
{
    public static string Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(8, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
        return svg;
    }

    /// <summary>The SVG as a data: URI for an &lt;img&gt; (CSP allows data: images; no request leaves the page).</summary>
    public static string SvgDataUri(string text) =>
        "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Svg(text)));
}
