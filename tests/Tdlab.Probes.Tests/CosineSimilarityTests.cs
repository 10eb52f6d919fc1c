namespace Tdlab.Probes.Tests;

public class CosineSimilarityTests
{
    [Fact]
    public void MatchesTheHandValue()
    {
        // (3, 4) . (4, 3) = 24, both of norm 5.
        Assert.Equal(24.0 / 25, CosineSimilarity.Of([3, 4], [4, 3]), 15);
        Assert.Equal(-24.0 / 25, CosineSimilarity.Of([-3, -4], [4, 3]), 15);
        Assert.Equal(24.0 / 25, CosineSimilarity.Absolute([-3, -4], [4, 3]), 15);
    }

    [Fact]
    public void IsOneAlongTheDirectionAndZeroAcrossIt()
    {
        Assert.Equal(1, CosineSimilarity.Absolute([-2, 0, 0], [0.5, 0, 0]), 15);
        Assert.Equal(0, CosineSimilarity.Absolute([0, 1, 0], [0.5, 0, 0]), 15);
    }

    [Fact]
    public void ZeroVectorHasNoDirection() => Assert.True(double.IsNaN(CosineSimilarity.Of([0, 0], [1, 0])));
}
