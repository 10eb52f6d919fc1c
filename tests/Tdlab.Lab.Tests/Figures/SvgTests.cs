using System.Xml.Linq;
using Tdlab.Lab.Figures;

namespace Tdlab.Lab.Tests.Figures;

public class SvgTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(-0.001, "0")]
    [InlineData(12.3456, "12.35")]
    [InlineData(-7.5, "-7.5")]
    [InlineData(1234567.0, "1234567")]
    public void Numbers_are_invariant_and_rounded_to_two_decimals(double v, string expected) =>
        Assert.Equal(expected, SvgWriter.N(v));

    [Fact]
    public void Math_text_raises_superscripts_and_escapes_markup()
    {
        string s = SvgWriter.MathText("a<b & 10^{-3} x", 10);
        var x = XElement.Parse("<t>" + s + "</t>");
        Assert.Equal("a<b & 10-3 x", x.Value);
        var sup = x.Elements("tspan").Single(e => e.Value == "-3");
        Assert.Equal("-4", sup.Attribute("dy")!.Value);
        Assert.Equal("7.5", sup.Attribute("font-size")!.Value);
        Assert.Equal("4", x.Elements("tspan").Last().Attribute("dy")!.Value); // back to the baseline
    }

    [Fact]
    public void Pathological_data_gives_valid_svg()
    {
        var fig = new Figure("edge cases & <escapes>");
        var ax = fig.AddPanel("x", "y", xLog: true, yLog: true);
        ax.Line([0, -1, 1, 2, 3, double.NaN, 5], [1, 2, double.NaN, 0, 1e300, 4, 5], "a \"quoted\" label");
        ax.Band([1, 2, 3], [1, 2, 3], [-1, 0.5, 1], [2, 3, 4], "band");
        ax.Scatter([double.PositiveInfinity, 1], [1, double.NegativeInfinity]);
        ax.Histogram([0, 0, -1], 5);
        ax.VLine(-3, "off-scale");
        ax.ShadeX(double.NegativeInfinity, 0.5, "left");
        var empty = fig.AddPanel();
        empty.Line([double.NaN], [double.NaN], "nothing");
        string svg = fig.ToSvg();
        var doc = XDocument.Parse(svg);
        Assert.DoesNotContain("NaN", svg);
        Assert.DoesNotContain("Infinity", svg);
        Assert.Contains(doc.Descendants().Attributes("d"), a => a.Value.StartsWith('M'));
        Assert.Equal("edge cases & <escapes>", doc.Descendants().First(e => e.Name.LocalName == "text").Value);
    }

    [Fact]
    public void Heatmap_draws_missing_cells_hatched_and_keys_them()
    {
        var fig = new Figure();
        var ax = fig.AddPanel();
        var z = new double[,] { { 1, double.NaN }, { 3, 4 } };
        ax.Heatmap(["a", "b"], ["r1", "r2"], z, "value");
        var doc = XDocument.Parse(fig.ToSvg());
        var rects = doc.Descendants().Where(e => e.Name.LocalName == "rect").ToList();
        Assert.Equal(2, rects.Count(r => r.Attribute("fill")?.Value == "url(#hatch)")); // the cell and its key
        Assert.Single(doc.Descendants(), e => e.Name.LocalName == "pattern");
        Assert.Contains(rects, r => r.Attribute("fill")?.Value == Colormap.Viridis(0).ToString());
        Assert.Contains(rects, r => r.Attribute("fill")?.Value == Colormap.Viridis(1).ToString());
    }

    [Fact]
    public void Viridis_ends_and_midpoint_match_the_published_table()
    {
        Assert.Equal("#440154", Colormap.Viridis(0).ToString());
        Assert.Equal("#21918c", Colormap.Viridis(0.5).ToString());
        Assert.Equal("#fde725", Colormap.Viridis(1).ToString());
        Assert.Equal("#fde725", Colormap.Viridis(7).ToString());
    }

    [Fact]
    public void Series_take_distinct_palette_colours_shared_with_the_twin_axis()
    {
        var ax = new Figure().AddPanel();
        var a = ax.Line([1, 2], [1, 2]);
        var b = ax.TwinY("acc").Line([1, 2], [2, 1]);
        var c = ax.Line([1, 2], [0, 1]);
        Assert.Equal([Palette.OkabeIto[0], Palette.OkabeIto[1], Palette.OkabeIto[2]], new[] { a.Color, b.Color, c.Color });
    }

    [Fact]
    public void Histogram_bins_cover_values_and_log_bins_drop_non_positive()
    {
        var (edges, counts) = Histogram.Bin([0, 1, 2, 3, 4, double.NaN], 4, logBins: false);
        Assert.Equal([0, 1, 2, 3, 4], edges);
        Assert.Equal([1, 1, 1, 2], counts);
        (edges, counts) = Histogram.Bin([0, -1, 0.01, 0.1, 1, 10], 3, logBins: true);
        Assert.Equal(4, counts.Sum());
        Assert.Equal(0.01, edges[0], 15);
        Assert.Equal(10, edges[^1], 12);
        var density = Histogram.FromValues([0, 1, 2, 3, 4], 4, false, true, null, Palette.Series(0));
        Assert.Equal(1, density.Counts.Select((h, i) => h * (density.Edges[i + 1] - density.Edges[i])).Sum(), 12);
    }

    [Fact]
    public void Mismatched_lengths_name_the_series()
    {
        var ax = new Figure().AddPanel();
        var e = Assert.Throws<ArgumentException>(() => ax.Line([1, 2, 3], [1, 2], "loss"));
        Assert.Contains("'loss'", e.Message);
        Assert.Throws<ArgumentException>(() => ax.Bars(["a", "b"], [1.0], "acc"));
    }

    [Fact]
    public void Fixed_grid_rejects_extra_panels_and_save_creates_folders()
    {
        var fig = Figure.Grid(1, 2);
        fig.AddPanel(); fig.AddPanel();
        Assert.Throws<InvalidOperationException>(() => fig.AddPanel());
        string dir = Path.Combine(Path.GetTempPath(), "tdlab-fig-" + Guid.NewGuid().ToString("N"), "sub");
        try
        {
            string path = Path.Combine(dir, "f.svg");
            fig.Save(path);
            Assert.Equal(fig.ToSvg(), File.ReadAllText(path));
        }
        finally { Directory.Delete(Path.GetDirectoryName(dir)!, true); }
    }
}
