using Tdlab.Data.Sequences;
using Tdlab.Tensors.Random;

namespace Tdlab.Data.Tests.Sequences;

public class SequenceTaskTests
{
    [Fact]
    public void CopyTaskPresentsTheSymbolsThenBlanksAndTheDelimiterAndLabelsTheRecallWindow()
    {
        const int batch = 5, k = 3, delay = 7, alphabet = 4;
        var s = CopyTask.Generate(new Rng(11, "copy"), batch, k, delay, alphabet);
        Assert.Equal(delay + 2 * k, s.Length);
        Assert.Equal(alphabet + 2, s.InputDim);
        Assert.Equal(k, s.OutputSteps);
        Assert.Equal(Math.Log(alphabet), s.BaselineLoss, 12);
        int Hot(int t, int b)
        {
            var row = s.Inputs.AsSpan((t * batch + b) * s.InputDim, s.InputDim).ToArray();
            Assert.Equal(1f, row.Sum());
            return Array.IndexOf(row, 1f);
        }

        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < k; j++) Assert.Equal(s.Labels![j * batch + b], Hot(j, b));
            for (int t = k; t < s.Length; t++)
                Assert.Equal(t == k + delay - 1 ? alphabet + 1 : alphabet, Hot(t, b));
        }

        var again = CopyTask.Generate(new Rng(11, "copy"), batch, k, delay, alphabet);
        Assert.Equal(s.Inputs, again.Inputs);
        Assert.Equal(s.Labels, again.Labels);
        Assert.Equal([s.Length, batch, s.InputDim], s.X<double>().Shape.ToArray());
    }

    [Fact]
    public void CopySymbolsAreUniformOverTheAlphabet()
    {
        var s = CopyTask.Generate(new Rng(2, "copy"), 2000, 2, 3, 4);
        foreach (int symbol in Enumerable.Range(0, 4))
            Assert.InRange(s.Labels!.Count(l => l == symbol) / 4000.0, 0.22, 0.28);
    }

    [Fact]
    public void AddingProblemMarksOneStepPerHalfAndTargetsTheirSum()
    {
        const int batch = 6, length = 9;
        var s = AddingProblem.Generate(new Rng(5, "adding"), batch, length);
        Assert.Equal(1, s.OutputSteps);
        for (int b = 0; b < batch; b++)
        {
            var marks = Enumerable.Range(0, length).Where(t => s.Inputs[(t * batch + b) * 2 + 1] == 1).ToArray();
            Assert.Equal(2, marks.Length);
            Assert.InRange(marks[0], 0, length / 2 - 1);
            Assert.InRange(marks[1], length / 2, length - 1);
            Assert.Equal(marks.Sum(t => s.Inputs[(t * batch + b) * 2]), s.Targets![b], 6);
            Assert.All(Enumerable.Range(0, length), t => Assert.InRange(s.Inputs[(t * batch + b) * 2], 0f, 1f));
        }

        Assert.Equal([batch, 1], s.Y<float>().Shape.ToArray());
    }

    [Fact]
    public void AddingBaselineIsTheMseOfPredictingOne()
    {
        var s = AddingProblem.Generate(new Rng(7, "adding"), 20000, 10);
        double mse = s.Targets!.Average(y => (y - 1.0) * (y - 1.0));
        Assert.Equal(AddingProblem.BaselineMse, mse, 0.01);
    }

    [Fact]
    public void BadSizesNameTheGenerator()
    {
        Assert.Contains("CopyTask", Assert.Throws<ArgumentException>(() => CopyTask.Generate(new Rng(1), 4, 0, 5)).Message);
        Assert.Contains("AddingProblem", Assert.Throws<ArgumentException>(() => AddingProblem.Generate(new Rng(1), 4, 1)).Message);
        Assert.Contains("labels", Assert.Throws<InvalidOperationException>(() => CopyTask.Generate(new Rng(1), 2, 1, 2).Y<float>()).Message);
    }
}
