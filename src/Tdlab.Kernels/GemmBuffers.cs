using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tdlab.Kernels;

/// <summary>
/// Per-thread packing buffers for GEMM, 64-byte aligned and reused across calls (no per-call
/// allocation once warm). Pinned arrays on the pinned object heap, so the pointers stay valid and the
/// memory goes with its thread.
/// </summary>
internal static unsafe class GemmBuffers<T> where T : unmanaged
{
    private const int Alignment = 64;

    [ThreadStatic] private static T[]? _packedA;
    [ThreadStatic] private static T[]? _packedB;
    [ThreadStatic] private static T[]?[]? _sharedPanels;

    /// <summary>Buffer for packed slivers of A, at least <paramref name="length"/> elements.</summary>
    public static T* PackedA(int length) => Get(ref _packedA, length);

    /// <summary>Buffer for packed slivers of B, at least <paramref name="length"/> elements.</summary>
    public static T* PackedB(int length) => Get(ref _packedB, length);

    /// <summary>
    /// Buffer number <paramref name="buffer"/> for the B panels that the threads of one product share
    /// (GemmPanelQueue; one per column slab, GemmSlabs), owned by the calling thread, which also works on the
    /// product with its own <see cref="PackedA"/>.
    /// </summary>
    public static T* SharedPanels(int length, int buffer = 0)
    {
        if (_sharedPanels is null || _sharedPanels.Length <= buffer) Array.Resize(ref _sharedPanels, buffer + 1);
        return Get(ref _sharedPanels[buffer], length);
    }

    private static T* Get(ref T[]? array, int length)
    {
        int pad = Alignment / sizeof(T);
        if (array is null || array.Length < length + pad)
            array = GC.AllocateUninitializedArray<T>(length + pad, pinned: true);
        nint p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (T*)((p + (Alignment - 1)) & ~(nint)(Alignment - 1));
    }
}
