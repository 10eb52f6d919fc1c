using System.Numerics;
using Tdlab.Tensors;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn;

/// <summary>
/// Spectral normalisation of a <see cref="Linear{T}"/> layer (Miyato, Kataoka, Koyama and Yoshida 2018,
/// "Spectral Normalization for Generative Adversarial Networks", algorithm 1): the layer computes
/// y = x (W / sigma)^T + b with sigma = u^T W v, where u (out) and v (in) are the power-iteration vectors
/// carried across training steps (buffers "weight_u", "weight_v", as PyTorch's spectral_norm).
/// In training mode every forward first does <see cref="PowerIterations"/> steps v = W^T u / ||W^T u||,
/// u = W v / ||W v|| (no gradient); in evaluation mode u and v are left as they are.
/// Gradient as in the paper (eq. 12): u and v are constants, sigma = u^T W v is differentiated, so
/// d sigma / dW = u v^T and dL/dW = (G - &lt;G, W_sn&gt; u v^T) / sigma with G = dL/dW_sn.
/// Like torch.nn.utils.parametrizations.spectral_norm, construction runs 15 warm-up iterations.
/// Single models only (no ensemble axis).
/// </summary>
public sealed class SpectralNorm<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Power iterations run at construction (torch.nn.utils.parametrizations.spectral_norm uses 15).</summary>
    public const int WarmUpIterations = 15;

    /// <summary>Wraps <paramref name="layer"/>; u starts from rng.Normal.</summary>
    public SpectralNorm(Linear<T> layer, Rng rng, int powerIterations = 1)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(rng);
        if (layer.MemberCount > 0)
            throw new ArgumentException($"SpectralNorm: ensembles are not supported (layer has {layer.MemberCount} members)");
        ArgumentOutOfRangeException.ThrowIfLessThan(powerIterations, 1);
        Layer = AddModule("module", layer);
        PowerIterations = powerIterations;
        var u = new T[layer.OutFeatures];
        rng.Normal<T>(u, T.Zero, T.One);
        U = AddBuffer("weight_u", Tensor.From(u, layer.OutFeatures));
        V = AddBuffer("weight_v", Tensor.Zeros<T>(layer.InFeatures));
        Sigma = PowerIteration.SpectralNormStep<T>(Layer.Weight.Span, Layer.OutFeatures, Layer.InFeatures, U.Span, V.Span, WarmUpIterations);
    }

    /// <summary>The wrapped layer; its Weight is the unnormalised parameter W (out, in).</summary>
    public Linear<T> Layer { get; }

    public int PowerIterations { get; }

    /// <summary>Left power-iteration vector u (out), unit norm.</summary>
    public Tensor<T> U { get; }

    /// <summary>Right power-iteration vector v (in), unit norm.</summary>
    public Tensor<T> V { get; }

    /// <summary>sigma = u^T W v after the last power-iteration update (an estimate of ||W||_2 from below).</summary>
    public double Sigma { get; private set; }

    /// <summary>Replaces every Linear child of <paramref name="model"/> by its spectrally normalised wrapper (same Linear objects).</summary>
    public static Sequential<T> Wrap(Sequential<T> model, Rng rng, int powerIterations = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rng);
        int i = 0;
        return new Sequential<T>(model.Layers.Select(l =>
            l is Linear<T> lin ? new SpectralNorm<T>(lin, rng.Child($"u{i++}"), powerIterations) : l).ToList());
    }

    /// <summary>W / (u^T W v) with the current u, v (no update), differentiable in W. (out, in)</summary>
    public Tensor<T> NormalizedWeight()
    {
        var w = Layer.Weight;                                                   // (out, in)
        var wv = w.MatMul(V.Reshape(Layer.InFeatures, 1));                      // (out, 1)
        var sigma = U.Reshape(1, Layer.OutFeatures).MatMul(wv);                 // (1, 1) = u^T W v
        return w / sigma;
    }

    public override Tensor<T> Forward(Tensor<T> x)
    {
        if (x.Rank != 2 || x.Shape[-1] != Layer.InFeatures)
            throw new ArgumentException($"SpectralNorm(Linear {Layer.InFeatures} -> {Layer.OutFeatures}): input shape {x.Shape}");
        if (Training) Update();
        var y = x.MatMul(NormalizedWeight(), transB: true);                    // (B, out)
        return Layer.Bias is null ? y : y + Layer.Bias;
    }

    /// <summary>One training step's power iterations on the current W, in place on u and v (not recorded).</summary>
    private void Update()
    {
        Sigma = PowerIteration.SpectralNormStep<T>(Layer.Weight.Span, Layer.OutFeatures, Layer.InFeatures, U.Span, V.Span, PowerIterations);
    }
}
