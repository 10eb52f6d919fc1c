using Tdlab.Data.Synthetic;
using Tdlab.Tensors.Random;

namespace Tdlab.Data.Tests.Synthetic;

public class SyntheticTests
{
    [Fact]
    public void GaussianMixtureIsBalancedSeparableAndReproducible()
    {
        var a = GaussianMixture.Generate(new Rng(1, "gm"), dim: 20, classes: 4, trainCount: 4000, testCount: 400);
        var b = GaussianMixture.Generate(new Rng(1, "gm"), dim: 20, classes: 4, trainCount: 4000, testCount: 400);
        Assert.Equal(a.Train.Features, b.Train.Features);
        Assert.Equal(a.Train.Labels, b.Train.Labels);
        Assert.All(Enumerable.Range(0, 4), k => Assert.Equal(1000, a.Train.Labels!.Count(l => l == k)));

        // The nearest class mean (estimated on train) classifies the test set far above chance.
        var means = new double[4, 20];
        for (int i = 0; i < a.Train.Count; i++)
            for (int j = 0; j < 20; j++) means[a.Train.Labels![i], j] += a.Train.Features[i * 20 + j] / 1000.0;
        int correct = 0;
        for (int i = 0; i < a.Test.Count; i++)
        {
            int best = -1; double bestD = double.MaxValue;
            for (int k = 0; k < 4; k++)
            {
                double d = 0;
                for (int j = 0; j < 20; j++) d += Math.Pow(a.Test.Features[i * 20 + j] - means[k, j], 2);
                if (d < bestD) { bestD = d; best = k; }
            }

            if (best == a.Test.Labels![i]) correct++;
        }

        Assert.InRange(correct / 400.0, 0.6, 1.0);
    }

    [Fact]
    public void TeacherStudentLabelsBothClassesAndRegressesDeterministically()
    {
        var c = TeacherStudent.Classification(new Rng(2, "ts"), dim: 10, hidden: 16, classes: 2, trainCount: 2000, testCount: 100);
        double ones = c.Train.Labels!.Average();
        Assert.InRange(ones, 0.2, 0.8);
        var r1 = TeacherStudent.Regression(new Rng(3, "ts"), 10, 16, 1, 50, 10);
        var r2 = TeacherStudent.Regression(new Rng(3, "ts"), 10, 16, 1, 50, 10);
        Assert.Equal(r1.Train.Targets, r2.Train.Targets);
        Assert.Equal(new Tensors.Shape(3, 10), r1.Train.X<double>([0, 1, 2]).Shape);
        Assert.Equal((double)r1.Train.Targets![1], r1.Train.Y<double>([1])[0]);
    }
}
