using System.Numerics;
using Tdlab.Tensors;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Recurrent;

/// <summary>
/// A recurrent cell: one step state_t = cell(x_t, state_{t-1}) with x_t (B, n_in) and h (B, H).
/// <see cref="Step"/> is the fast path (one fused autograd node per step, its gate products as GEMMs on
/// stacked weights); <see cref="StepReference"/> is the same map written with plain differentiable tensor
/// ops, the reference the fast path is tested against. Parameters carry PyTorch's names and layouts.
/// </summary>
public abstract class RecurrentCell<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<(Tensor<T> Value, ParameterRole Role, int Blocks)> _roles = [];

    protected RecurrentCell(int inputSize, int hiddenSize)
    {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"{GetType().Name}: input size {inputSize} and hidden size {hiddenSize} must be positive");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>True for cells that also carry a cell state c (the LSTM).</summary>
    public virtual bool HasCellState => false;

    /// <summary>One step: x (B, n_in), state h (B, H) [and c (B, H)] to the next state.</summary>
    public abstract RecurrentState<T> Step(Tensor<T> x, RecurrentState<T> state);

    /// <summary>The same step from plain differentiable ops (slow; the reference for tests).</summary>
    public abstract RecurrentState<T> StepReference(Tensor<T> x, RecurrentState<T> state);

    /// <summary>Zero state for a batch of <paramref name="batch"/> sequences.</summary>
    public RecurrentState<T> ZeroState(int batch) =>
        new(Tensor.Zeros<T>(batch, HiddenSize), HasCellState ? Tensor.Zeros<T>(batch, HiddenSize) : null);

    /// <summary>One step from the zero state; returns h_1 (B, H).</summary>
    public override Tensor<T> Forward(Tensor<T> x) => Step(x, ZeroState(x.Shape[0])).H;

    /// <summary>Redraws every parameter by the conventions of <see cref="RecurrentInit"/>.</summary>
    public void Initialise(Rng rng, RecurrentInit init)
    {
        double bound = 1.0 / Math.Sqrt(HiddenSize);
        foreach (var (p, role, blocks) in _roles)
        {
            var s = p.Span;
            if (init.Recurrent == RecurrentWeightInit.Uniform)
            {
                RecurrentWeights.Uniform(s, bound, rng);
                continue;
            }

            int rows = p.Rank == 2 ? p.Shape[0] / blocks : 1, cols = p.Shape[-1];
            switch (role)
            {
                case ParameterRole.Recurrent when init.Recurrent == RecurrentWeightInit.Orthogonal:
                    for (int g = 0; g < blocks; g++)
                        Orthogonal.FillGramSchmidt(rng, s.Slice(g * rows * cols, rows * cols), rows, cols, init.SigmaW);
                    break;
                case ParameterRole.Recurrent:
                    RecurrentWeights.Gaussian(s, init.SigmaW / Math.Sqrt(cols), rng);
                    break;
                case ParameterRole.Input:
                    RecurrentWeights.Gaussian(s, init.SigmaU / Math.Sqrt(cols), rng);
                    break;
                case ParameterRole.Bias:
                    RecurrentWeights.Gaussian(s, init.SigmaB, rng);
                    break;
                default:
                    s.Clear();
                    break;
            }
        }

        AfterInitialise();
    }

    /// <summary>Hook for cell-specific adjustments after initialisation (the LSTM's forget-gate bias).</summary>
    protected virtual void AfterInitialise()
    {
    }

    /// <summary>Registers a zero parameter of shape (blocks * rows, cols), or (blocks * rows) when cols is 0.</summary>
    protected Tensor<T> AddParameter(string name, ParameterRole role, int blocks, int rows, int cols = 0)
    {
        var p = AddParameter(name, cols == 0 ? Tensor.Zeros<T>(blocks * rows) : Tensor.Zeros<T>(blocks * rows, cols));
        _roles.Add((p, role, blocks));
        return p;
    }

    /// <summary>Throws unless x is (B, n_in) and the state's tensors are (B, H).</summary>
    protected int CheckStep(Tensor<T> x, RecurrentState<T> state)
    {
        string op = GetType().Name + ".Step";
        if (x.Rank != 2 || x.Shape[1] != InputSize)
            throw new ArgumentException($"{op}: input of shape {x.Shape}, expected (B, {InputSize})");
        int batch = x.Shape[0];
        if (state.H.Rank != 2 || state.H.Shape[0] != batch || state.H.Shape[1] != HiddenSize)
            throw new ArgumentException($"{op}: hidden state of shape {state.H.Shape}, expected ({batch}, {HiddenSize})");
        if (HasCellState && (state.C is null || state.C.Shape != state.H.Shape))
            throw new ArgumentException($"{op}: cell state of shape {state.C?.Shape.ToString() ?? "null"}, expected ({batch}, {HiddenSize})");
        return batch;
    }
}
