using QRCoder;

namespace Kinodialog.Web.Features.Screenings;

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
}
