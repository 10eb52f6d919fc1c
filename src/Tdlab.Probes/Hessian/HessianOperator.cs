using System.Numerics;
using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Storage;

namespace Tdlab.Probes.Hessian;

/// <summary>
/// The Hessian H = d^2 L / dw^2 of a loss L = sum_b Weight_b L_b(f(w, X_b)) over a model's parameters, as exact
/// Hessian-vector products by double backward (Pearlmutter 1994): the gradient g = dL/dw is recorded once at
/// construction (createGraph), and each product is H v = d&lt;g, v&gt;/dw, one backward through the recorded
/// gradient graph. The flat vector follows <c>Module.Parameters()</c> order (see <see cref="Parameters"/> and
/// <see cref="Layers"/> for the blocks).
/// <para>Cost: construction is one forward and one recorded backward per batch, and holds their graphs (about
/// twice a training step's activations); each product is one backward of the gradient graph per batch, about the
/// cost of two training backwards. A float32 model gives float32 products (v is rounded to T).</para>
/// <para>Pure: parameters, buffers (batch-norm running statistics) and the model's training flag are as before
/// construction. Batch norm differentiates the function named by <see cref="BatchNormMode"/>.</para>
/// </summary>
public sealed class HessianOperator<T> : ISymmetricOperator where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<Tensor<T>> _parameters;
    private readonly List<(Tensor<T>[] Gradient, double Weight)> _graphs = [];
    private readonly double[] _gradient;

    public HessianOperator(Module<T> model, CurvatureBatch<T> batch, BatchNormMode batchNorm)
        : this(model, [batch], batchNorm)
    {
    }

    public HessianOperator(Module<T> model, IReadOnlyList<CurvatureBatch<T>> batches, BatchNormMode batchNorm)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        if (batches.Count == 0) throw new ArgumentException("HessianOperator: no batch", nameof(batches));
        var named = model.NamedParameters().ToList();
        if (named.Count == 0) throw new ArgumentException("HessianOperator: the model has no parameters", nameof(model));
        _parameters = named.Select(p => p.Value).ToList();
        long total = _parameters.Sum(p => (long)p.Length);
        if (total > Array.MaxLength) throw new ArgumentException($"HessianOperator: {total} parameters exceed one array");
        Dimension = (int)total;
        Parameters = Blocks(named.Select(p => p.Name));
        Layers = GroupByLayer(Parameters);
        _gradient = new double[Dimension];

        bool wasTraining = model.Training;
        var buffers = model.NamedBuffers().Select(b => (b.Value, Saved: b.Value.ToArray())).ToList();
        model.Train(batchNorm == BatchNormMode.Train);
        try
        {
            using var suspend = TensorScope.Suspend();      // the graphs live as long as this operator (GC)
            using var recording = Autograd.EnableGrad();
            foreach (var batch in batches)
            {
                var loss = batch.Loss(model.Forward(batch.Input));
                if (loss.Length != 1) throw new ArgumentException($"HessianOperator: the loss must be a scalar, got shape {loss.Shape}");
                if (!double.IsFinite(batch.Weight)) throw new ArgumentException($"HessianOperator: batch weight {batch.Weight}");
                var g = Autograd.Grad([loss], _parameters, createGraph: true);
                _graphs.Add((g, batch.Weight));
                Loss += batch.Weight * loss.ItemDouble();
                AddFlat(g, batch.Weight, _gradient);
            }
        }
        finally
        {
            model.Train(wasTraining);
            foreach (var (value, saved) in buffers) saved.CopyTo(value.Span);
        }
    }

    public int Dimension { get; }

    /// <summary>One block per parameter tensor, named as in <c>Module.NamedParameters()</c>.</summary>
    public IReadOnlyList<ParameterBlock> Parameters { get; }

    /// <summary>One block per layer: consecutive parameters sharing the name before their last dot ("0.weight", "0.bias" -> "0").</summary>
    public IReadOnlyList<ParameterBlock> Layers { get; }

    /// <summary>L at the parameters, sum_b Weight_b L_b.</summary>
    public double Loss { get; }

    /// <summary>dL/dw (flat), from the recorded graph.</summary>
    public ReadOnlySpan<double> Gradient => _gradient;

    /// <summary>Products computed so far.</summary>
    public long Products { get; private set; }

    /// <summary>y = H x: sum_b Weight_b d&lt;g_b, x&gt;/dw.</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != Dimension || y.Length != Dimension)
            throw new ArgumentException($"HessianOperator: vectors of {x.Length} and {y.Length} for {Dimension} parameters");
        y.Clear();
        using var scope = TensorScope.Begin();
        var v = new Tensor<T>[_parameters.Count];
        int o = 0;
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = Tensor.Empty<T>(_parameters[i].Shape);
            var s = v[i].Span;
            for (int j = 0; j < s.Length; j++) s[j] = T.CreateTruncating(x[o + j]);
            o += s.Length;
        }

        foreach (var (g, weight) in _graphs) AddFlat(Autograd.Grad(g, _parameters, v), weight, y);
        Products++;
    }

    /// <summary>dst += weight * concat(tensors).</summary>
    private static void AddFlat(Tensor<T>[] tensors, double weight, Span<double> dst)
    {
        int o = 0;
        foreach (var t in tensors)
        {
            var s = t.Span;
            for (int j = 0; j < s.Length; j++) dst[o + j] += weight * double.CreateTruncating(s[j]);
            o += s.Length;
        }
    }

    private List<ParameterBlock> Blocks(IEnumerable<string> names)
    {
        var blocks = new List<ParameterBlock>();
        int offset = 0, i = 0;
        foreach (var name in names)
        {
            int n = _parameters[i++].Length;
            blocks.Add(new ParameterBlock(name, offset, n));
            offset += n;
        }

        return blocks;
    }

    private static List<ParameterBlock> GroupByLayer(IReadOnlyList<ParameterBlock> parameters)
    {
        var layers = new List<ParameterBlock>();
        foreach (var p in parameters)
        {
            int dot = p.Name.LastIndexOf('.');
            string layer = dot < 0 ? p.Name : p.Name[..dot];
            if (layers.Count > 0 && layers[^1].Name == layer)
                layers[^1] = layers[^1] with { Length = layers[^1].Length + p.Length };
            else
                layers.Add(new ParameterBlock(layer, p.Offset, p.Length));
        }

        return layers;
    }
}
