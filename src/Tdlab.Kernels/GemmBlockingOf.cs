using System.Numerics;

namespace Tdlab.Kernels;

/// <summary>The host's blocking for micro-kernel TK on element type T, computed once per process.</summary>
internal static unsafe class GemmBlockingOf<T, TK>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TK : IGemmKernel<T>
{
    public static readonly GemmBlocking Value = GemmBlocking.Model(CacheGeometry.Host, TK.MR, TK.NR, sizeof(T));
}
