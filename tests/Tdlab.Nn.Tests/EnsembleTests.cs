using Tdlab.Nn.Optim;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Nn.Tests;

/// <summary>
/// A member trained inside an ensemble (its own seed, init scale, learning rate and batches) follows the
/// trajectory of the same member trained alone, to 1e-12 relative, in float64.
/// </summary>
public class EnsembleTests
{
    private const int In = 4, Out = 3, Batch = 6, Steps = 20;
    private static readonly ulong[] Seeds = [11, 22, 33];
    private static readonly double[] Scales = [0.5, 1.0, 2.0];
    private static readonly double[] Rates = [0.05, 0.1, 0.2];

    private static Sequential<double> Net(Members members) =>
        Mlp.Build<double>(In, [8, 8], Out, members, Activation.Tanh);

    /// <summary>Member e's batch at step t: inputs (Batch, In) and labels, from its own stream.</summary>
    private static (double[] X, int[] Y) MemberBatch(int member, int step)
    {
        var rng = new Rng(Seeds[member], $"data/{step}");
        var x = new double[Batch * In];
        rng.Normal<double>(x, 0.0, 1.0);
        var y = Enumerable.Range(0, Batch).Select(_ => rng.NextInt(Out)).ToArray();
        return (x, y);
    }

    private static double[] Flat(Module<double> m) => m.Parameters().SelectMany(p => p.ToArray()).ToArray();

    /// <summary>Member e's slice of every ensemble parameter, concatenated in parameter order.</summary>
    private static double[] MemberSlice(Module<double> ensemble, int e) =>
        ensemble.Parameters().SelectMany(p => p.ToArray().Skip(e * (p.Length / Seeds.Length)).Take(p.Length / Seeds.Length)).ToArray();

    private static void AssertSame(double[] alone, double[] inEnsemble, string what)
    {
        double scale = alone.Max(Math.Abs), diff = 0;
        for (int i = 0; i < alone.Length; i++) diff = Math.Max(diff, Math.Abs(alone[i] - inEnsemble[i]));
        Assert.True(diff <= 1e-12 * scale, $"{what}: max difference {diff:E3} (scale {scale:G4})");
    }

    [Fact]
    public void Members_with_own_seed_scale_rate_and_batches_match_training_alone()
    {
        int e = Seeds.Length;
        var ensemble = Net(Members.Ensemble(Seeds, "init", Scales));
        var opt = new Sgd<double>([new ParamGroup<double>(ensemble.Parameters(), 0) { MemberLearningRates = Rates }], momentum: 0.9);
        var singles = Enumerable.Range(0, e).Select(m => Net(Members.Single(new Rng(Seeds[m], "init"), Scales[m]))).ToArray();
        var singleOpts = singles.Select((s, m) => new Sgd<double>(s.Parameters(), Rates[m], momentum: 0.9)).ToArray();

        for (int m = 0; m < e; m++) AssertSame(Flat(singles[m]), MemberSlice(ensemble, m), $"member {m} at init");
        for (int t = 0; t < Steps; t++)
        {
            var batches = Enumerable.Range(0, e).Select(m => MemberBatch(m, t)).ToArray();
            using (TensorScope.Begin())
            {
                var x = Tensor.From(batches.SelectMany(b => b.X).ToArray(), e, Batch, In);
                var losses = Loss.CrossEntropy(ensemble.Forward(x), batches.SelectMany(b => b.Y).ToArray());
                Assert.Equal(new Shape(e), losses.Shape);
                opt.ZeroGrad();
                losses.Sum().Backward();
                opt.Step();
            }

            for (int m = 0; m < e; m++)
            {
                using (TensorScope.Begin())
                {
                    var loss = Loss.CrossEntropy(singles[m].Forward(Tensor.From(batches[m].X, Batch, In)), batches[m].Y);
                    singleOpts[m].ZeroGrad();
                    loss.Backward();
                    singleOpts[m].Step();
                }
            }

            for (int m = 0; m < e; m++) AssertSame(Flat(singles[m]), MemberSlice(ensemble, m), $"member {m} after step {t + 1}");
        }

        // The members really are different (seeds, scales and rates all matter).
        Assert.NotEqual(MemberSlice(ensemble, 0), MemberSlice(ensemble, 1));
    }

    [Fact]
    public void Members_on_a_shared_batch_with_adam_and_mse_match_training_alone()
    {
        int e = Seeds.Length;
        var ensemble = Mlp.Build<double>(In, [8], 1, Members.Ensemble(Seeds, "init", Scales), Activation.Relu);
        var opt = new Adam<double>([new ParamGroup<double>(ensemble.Parameters(), 0) { MemberLearningRates = Rates, DecoupledWeightDecay = 0.01 }]);
        var singles = Enumerable.Range(0, e).Select(m => Mlp.Build<double>(In, [8], 1, Members.Single(new Rng(Seeds[m], "init"), Scales[m]), Activation.Relu)).ToArray();
        var singleOpts = singles.Select((s, m) => new Adam<double>(s.Parameters(), Rates[m], decoupledWeightDecay: 0.01)).ToArray();
        for (int t = 0; t < Steps; t++)
        {
            var (xs, _) = MemberBatch(0, t);
            var target = Tensor.From(xs.Take(Batch).ToArray(), Batch, 1);
            var x = Tensor.From(xs, Batch, In);
            var losses = Loss.Mse(ensemble.Forward(x), target);
            opt.ZeroGrad();
            losses.Sum().Backward();
            opt.Step();
            for (int m = 0; m < e; m++)
            {
                var loss = Loss.Mse(singles[m].Forward(x), target);
                Assert.Equal(loss.ItemDouble(), losses[m], 1e-12);
                singleOpts[m].ZeroGrad();
                loss.Backward();
                singleOpts[m].Step();
            }
        }

        for (int m = 0; m < e; m++) AssertSame(Flat(singles[m]), MemberSlice(ensemble, m), $"member {m}");
    }
}
