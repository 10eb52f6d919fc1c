using System.Runtime.CompilerServices;

// The GEMM tests force each micro-kernel family (Gemm.IsaOverride) to check every path on one machine.
[assembly: InternalsVisibleTo("Tdlab.Kernels.Tests")]
