namespace Tdlab.Kernels;

/// <summary>Whether a GEMM operand is used as stored (row-major) or transposed.</summary>
public enum Transpose
{
    None,
    Transpose,
}
