using Tdlab.Lab.Figures;

namespace Tdlab.Lab.Tests.Figures;

public class TicksTests
{
    [Theory]
    [InlineData(0.13, 0.2)]
    [InlineData(0.2, 0.2)]
    [InlineData(0.21, 0.5)]
    [InlineData(7, 10)]
    [InlineData(1, 1)]
    [InlineData(3e-5, 5e-5)]
    [InlineData(1.5e6, 2e6)]
    public void NiceStep_rounds_up_to_1_2_5_times_power_of_ten(double raw, double expected) =>
        Assert.Equal(expected, Ticks.NiceStep(raw), 12);

    [Fact]
    public void Linear_ticks_over_unit_interval_are_tenths_times_two()
    {
        var t = Ticks.Linear(0, 1, 6);
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], t.Select(x => x.Value).ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal(["0", "0.2", "0.4", "0.6", "0.8", "1.0"], t.Select(x => x.Label).ToArray());
    }

    [Fact]
    public void Linear_ticks_stay_inside_range_and_use_unicode_minus()
    {
        var t = Ticks.Linear(-3.7, 12.1, 6);
        Assert.All(t, x => Assert.InRange(x.Value, -3.7, 12.1));
        Assert.Equal(["\u22122", "0", "2", "4", "6", "8", "10", "12"], t.Select(x => x.Label).ToArray());
    }

    [Fact]
    public void Linear_ticks_pick_step_closest_to_target_count()
    {
        // span 1060 with 5 intervals wanted: 200 (5.3 intervals) beats 500 (2.1)
        var t = Ticks.Linear(-30, 1030, 5);
        Assert.Equal([0, 200, 400, 600, 800, 1000], t.Select(x => x.Value).ToArray());
    }

    [Fact]
    public void Large_linear_values_are_written_in_powers_of_ten()
    {
        var t = Ticks.Linear(0, 4e5, 4);
        Assert.Equal(["0", "1\u00D710^{5}", "2\u00D710^{5}", "3\u00D710^{5}", "4\u00D710^{5}"], t.Select(x => x.Label).ToArray());
    }

    [Fact]
    public void Log_ticks_over_five_decades_label_each_decade_with_superscripts()
    {
        var t = Ticks.Log10(1e-3, 1e1);
        var labelled = t.Where(x => x.Label.Length > 0).ToArray();
        Assert.Equal([1e-3, 1e-2, 1e-1, 1, 10], labelled.Select(x => x.Value).ToArray(), new ToleranceComparer(1e-15));
        Assert.Equal(["10^{\u22123}", "10^{\u22122}", "10^{\u22121}", "10^{0}", "10^{1}"], labelled.Select(x => x.Label).ToArray());
        Assert.All(labelled, x => Assert.True(x.Major));
        // minor ticks at 2..9 x 10^k inside each of the 4 full decades
        var minor = t.Where(x => !x.Major).Select(x => x.Value).ToArray();
        Assert.Equal(4 * 8, minor.Length);
        Assert.Contains(minor, v => Math.Abs(v - 0.002) < 1e-15);
        Assert.Contains(minor, v => Math.Abs(v - 9) < 1e-12);
    }

    [Fact]
    public void Log_ticks_over_many_decades_label_every_kth_decade()
    {
        var t = Ticks.Log10(1e-16, 1e16, 8);
        var labelled = t.Where(x => x.Label.Length > 0).Select(x => Math.Log10(x.Value)).ToArray();
        Assert.Equal([-15, -10, -5, 0, 5, 10, 15], labelled, new ToleranceComparer(1e-9));
        Assert.Equal(33, t.Count); // one tick per decade, no 2..9 minors
        var huge = Ticks.Log10(1, 1e300, 8).Where(x => x.Label.Length > 0).Select(x => Math.Log10(x.Value)).ToArray();
        Assert.Equal([0, 50, 100, 150, 200, 250, 300], huge, new ToleranceComparer(1e-9)); // stride 50, not 38
    }

    [Fact]
    public void Log_ticks_within_one_decade_fall_back_to_plain_labels()
    {
        var t = Ticks.Log10(0.03, 0.6);
        Assert.Equal(["0.05", "0.1", "0.2", "0.5"], t.Where(x => x.Label.Length > 0).Select(x => x.Label).ToArray());
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-1.0, 1.0)]
    [InlineData(1.0, 0.5)]
    public void Log_ticks_reject_non_positive_or_empty_ranges(double lo, double hi) =>
        Assert.Throws<ArgumentException>(() => Ticks.Log10(lo, hi));

    [Fact]
    public void Horizontal_tick_labels_do_not_overlap()
    {
        var axis = new Axis();
        var ticks = axis.ChooseTicks(0, 123456, 150, horizontal: true).Where(t => t.Label.Length > 0).ToArray();
        var tr = new AxisTransform(0, 123456, 0, 150, AxisScale.Linear);
        for (int i = 1; i < ticks.Length; i++)
        {
            double gap = tr.ToPixel(ticks[i].Value) - tr.ToPixel(ticks[i - 1].Value);
            double need = (SvgWriter.TextWidth(ticks[i].Label, 11) + SvgWriter.TextWidth(ticks[i - 1].Label, 11)) / 2;
            Assert.True(gap >= need, $"labels '{ticks[i - 1].Label}' and '{ticks[i].Label}' overlap: gap {gap} < {need}");
        }
        Assert.True(ticks.Length >= 2);
    }

    private sealed class ToleranceComparer(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tol * Math.Max(1, Math.Abs(a));
        public int GetHashCode(double v) => 0;
    }
}
