using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.LazyVsFeature;

/// <summary>
/// The fully connected net of Geiger et al. (2020) and the lecture (seed 002): three hidden layers of width m,
/// z~1 = W0 x / sqrt(d), z~{l+1} = W_l z_l / sqrt(m), z_l = sigma(z~l), f(w, x) = W_3 z_3 / sqrt(m), every W_ij ~ N(0, 1),
/// no biases, sigma(z) = (a / beta) ln(1 + e^{beta z}) (a = 1.404, beta = 5). Shapes: x (B, d) -> f (B, 1).
/// </summary>
internal sealed class GeigerNet : Module<double>
{
    private readonly Tensor<double>[] _weights;
    private readonly double _beta;
    private readonly double _gain;

    public GeigerNet(int inputs, int width, double beta, double gain, Rng rng)
    {
        _beta = beta;
        _gain = gain;
        int[] fanIn = [inputs, width, width, width];
        int[] fanOut = [width, width, width, 1];
        _weights = Enumerable.Range(0, 4)
            .Select(l => AddParameter($"w{l}", Tensor.Normal<double>(rng.Child($"w{l}"), new Shape(fanOut[l], fanIn[l]))))
            .ToArray();
    }

    public override Tensor<double> Forward(Tensor<double> x)
    {
        var h = x;
        for (int l = 0; l < _weights.Length; l++)
        {
            // z~ = h W_l^T / sqrt(fan_in)   (B, fan_out)
            var pre = h.MatMul(_weights[l], transB: true) * (1 / Math.Sqrt(_weights[l].Shape[1]));
            h = l < _weights.Length - 1 ? pre.Softplus(_beta) * _gain : pre;
        }

        return h;
    }
}
