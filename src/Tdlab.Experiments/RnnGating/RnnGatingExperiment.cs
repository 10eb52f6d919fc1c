using System.Numerics;
using Tdlab.Data.Sequences;
using Tdlab.Lab;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Nn.Optim;
using Tdlab.Probes;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Experiments.RnnGating;

/// <summary>
/// Trainability of vanilla vs gated recurrent nets (seed 000, topic 3): vanilla tanh RNN, GRU, LSTM and
/// minimalRNN (Chen, Pennington and Schoenholz 2018) of one hidden size, recurrent weights Gaussian with scale
/// sigma_w or orthogonal with gain sigma_w, on the copy task and the adding problem at lengths T. Each run
/// probes ||dL/dh_t|| for every t at init and during training (Pascanu, Mikolov and Bengio 2013) and records the
/// loss. All runs of one replicate see the same sequences (per task and T) and the same standard-normal draws
/// behind each model's weights, so runs differ only in what the grid varies.
/// </summary>
public sealed partial class RnnGatingExperiment : Experiment<RnnGatingConfig, RnnGatingRun>
{
    private static readonly string[] KnownTasks = [CopyTask.Name, AddingProblem.Name];
    private static readonly string[] KnownModels = ["rnn", "gru", "lstm", "minimal"];

    public override string Name => "rnn-gating";

    public override string Title => "Vanilla vs gated RNNs: hidden-state gradient norms and the trainable region over (σ_w, T)";

    public override string SeedReference => "seed 000 (topic 3: RNN training dynamics, vanilla vs gated); issue 5";

    /// <summary>Within the 40 s budget: H = 32, T in {10, 20, 40}, 200 Adam steps at a larger rate (1e-2) so short runs make progress.</summary>
    public override RnnGatingConfig Quick => new() { Seeds = 1 };

    /// <summary>The literature's scale: T up to 200, k = 10 symbols of 8 (Arjovsky et al. 2016), H = 128, thousands of steps.</summary>
    public override RnnGatingConfig Full => new()
    {
        Seeds = 3, Sigmas = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3], OrthogonalGains = [0.5, 1, 2], Lengths = [25, 50, 100, 200], Hidden = 128,
        CopySymbols = 10, Alphabet = 8, Steps = 3000, BatchSize = 64, LearningRate = 1e-3, LogEvery = 50, ProbeCount = 4,
        ProbeBatch = 64, EvalBatch = 1024, Precision = "float64",
    };

    public override void Validate(RnnGatingConfig c)
    {
        Known("tasks", c.Tasks, KnownTasks);
        Known("models", c.Models, KnownModels);
        if (c.Sigmas.Length == 0 || c.Sigmas.Any(s => !(s > 0)) || c.OrthogonalGains.Any(s => !(s > 0)))
            throw new BadInputException("sigmas must be a non-empty list of positive scales, orthogonal-gains a list of positive gains");
        if (c.Lengths.Length == 0 || c.Lengths.Any(t => t < 2))
            throw new BadInputException("lengths must be a non-empty list of sequence lengths >= 2");
        if (c.Hidden < 1 || c.CopySymbols < 1 || c.Alphabet < 2 || c.Steps < 1 || c.BatchSize < 1 || c.LogEvery < 1
            || c.ProbeCount < 1 || c.ProbeBatch < 1 || c.EvalBatch < 1)
            throw new BadInputException("hidden, copy-symbols, steps, batch-size, log-every, probe-count, probe-batch and eval-batch must be positive, alphabet >= 2");
        if (!(c.LearningRate > 0) || c.ClipNorm < 0)
            throw new BadInputException($"need learning-rate > 0 and clip-norm >= 0, got {c.LearningRate} and {c.ClipNorm}");
        if (c.Optimizer is not ("adam" or "sgd"))
            throw new BadInputException($"optimizer must be adam or sgd, got '{c.Optimizer}'");
        if (c.Precision is not ("float32" or "float64"))
            throw new BadInputException($"precision must be float32 or float64, got '{c.Precision}'");
    }

    private static void Known(string key, string[] values, string[] valid)
    {
        if (values.Length == 0) throw new BadInputException($"{key} must not be empty; valid: {string.Join(", ", valid)}");
        foreach (var v in values)
            if (!valid.Contains(v))
                throw new BadInputException($"unknown value '{v}' in {key}; valid: {string.Join(", ", valid)}");
    }

    /// <summary>Per task and model: the Gaussian (sigma_w, T) grid, then the orthogonal gains at every T.</summary>
    public override IEnumerable<RnnGatingRun> Grid(RnnGatingConfig c) =>
        from task in c.Tasks
        from model in c.Models
        from scale in c.Sigmas.Select(s => (Init: RnnGatingRun.Gaussian, Sigma: s))
            .Concat(c.OrthogonalGains.Select(s => (Init: RnnGatingRun.Orthogonal, Sigma: s)))
        let init = scale.Init
        let sigma = scale.Sigma
        from length in c.Lengths
        select new RnnGatingRun(task, model, init, sigma, length, c.Hidden, c.CopySymbols, c.Alphabet, c.SigmaU, c.ForgetBias,
            c.Optimizer, c.LearningRate, c.ClipNorm, c.Steps, c.BatchSize, c.LogEvery, c.ProbeCount, c.ProbeBatch, c.EvalBatch, c.Precision);

    public override void Run(RunContext<RnnGatingRun> context)
    {
        if (context.Config.Precision == "float64") Train<double>(context);
        else Train<float>(context);
    }

    /// <summary>A batch generator of the run's task: copy with delay T, or adding of length T.</summary>
    internal static Func<Rng, int, SequenceBatch> Generator(RnnGatingRun c) => c.Task == CopyTask.Name
        ? (rng, batch) => CopyTask.Generate(rng, batch, c.CopySymbols, c.Length, c.Alphabet)
        : (rng, batch) => AddingProblem.Generate(rng, batch, c.Length);

    private void Train<T>(RunContext<RnnGatingRun> ctx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = ctx.Config;
        var generate = Generator(c);
        var data = new Rng(Seeds.Derive(Seeds.Hash($"{Name}/data/{c.Task}/{c.Length}"), ctx.Replicate), "sequences");
        var probe = generate(data.Child("probe"), c.ProbeBatch);
        var eval = generate(data.Child("eval"), c.EvalBatch);
        var train = data.Child("train");
        int outputs = c.Task == CopyTask.Name ? c.Alphabet : 1;
        var model = new SequenceModel<T>(c, probe.InputDim, outputs,
            new Rng(Seeds.Derive(Seeds.Hash($"{Name}/model/{c.Model}"), ctx.Replicate), "weights"));
        Optimizer<T> optimizer = c.Optimizer == "sgd"
            ? new Sgd<T>(model.Parameters(), c.LearningRate, momentum: 0.9)
            : new Adam<T>(model.Parameters(), c.LearningRate);
        var probeSteps = c.ProbeSteps;

        LogEvaluation(ctx, model, eval, 0);
        Probe(ctx, model, probe, 0);
        double lossSum = 0, normSum = 0;
        int count = 0;
        for (int step = 1; step <= c.Steps; step++)
        {
            if (step % 16 == 0) ctx.ThrowIfCancelled();
            using (TensorScope.Begin())
            {
                var batch = generate(train, c.BatchSize);
                var loss = model.Loss(model.Net.Run(batch.X<T>()), batch);
                double value = loss.ItemDouble();
                if (!double.IsFinite(value)) ctx.Log(step, "loss", value);
                optimizer.ZeroGrad();
                loss.Backward();
                normSum += c.ClipNorm > 0 ? optimizer.ClipGradNorm(c.ClipNorm) : optimizer.ClipGradNorm(double.PositiveInfinity);
                optimizer.Step();
                lossSum += value;
                count++;
            }

            if (step % c.LogEvery == 0 || step == c.Steps)
            {
                ctx.Log(step, "loss", lossSum / count);
                ctx.Log(step, "param_grad_norm", normSum / count);
                (lossSum, normSum, count) = (0, 0, 0);
            }

            if (probeSteps.Contains(step)) Probe(ctx, model, probe, step);
        }

        LogEvaluation(ctx, model, eval, c.Steps);
    }

    /// <summary>Held-out loss (and recall accuracy for copy), the family's "final loss".</summary>
    private static void LogEvaluation<T>(RunContext ctx, SequenceModel<T> model, SequenceBatch eval, int step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var scope = TensorScope.Begin();
        using var noGrad = Autograd.NoGrad();
        var (loss, accuracy) = model.Evaluate(eval);
        if (!double.IsNaN(accuracy)) ctx.Log(step, "eval_accuracy", accuracy);
        ctx.Log(step, "eval_loss", loss);
    }

    /// <summary>
    /// ||dL/dh_t|| on the fixed probe batch: the curve as metric "hgrad_s{step}" indexed by t (1..L), as an .npy
    /// array, and the log-linear fit over the steps before the first target (t = 1 .. L - k): slope per step,
    /// R^2 and log10(n_1 / n_(L-k)) (negative: vanishing towards early t; positive: exploding).
    /// </summary>
    private static void Probe<T>(RunContext ctx, SequenceModel<T> model, SequenceBatch probe, int step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var scope = TensorScope.Begin();
        var (norms, _) = HiddenGradientNorms.Measure(model.Net, probe.X<T>(), s => model.Loss(s, probe));
        for (int t = 1; t <= norms.Length; t++) ctx.Log(t, HgradMetric(step), norms[t - 1]);
        ctx.LogArray("hgrad", step, norms, norms.Length);
        int end = norms.Length - probe.OutputSteps;
        var fit = HiddenGradientNorms.Fit(norms, 1, end);
        ctx.Log(step, "hgrad_slope", fit.Slope);
        ctx.Log(step, "hgrad_r2", fit.RSquared);
        ctx.Log(step, "hgrad_log10_ratio", Math.Log10(norms[0] / norms[end - 1]));
    }

    /// <summary>Name of the metric holding ||dL/dh_t|| (indexed by t) probed at training step <paramref name="step"/>.</summary>
    internal static string HgradMetric(int step) => $"hgrad_s{step}";
}
