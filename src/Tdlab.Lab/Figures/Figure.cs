using System.Text;

namespace Tdlab.Lab.Figures;

/// <summary>
/// An SVG figure: a title over a grid of panels (<see cref="Axes"/>). Panels fill the grid row by
/// row. A figure from the constructor grows its grid as panels are added (up to 3 columns); one from
/// <see cref="Grid"/> has a fixed grid and may share axis limits across panels.
/// <code>
/// var fig = new Figure("Loss vs depth");
/// var ax = fig.AddPanel("step", "loss", yLog: true);
/// ax.Band(steps, mean, lo, hi, "Kaiming");
/// ax.VLine(1000, "warm-up ends");
/// fig.Save("runs/loss.svg");
/// </code>
/// </summary>
public sealed class Figure
{
    private readonly List<Axes> _panels = [];
    private readonly bool _fixedGrid;
    private int _rows = 1, _cols = 1;

    /// <summary>Creates a figure of the given pixel size (640 x 420 default).</summary>
    public Figure(string? title = null, double width = 640, double height = 420)
    {
        if (!(width > 0) || !(height > 0)) throw new ArgumentException($"Figure: size must be positive, got {width} x {height}.");
        Title = title; Width = width; Height = height;
    }

    /// <summary>
    /// Small multiples: a rows x cols grid. Default size gives each cell about 320 x 260 px.
    /// shareX / shareY give every panel the same x / y limits and label only the outer panels.
    /// </summary>
    public static Figure Grid(int rows, int cols, string? title = null, double? width = null, double? height = null,
        bool shareX = false, bool shareY = false)
    {
        if (rows < 1 || cols < 1) throw new ArgumentException($"Figure.Grid: need at least 1 x 1, got {rows} x {cols}.");
        double w = width ?? Math.Max(640, 320 * cols), h = height ?? Math.Max(420, 260 * rows + (title is null ? 0 : 30));
        return new Figure(title, w, h, rows, cols) { ShareX = shareX, ShareY = shareY };
    }

    private Figure(string? title, double width, double height, int rows, int cols) : this(title, width, height)
    {
        _fixedGrid = true; _rows = rows; _cols = cols;
    }

    /// <summary>Figure title (may hold ^{..}, _{..}).</summary>
    public string? Title { get; set; }

    /// <summary>Width in px.</summary>
    public double Width { get; set; }

    /// <summary>Height in px.</summary>
    public double Height { get; set; }

    /// <summary>Same x limits in every panel; x tick labels only on the bottom panel of each column.</summary>
    public bool ShareX { get; set; }

    /// <summary>Same y limits in every panel; y tick labels only on the first panel of each row.</summary>
    public bool ShareY { get; set; }

    /// <summary>CSS font list.</summary>
    public string FontFamily { get; set; } = "Helvetica, Arial, DejaVu Sans, sans-serif";

    /// <summary>Panels in the order added.</summary>
    public IReadOnlyList<Axes> Panels => _panels;

    /// <summary>Grid rows.</summary>
    public int Rows => _rows;

    /// <summary>Grid columns.</summary>
    public int Columns => _cols;

    /// <summary>Adds the next panel (row-major).</summary>
    public Axes AddPanel(string? xLabel = null, string? yLabel = null, bool xLog = false, bool yLog = false, string? title = null)
    {
        if (_fixedGrid && _panels.Count == _rows * _cols)
            throw new InvalidOperationException($"Figure.AddPanel: the {_rows} x {_cols} grid is full.");
        var ax = new Axes(new Axis(xLabel, xLog ? AxisScale.Log10 : AxisScale.Linear), new Axis(yLabel, yLog ? AxisScale.Log10 : AxisScale.Linear))
        {
            Title = title,
        };
        _panels.Add(ax);
        if (!_fixedGrid)
        {
            _cols = Math.Min(_panels.Count, 3);
            _rows = (_panels.Count + _cols - 1) / _cols;
        }
        return ax;
    }

    /// <summary>The panel at (row, col), or null where the grid cell is empty.</summary>
    public Axes? Panel(int row, int col)
    {
        int i = row * _cols + col;
        return row >= 0 && col >= 0 && col < _cols && i < _panels.Count ? _panels[i] : null;
    }

    /// <summary>The figure as an SVG document.</summary>
    public string ToSvg()
    {
        var svg = new SvgWriter();
        svg.Rect(0, 0, Width, Height, "#ffffff");
        double titleH = 0;
        if (Title is not null)
        {
            svg.Text(Width / 2, 22, Title, 15, "middle", weight: "600");
            titleH = 30;
        }
        if (_panels.Count == 0) return svg.Document(Width, Height, FontFamily);

        ResolveLimits();
        double cellW = Width / _cols, cellH = (Height - titleH) / _rows;
        var m = _panels.Select(p => p.Measure(cellW, cellH)).ToArray();
        // align plot areas: per column the widest left/right margins, per row the tallest top/bottom
        var left = new double[_cols]; var right = new double[_cols]; var top = new double[_rows]; var bottom = new double[_rows];
        for (int i = 0; i < _panels.Count; i++)
        {
            int r = i / _cols, c = i % _cols;
            left[c] = Math.Max(left[c], m[i].Left); right[c] = Math.Max(right[c], m[i].Right);
            top[r] = Math.Max(top[r], m[i].Top); bottom[r] = Math.Max(bottom[r], m[i].Bottom);
        }
        for (int i = 0; i < _panels.Count; i++)
        {
            int r = i / _cols, c = i % _cols;
            var plot = new PixelRect(c * cellW + left[c], titleH + r * cellH + top[r],
                Math.Max(cellW - left[c] - right[c], 10), Math.Max(cellH - top[r] - bottom[r], 10));
            _panels[i].Render(svg, plot);
        }
        return svg.Document(Width, Height, FontFamily);
    }

    /// <summary>Writes the SVG (UTF-8, no BOM), creating the folder if needed.</summary>
    public void Save(string path)
    {
        try
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            File.WriteAllText(path, ToSvg(), new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Figure.Save: cannot write '{path}': {e.Message}", e);
        }
    }

    /// <summary>Per-panel limits, unioned over panels on shared axes; hides inner tick labels.</summary>
    private void ResolveLimits()
    {
        var data = _panels.Select(p => p.DataLimits()).ToArray();
        var all = data.Aggregate(AxisLimits.Empty, (a, b) => a.Union(b));
        for (int i = 0; i < _panels.Count; i++)
        {
            var p = _panels[i];
            p.Resolve(ShareX ? all : data[i], ShareY ? all : data[i]);
            int r = i / _cols, c = i % _cols;
            p.ShowXTickLabels = !ShareX || (r + 1) * _cols + c >= _panels.Count;
            p.ShowYTickLabels = !ShareY || c == 0;
        }
    }
}
