namespace Tdlab.Serve.Tests;

public class SeedBandTests
{
    [Fact]
    public void Mean_band_and_sd_per_step_over_finite_values_only()
    {
        (int, double)[] a = [(0, 1.0), (1, 2.0), (2, double.NaN)];
        (int, double)[] b = [(0, 3.0), (1, 6.0), (2, 5.0)];
        SeedBand band = SeedBand.Over([a, b]);
        Assert.Equal([0, 1, 2], band.Steps);
        Assert.Equal([2.0, 4.0, 5.0], band.Mean);
        Assert.Equal([1.0, 2.0, 5.0], band.Min);
        Assert.Equal([3.0, 6.0, 5.0], band.Max);
        Assert.Equal([2, 2, 1], band.Count);        // the NaN at step 2 is left out, not averaged in
        Assert.Equal(Math.Sqrt(2), band.Sd[0], 12); // s = sqrt(((1-2)^2 + (3-2)^2) / 1)
        Assert.Equal(0, band.Sd[2]);
    }

    [Fact]
    public void A_step_where_every_run_diverged_has_no_mean()
    {
        SeedBand band = SeedBand.Over([[(4, double.PositiveInfinity)], [(4, double.NaN)]]);
        Assert.Equal([4], band.Steps);
        Assert.True(double.IsNaN(band.Mean[0]));
        Assert.Equal(0, band.Count[0]);
    }

    [Fact]
    public void Long_curves_are_thinned_keeping_the_first_and_last_step()
    {
        (int, double)[] run = Enumerable.Range(0, 5001).Select(k => (k, (double)k)).ToArray();
        SeedBand band = SeedBand.Over([run]);
        Assert.True(band.Steps.Length <= SeedBand.MaxPoints);
        Assert.Equal(0, band.Steps[0]);
        Assert.Equal(5000, band.Steps[^1]);
        Assert.Equal(band.Steps.Select(s => (double)s), band.Mean);
    }
}
