namespace Tdlab.Experiments.Common;

/// <summary>Sweep axes.</summary>
public static class Grids
{
    /// <summary>n values 10^(log lo + i (log hi - log lo)/(n-1)), rounded to 6 significant digits so run ids stay stable.</summary>
    public static double[] LogSpace(double lo, double hi, int n)
    {
        if (n < 1 || lo <= 0 || hi <= 0) throw new ArgumentException($"LogSpace: needs n >= 1 and positive bounds, got {lo}, {hi}, {n}");
        if (n == 1) return [lo];
        double a = Math.Log10(lo), b = Math.Log10(hi);
        return Enumerable.Range(0, n).Select(i => Round(Math.Pow(10, a + (b - a) * i / (n - 1)))).ToArray();
    }

    private static double Round(double x) => double.Parse(x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
}
