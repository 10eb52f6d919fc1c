using System.Numerics;
using Tdlab.Tensors;
using Tdlab.Nn;
using Tdlab.Probes.Hessian;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Probes.GaussNewton;

/// <summary>
/// The generalised Gauss-Newton matrix of a batch as an operator, never formed:
/// G = (1/B) sum_b J_b^T H_b J_b, with J_b = dz_b/dtheta (m, P) the Jacobian of example b's output z_b (m)
/// with respect to the chosen parameters theta (P values, the tensors in order, flattened), and H_b the
/// Hessian of the loss in z_b (<see cref="OutputLoss"/>). For softmax cross-entropy G is the Fisher
/// information of seed 004 eqs. 6-8 (Martens 2014, "New insights and perspectives on the natural gradient
/// method", section 9; Schraudolph 2002 for the product). The product G v is
/// <list type="number">
/// <item>J v by the double-VJP trick (J v = d/du &lt;J^T u, v&gt;, u a dummy cotangent; J^T u recorded once at
/// construction),</item>
/// <item>H (J v) per row: the identity, or p ⊙ w - p (p^T w) with p = softmax(z) (detached),</item>
/// <item>J^T (H J v) / B by one VJP.</item>
/// </list>
/// Cost per product: about three backward passes of the batch; the forward and the recorded J^T u are kept
/// (memory of two tapes). <see cref="ApplyBlock"/> gives a diagonal block G_aa v_a (parameter tensor a alone;
/// seed 004 eqs. 10-12). <see cref="Operator"/> is a plain y = G x on double spans, the form
/// <see cref="Tdlab.Tensors.Linalg.Lanczos"/> (and any Hessian-spectrum routine taking an operator) consumes.
/// The parameters must be tensors the closure's output depends on; they are not modified and their .Grad is
/// not touched.
/// <para>G is an <see cref="ISymmetricOperator"/>, so the Hessian estimators apply to it unchanged:
/// <see cref="TopEigenpairs"/>, <see cref="HutchinsonTrace"/>, <see cref="SpectralDensity"/>; <see cref="Block(int)"/>
/// and <see cref="Block(ParameterBlock)"/> are its diagonal blocks as operators (one product of the block's tensors
/// only, cheaper than padding a full product as <see cref="Hessian.BlockOperator"/> does).</para>
/// </summary>
public sealed class GaussNewtonProduct<T> : ISymmetricOperator where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IReadOnlyList<Tensor<T>> _parameters;
    private readonly Tensor<T> _outputs;        // z (B, m), recorded
    private readonly Tensor<T> _dummy;          // u (B, m)
    private readonly Tensor<T>[] _jtu;          // J^T u per parameter, recorded (createGraph)
    private readonly double[]? _probabilities;  // softmax(z) (B, m) for cross-entropy
    private readonly int[] _offsets;

    /// <summary>
    /// Records <paramref name="outputs"/>() = z (B, m) and J^T u. The parameters are the leaves G is taken
    /// over (for seed 004's Fisher, the hidden layers' weights and biases).
    /// </summary>
    public GaussNewtonProduct(Func<Tensor<T>> outputs, IReadOnlyList<Tensor<T>> parameters, OutputLoss loss)
        : this(outputs, parameters, loss, null)
    {
    }

    /// <summary>As above, with a name per parameter tensor (for <see cref="Parameters"/> and <see cref="Layers"/>; default "0", "1", ...).</summary>
    public GaussNewtonProduct(Func<Tensor<T>> outputs, IReadOnlyList<Tensor<T>> parameters, OutputLoss loss, IReadOnlyList<string>? names)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0) throw new ArgumentException("GaussNewtonProduct: no parameters");
        if (names is not null && names.Count != parameters.Count)
            throw new ArgumentException($"GaussNewtonProduct: {names.Count} names for {parameters.Count} parameters", nameof(names));
        _parameters = parameters;
        Loss = loss;
        _offsets = new int[parameters.Count + 1];
        for (int i = 0; i < parameters.Count; i++) _offsets[i + 1] = _offsets[i] + parameters[i].Length;
        Parameters = Enumerable.Range(0, parameters.Count)
            .Select(i => new ParameterBlock(names?[i] ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture), _offsets[i], BlockSize(i)))
            .ToArray();
        Layers = ParameterBlock.ByLayer(Parameters);

        var flags = parameters.Select(p => p.RequiresGrad).ToArray();
        foreach (var p in parameters) p.RequiresGrad = true;
        try
        {
            using var rec = Autograd.EnableGrad();
            _outputs = outputs();
            if (_outputs.Rank != 2) throw new ArgumentException($"GaussNewtonProduct: outputs must be (B, m), got {_outputs.Shape}");
            _dummy = Tensor.Zeros<T>(_outputs.Shape);
            _dummy.RequiresGrad = true;
            _jtu = Autograd.Grad([_outputs], parameters, [_dummy], createGraph: true);
        }
        finally
        {
            for (int i = 0; i < parameters.Count; i++) parameters[i].RequiresGrad = flags[i];
        }

        if (loss == OutputLoss.SoftmaxCrossEntropy)
            using (Autograd.NoGrad()) _probabilities = _outputs.Detach().Softmax().ToDoubleArray();
    }

    /// <summary>
    /// G of a model's output on one input batch over all its parameters, named as in <c>Module.NamedParameters()</c>
    /// (so <see cref="Layers"/> groups "0.weight" and "0.bias"). The model runs in its current training mode.
    /// </summary>
    public static GaussNewtonProduct<T> Of(Module<T> model, Tensor<T> input, OutputLoss loss)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        var named = model.NamedParameters().ToList();
        return new GaussNewtonProduct<T>(() => model.Forward(input), named.Select(p => p.Value).ToList(), loss, named.Select(p => p.Name).ToList());
    }

    public OutputLoss Loss { get; }

    /// <summary>One block per parameter tensor, in order.</summary>
    public IReadOnlyList<ParameterBlock> Parameters { get; }

    /// <summary>One block per layer (<see cref="ParameterBlock.ByLayer"/>).</summary>
    public IReadOnlyList<ParameterBlock> Layers { get; }

    /// <summary>Products (full or block) computed so far.</summary>
    public long Products { get; private set; }

    /// <summary>P, the number of parameters G acts on.</summary>
    public int Dimension => _offsets[^1];

    /// <summary>B, the number of examples.</summary>
    public int BatchSize => _outputs.Shape[0];

    /// <summary>The number of parameter blocks (tensors).</summary>
    public int BlockCount => _parameters.Count;

    /// <summary>The size of block a (its tensor's length).</summary>
    public int BlockSize(int a) => _offsets[a + 1] - _offsets[a];

    /// <summary>The offset of block a in the flat parameter vector.</summary>
    public int BlockOffset(int a) => _offsets[a];

    /// <summary>y = G x on the flat parameter vector (both P).</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        Check(x.Length, y.Length, Dimension);
        var v = new Tensor<T>[_parameters.Count];
        for (int i = 0; i < v.Length; i++) v[i] = Tensor.FromDouble<T>(x.Slice(_offsets[i], BlockSize(i)), _parameters[i].Shape.ToArray());
        var result = Product(Enumerable.Range(0, _parameters.Count).ToArray(), v);
        for (int i = 0; i < result.Length; i++) Write(result[i], y.Slice(_offsets[i], BlockSize(i)));
    }

    /// <summary>y = G_aa x for the diagonal block of parameter tensor a (x and y: BlockSize(a)).</summary>
    public void ApplyBlock(int a, ReadOnlySpan<double> x, Span<double> y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(a, BlockCount);
        Check(x.Length, y.Length, BlockSize(a));
        var result = Product([a], [Tensor.FromDouble<T>(x, _parameters[a].Shape.ToArray())]);
        Write(result[0], y);
    }

    /// <summary>G as a plain operator (x, y) =&gt; y = G x.</summary>
    public Action<ReadOnlySpan<double>, Span<double>> Operator => Apply;

    /// <summary>G_aa as a plain operator on block a.</summary>
    public Action<ReadOnlySpan<double>, Span<double>> BlockOperator(int a) => (x, y) => ApplyBlock(a, x, y);

    /// <summary>G_aa, the diagonal block of parameter tensor a, as an operator.</summary>
    public ISymmetricOperator Block(int a)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(a, BlockCount);
        return new DelegateOperator(BlockSize(a), (x, y) => ApplyBlock(a, x, y));
    }

    /// <summary>
    /// The diagonal block of a run of whole parameter tensors (one of <see cref="Parameters"/> or <see cref="Layers"/>)
    /// as an operator: each product differentiates those tensors only.
    /// </summary>
    public ISymmetricOperator Block(ParameterBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        int first = Array.IndexOf(_offsets, block.Offset), last = Array.IndexOf(_offsets, block.End);
        if (first < 0 || last <= first || last > BlockCount)
            throw new ArgumentException($"GaussNewtonProduct: block {block.Name} [{block.Offset}, {block.End}) does not cover whole parameter tensors", nameof(block));
        var tensors = Enumerable.Range(first, last - first).ToArray();
        return new DelegateOperator(block.Length, (x, y) =>
        {
            Check(x.Length, y.Length, block.Length);
            var v = new Tensor<T>[tensors.Length];
            for (int j = 0; j < tensors.Length; j++)
                v[j] = Tensor.FromDouble<T>(x.Slice(_offsets[tensors[j]] - block.Offset, BlockSize(tensors[j])), _parameters[tensors[j]].Shape.ToArray());
            var result = Product(tensors, v);
            for (int j = 0; j < tensors.Length; j++) Write(result[j], y.Slice(_offsets[tensors[j]] - block.Offset, BlockSize(tensors[j])));
        });
    }

    /// <summary>J^T H J v / B restricted to the given blocks (v one tensor per listed block).</summary>
    private Tensor<T>[] Product(int[] blocks, Tensor<T>[] v)
    {
        Products++;
        var jv = Autograd.Grad(blocks.Select(b => _jtu[b]).ToArray(), [_dummy], v)[0];   // J v (B, m)
        var w = jv.ToDoubleArray();
        ApplyOutputHessian(w);
        double inv = 1.0 / BatchSize;
        for (int i = 0; i < w.Length; i++) w[i] *= inv;
        var hjv = Tensor.FromDouble<T>(w, _outputs.Shape.ToArray());
        return Autograd.Grad([_outputs], blocks.Select(b => _parameters[b]).ToArray(), [hjv]);      // J^T (H J v) / B
    }

    /// <summary>w &lt;- H w per row: identity (mean square) or p ⊙ w - p (p^T w) (softmax cross-entropy).</summary>
    private void ApplyOutputHessian(double[] w)
    {
        if (_probabilities is null) return;
        int m = _outputs.Shape[1];
        for (int b = 0; b < BatchSize; b++)
        {
            var p = _probabilities.AsSpan(b * m, m);
            var row = w.AsSpan(b * m, m);
            double pw = 0;
            for (int k = 0; k < m; k++) pw += p[k] * row[k];
            for (int k = 0; k < m; k++) row[k] = p[k] * (row[k] - pw);
        }
    }

    private static void Write(Tensor<T> t, Span<double> y)
    {
        var s = t.Span;
        for (int i = 0; i < s.Length; i++) y[i] = double.CreateTruncating(s[i]);
    }

    private static void Check(int x, int y, int n)
    {
        if (x != n || y != n) throw new ArgumentException($"GaussNewtonProduct: vectors of length {n} expected, got x {x}, y {y}");
    }
}
