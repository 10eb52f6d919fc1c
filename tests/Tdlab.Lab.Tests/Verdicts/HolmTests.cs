using Tdlab.Lab.Claims;

namespace Tdlab.Lab.Tests.Verdicts;

public class HolmTests
{
    [Fact]
    public void Holm_steps_down_until_the_first_failure()
    {
        // k = 5, alpha = 0.05. Sorted: 0.001 < 0.05/5 = 0.01; 0.012 < 0.05/4 = 0.0125; 0.02 > 0.05/3 = 0.01667 -> stop.
        // 0.04 and 0.03 would pass an unadjusted 0.05 test but are not rejected.
        double[] p = [0.04, 0.001, 0.02, 0.012, 0.03];
        Assert.Equal([false, true, false, true, false], Holm.Reject(p, 0.05));
    }

    [Fact]
    public void Holm_rejects_all_when_every_step_passes_and_none_when_the_smallest_fails()
    {
        Assert.Equal([true, true, true], Holm.Reject([0.01, 0.02, 0.049], 0.05));
        Assert.Equal([false, false], Holm.Reject([0.026, 0.03], 0.05));
        Assert.Equal([false, true], Holm.Reject([double.NaN, 0.001], 0.05));
    }
}
