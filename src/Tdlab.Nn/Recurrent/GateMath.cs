using System.Numerics;

namespace Tdlab.Nn.Recurrent;

/// <summary>Elementwise derivative kernels shared by the cells (dst may alias g).</summary>
internal static class GateMath
{
    // dst = g (1 - y^2), the gradient through y = tanh(a)
    public static void TanhBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < dst.Length; i += Vector<T>.Count)
        {
            var yv = Lanes.Load(y, i);
            Lanes.Store(Lanes.Load(g, i) * (Vector<T>.One - yv * yv), dst, i);
        }
    }
}
