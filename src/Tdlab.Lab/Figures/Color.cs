using System.Globalization;

namespace Tdlab.Lab.Figures;

/// <summary>An sRGB colour, written to SVG as #rrggbb.</summary>
public readonly record struct Color(byte R, byte G, byte B)
{
    /// <summary>Parses "#rrggbb".</summary>
    public static Color Parse(string hex)
    {
        string h = hex.TrimStart('#');
        if (h.Length != 6 || !int.TryParse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int v))
            throw new FormatException($"Color.Parse: '{hex}' is not #rrggbb.");
        return new((byte)(v >> 16), (byte)(v >> 8), (byte)v);
    }

    /// <summary>Linear blend: (1 - t) * a + t * b per channel, t clamped to [0, 1].</summary>
    public static Color Lerp(Color a, Color b, double t)
    {
        t = Math.Clamp(t, 0, 1);
        static byte L(byte p, byte q, double t) => (byte)Math.Round(p + (q - p) * t);
        return new(L(a.R, b.R, t), L(a.G, b.G, t), L(a.B, b.B, t));
    }

    /// <summary>Relative luminance (Rec. 709 weights on gamma-encoded channels), in [0, 1].</summary>
    public double Luminance => (0.2126 * R + 0.7152 * G + 0.0722 * B) / 255.0;

    /// <summary>"#rrggbb".</summary>
    public override string ToString() => $"#{R:x2}{G:x2}{B:x2}";

    /// <summary>Near-black used for axes and text.</summary>
    public static Color Ink => new(0x22, 0x22, 0x22);

    /// <summary>Mid grey used for annotations.</summary>
    public static Color Grey => new(0x55, 0x55, 0x55);
}
