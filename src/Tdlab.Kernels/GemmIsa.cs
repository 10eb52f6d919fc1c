namespace Tdlab.Kernels;

/// <summary>Which GEMM micro-kernel family runs, ordered by width.</summary>
internal enum GemmIsa
{
    Scalar,
    Avx2,
    Avx512,
}
