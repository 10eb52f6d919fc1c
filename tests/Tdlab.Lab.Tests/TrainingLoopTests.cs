using Tdlab.Lab.Training;
using Tdlab.Nn.Optim;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Lab.Tests;

/// <summary>The one training loop: exact steps on a quadratic, divergence per member, stopping before the update, hooks in order.</summary>
public class TrainingLoopTests
{
    [Fact]
    public void Gradient_descent_on_a_quadratic_follows_the_closed_form()
    {
        // L(w) = a w^2 / 2, w_{k+1} = (1 - lr a) w_k.
        var w = Tensor.From([1.0], 1);
        w.RequiresGrad = true;
        var loop = new TrainingLoop<double>(new Sgd<double>([w], 0.1)) { Loss = _ => (w * w * 1.5).Sum() };
        Assert.Null(loop.Run(1, 10));
        Assert.Equal(Math.Pow(1 - 0.1 * 3, 10), w[0], 14);
    }

    [Fact]
    public void A_diverging_member_is_reported_once_and_the_others_go_on()
    {
        // Two members w_e with losses a_e w_e^2 / 2; member 1 has lr a = 3 > 2 and its loss overflows.
        var w = Tensor.From([1.0, 1.0], 2);
        w.RequiresGrad = true;
        var a = Tensor.From([1.0, 3000.0], 2);
        var reports = new List<(int Member, int Step)>();
        var order = new List<string>();
        var loop = new TrainingLoop<double>(new Sgd<double>([w], 1.0))
        {
            Members = 2,
            Loss = _ => w * w * a * 0.5,
            Diverged = (e, step, _) => reports.Add((e, step)),
            BeforeStep = s => order.Add($"before {s}"),
            AfterStep = (s, losses, _) => order.Add($"after {s}"),
        };
        int? stopped = loop.Run(1, 400);
        Assert.Equal([(1, reports[0].Step)], reports);
        Assert.True(loop.HasDiverged(1));
        Assert.False(loop.HasDiverged(0));
        Assert.Null(stopped);
        Assert.Equal(0.0, w[0]);   // lr a = 1: member 0 reaches the minimum in one step and stays
        Assert.Equal(["before 1", "after 1", "before 2"], order.Take(3));
    }

    [Fact]
    public void Stop_when_stops_before_the_update_of_that_step()
    {
        var w = Tensor.From([1.0], 1);
        w.RequiresGrad = true;
        var loop = new TrainingLoop<double>(new Sgd<double>([w], 0.25))
        {
            Loss = _ => (w * w * 0.5).Sum(),
            StopWhen = (step, losses) => step == 3,
        };
        Assert.Equal(3, loop.Run(1, 10));
        Assert.Equal(Math.Pow(0.75, 2), w[0], 15);   // steps 1 and 2 updated, step 3 did not
    }

    [Fact]
    public void Minibatches_cut_one_permutation_per_pass_and_drop_the_remainder()
    {
        var batches = new Minibatches(10, 3, new Rng(7, "order"));
        var reference = new Rng(7, "order");
        int[] first = reference.Permutation(10), second = reference.Permutation(10);
        Assert.Equal(3, batches.StepsPerEpoch);
        Assert.Equal(first[..3], batches.Next().ToArray());
        Assert.Equal(first[3..6], batches.Next().ToArray());
        Assert.Equal(first[6..9], batches.Next().ToArray());
        Assert.Equal(second[..3], batches.Next().ToArray());
    }
}
