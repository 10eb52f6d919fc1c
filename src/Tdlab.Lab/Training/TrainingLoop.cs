using System.Numerics;
using Tdlab.Lab.Runner;
using Tdlab.Nn.Optim;
using Tdlab.Tensors;
using Tdlab.Tensors.Storage;

namespace Tdlab.Lab.Training;

/// <summary>
/// The one training loop families configure. Each step s evaluates the loss at the current parameters
/// (<see cref="Loss"/>: a scalar for one model, a vector (E) for an ensemble of E members trained on sum_e L_e, each
/// member's gradient its own), reports members whose loss is not finite (<see cref="Diverged"/>, once each),
/// stops when every member has diverged or <see cref="StopWhen"/> says so (both before updating), else zeroes
/// the gradients, back-propagates, clips (<see cref="ClipNorm"/>) and takes one optimiser step. Hooks:
/// <see cref="BeforeStep"/> (e.g. probes of the parameters the step starts from) and <see cref="AfterStep"/>
/// (logging on a schedule). Given <see cref="ReportTo"/>, each step reports the run's progress (step s of
/// <see cref="TotalSteps"/>) after its hooks. Each step runs inside a <see cref="TensorScope"/>, so its temporaries are released.
/// Minibatches are the loss delegate's business: it draws them from a <see cref="Minibatches"/> stream, a
/// generator, or uses the full batch.
/// </summary>
public sealed class TrainingLoop<T>(Optimizer<T> optimizer) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The loss at step s: a scalar, or (E) per-member losses.</summary>
    public required Func<int, Tensor<T>> Loss { get; init; }

    /// <summary>Members of the ensemble (1 for a single model).</summary>
    public int Members { get; init; } = 1;

    /// <summary>Global gradient-norm clip (torch's clip_grad_norm_); 0 measures the norm without clipping; null neither.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Called with (member, step, loss) the first time a member's loss is not finite; may throw to end the run.</summary>
    public Action<int, int, double>? Diverged { get; init; }

    /// <summary>Called with (step, per-member losses) before the update; true stops the loop without updating.</summary>
    public Func<int, double[], bool>? StopWhen { get; init; }

    /// <summary>Called with the step before its loss is evaluated.</summary>
    public Action<int>? BeforeStep { get; init; }

    /// <summary>Called with (step, per-member losses, gradient norm before clipping or NaN) after the update.</summary>
    public Action<int, double[], double>? AfterStep { get; init; }

    /// <summary>
    /// The run (an ensemble's first member) whose progress each finished step reports, as "step s of
    /// <see cref="TotalSteps"/>" (<see cref="RunContext.Progress"/>, throttled there); null reports nothing. Families
    /// pass their context so that a long run shows its step and an ETA without code of its own.
    /// </summary>
    public RunContext? ReportTo { get; init; }

    /// <summary>
    /// The last step of the whole training, for <see cref="ReportTo"/>; set it when the loop runs in segments (e.g.
    /// one <see cref="Run"/> per epoch). 0: the last step of each <see cref="Run"/> call.
    /// </summary>
    public int TotalSteps { get; init; }

    /// <summary>Whether member e's loss has been not finite.</summary>
    public bool HasDiverged(int member) => _diverged is not null && _diverged[member];

    private bool[]? _diverged;

    /// <summary>
    /// Runs steps <paramref name="first"/> .. <paramref name="last"/> (inclusive); returns the step at which it
    /// stopped early (all members diverged, or <see cref="StopWhen"/>), or null when every step ran.
    /// </summary>
    public int? Run(int first, int last, CancellationToken cancellation = default)
    {
        _diverged ??= new bool[Members];
        var losses = new double[Members];
        for (int step = first; step <= last; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            BeforeStep?.Invoke(step);
            double norm = double.NaN;
            using (TensorScope.Begin())
            {
                Tensor<T> loss = Loss(step);
                bool anyFinite = false;
                for (int e = 0; e < Members; e++)
                {
                    losses[e] = double.CreateTruncating(Members == 1 && loss.Rank == 0 ? loss.Item() : loss[e]);
                    bool finite = double.IsFinite(losses[e]);
                    if (!finite && !_diverged[e])
                    {
                        _diverged[e] = true;
                        Diverged?.Invoke(e, step, losses[e]);
                    }

                    anyFinite |= finite;
                }

                if (!anyFinite || StopWhen?.Invoke(step, losses) == true)
                    return step;
                optimizer.ZeroGrad();
                (loss.Rank == 0 ? loss : loss.Sum()).Backward();
                if (ClipNorm is double clip)
                    norm = optimizer.ClipGradNorm(clip > 0 ? clip : double.PositiveInfinity);
                optimizer.Step();
            }

            AfterStep?.Invoke(step, losses, norm);
            ReportTo?.Progress(step, TotalSteps > 0 ? TotalSteps : last, "step");
        }

        return null;
    }
}
