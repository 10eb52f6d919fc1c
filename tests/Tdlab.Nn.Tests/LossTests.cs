using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

public class LossTests
{
    private static readonly int[] Labels = [2, 0, 1, 2, 1];

    private static Tensor<double> PlusMinusOne(ulong seed, params int[] dims) => GradCheck.Randn(seed, dims).Sign();

    [Fact]
    public void Cross_entropy_matches_the_definition()
    {
        var z = GradCheck.Randn(1, 5, 3);
        double expected = 0;
        for (int b = 0; b < 5; b++)
        {
            double lse = Math.Log(Enumerable.Range(0, 3).Sum(j => Math.Exp(z[b, j])));
            expected += lse - z[b, Labels[b]];
        }

        Assert.Equal(expected / 5, Loss.CrossEntropy(z, Labels).ItemDouble(), 1e-14);
    }

    [Fact]
    public void Cross_entropy_is_stable_for_huge_logits()
    {
        var z = Tensor.From([1000.0, -1000.0, 0.0, 2000.0], 2, 2);
        var loss = Loss.CrossEntropy(z, [1, 0]).ItemDouble();
        Assert.Equal((2000.0 + 2000.0) / 2, loss, 1e-9);
    }

    [Fact]
    public void Cross_entropy_gradients_first_and_second_order() =>
        GradCheck.CheckTwice(x => Loss.CrossEntropy(x[0], Labels), [GradCheck.Randn(2, 5, 3)], "cross_entropy");

    [Fact]
    public void Cross_entropy_per_member_gradients_first_and_second_order()
    {
        int[] labels = [0, 1, 1, 2, 2, 0];   // 2 members x 3 rows
        GradCheck.CheckTwice(x => Loss.CrossEntropy(x[0], labels), [GradCheck.Randn(3, 2, 3, 3)], "cross_entropy_members");
        GradCheck.CheckTwice(x => Loss.CrossEntropy(x[0], labels.AsSpan(0, 3)), [GradCheck.Randn(4, 2, 3, 3)], "cross_entropy_shared");
    }

    [Fact]
    public void Cross_entropy_of_members_equals_each_member_alone()
    {
        var z = GradCheck.Randn(5, 2, 3, 4);
        int[] labels = [0, 3, 1, 2, 2, 0];
        var per = Loss.CrossEntropy(z, labels);
        Assert.Equal(new Shape(2), per.Shape);
        for (int m = 0; m < 2; m++)
        {
            var alone = Loss.CrossEntropy(z.SliceRows(m, 1).Reshape(3, 4), labels.AsSpan(3 * m, 3)).ItemDouble();
            Assert.Equal(alone, per[m], 1e-15);
        }
    }

    [Fact]
    public void Mse_logistic_exponential_soft_hinge_gradients_first_and_second_order()
    {
        var y = PlusMinusOne(7, 6, 1);
        GradCheck.CheckTwice(x => Loss.Mse(x[0], x[1]), [GradCheck.Randn(6, 6, 2), GradCheck.Randn(8, 6, 2)], "mse");
        GradCheck.CheckTwice(x => Loss.Logistic(x[0], y), [GradCheck.Randn(9, 6, 1)], "logistic");
        GradCheck.CheckTwice(x => Loss.Exponential(x[0], y), [GradCheck.Randn(10, 6, 1)], "exponential");
        GradCheck.CheckTwice(x => Loss.SoftHinge(x[0], y, beta: 3), [GradCheck.Randn(11, 6, 1)], "soft_hinge");
        GradCheck.CheckTwice(x => Loss.Mse(x[0], y).Sum(), [GradCheck.Randn(12, 3, 6, 1)], "mse_members_shared_target");
    }

    [Fact]
    public void Margin_losses_match_their_formulas()
    {
        var f = Tensor.From([0.5, -2.0, 3.0], 3, 1);
        var y = Tensor.From([1.0, 1.0, -1.0], 3, 1);
        double[] margins = [0.5, -2.0, -3.0];
        Assert.Equal(margins.Average(m => Math.Log(1 + Math.Exp(-m))), Loss.Logistic(f, y).ItemDouble(), 1e-14);
        Assert.Equal(margins.Average(m => Math.Exp(-m)), Loss.Exponential(f, y).ItemDouble(), 1e-13);
        Assert.Equal(margins.Average(m => Math.Log(1 + Math.Exp(2 * (1 - m))) / 2), Loss.SoftHinge(f, y, 2).ItemDouble(), 1e-14);
        var target = Tensor.From([1.0, 0.0, 1.0], 3, 1);
        Assert.Equal((0.25 + 4 + 4) / 3, Loss.Mse(f, target).ItemDouble(), 1e-15);
    }

    [Fact]
    public void Accuracy_counts_arg_max_hits()
    {
        var z = Tensor.From([0.1, 0.9, 0.8, 0.2, 0.3, 0.7, 0.6, 0.4], 4, 2);
        Assert.Equal(0.75, Loss.Accuracy(z, [1, 0, 1, 1]));
        var members = z.Reshape(2, 2, 2);
        Assert.Equal([0.5, 1.0], Loss.AccuracyPerMember(members, [1, 1, 1, 0]));
    }

    [Fact]
    public void Bad_labels_and_shapes_name_the_loss()
    {
        var z = GradCheck.Randn(1, 2, 3);
        Assert.Contains("CrossEntropy", Assert.Throws<ArgumentOutOfRangeException>(() => Loss.CrossEntropy(z, [0, 3])).Message);
        Assert.Contains("CrossEntropy", Assert.Throws<ArgumentException>(() => Loss.CrossEntropy(z, [0, 1, 2])).Message);
        Assert.Contains("Mse", Assert.Throws<ArgumentException>(() => Loss.Mse(z, GradCheck.Randn(2, 3, 2))).Message);
    }
}
