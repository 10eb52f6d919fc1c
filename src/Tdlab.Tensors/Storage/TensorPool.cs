using System.Runtime.CompilerServices;

namespace Tdlab.Tensors.Storage;

/// <summary>
/// Per-thread pool of pinned, 64-byte-aligned arrays keyed by exact length. Training loops allocate
/// the same shapes every step, so a <see cref="TensorScope"/> returning its arrays here makes the
/// steady state allocation-free. At most <see cref="MaxPooledBytes"/> are kept per thread and type.
/// </summary>
public static class TensorPool<T> where T : unmanaged
{
    public const long MaxPooledBytes = 1L << 30;
    private const int Alignment = 64;

    [ThreadStatic]
    private static Dictionary<int, Stack<T[]>>? _free;

    [ThreadStatic]
    private static long _pooledBytes;

    /// <summary>Storage for <paramref name="length"/> elements, contents undefined.</summary>
    public static Storage<T> Rent(int length)
    {
        int padded = length + Alignment / Unsafe.SizeOf<T>();
        T[] array;
        var free = _free;
        if (free is not null && free.TryGetValue(padded, out var stack) && stack.Count > 0)
        {
            array = stack.Pop();
            _pooledBytes -= (long)padded * Unsafe.SizeOf<T>();
        }
        else
        {
            array = GC.AllocateUninitializedArray<T>(padded, pinned: true);
        }

        return new Storage<T>(array, AlignedOffset(array), length);
    }

    /// <summary>Returns the storage's array to this thread's pool; the storage becomes unusable.</summary>
    public static void Return(Storage<T> storage)
    {
        var array = storage.Detach();
        long bytes = (long)array.Length * Unsafe.SizeOf<T>();
        if (_pooledBytes + bytes > MaxPooledBytes) return;
        var free = _free ??= new Dictionary<int, Stack<T[]>>();
        if (!free.TryGetValue(array.Length, out var stack))
            free[array.Length] = stack = new Stack<T[]>();
        stack.Push(array);
        _pooledBytes += bytes;
    }

    /// <summary>Drops every pooled array of this thread.</summary>
    public static void Clear()
    {
        _free = null;
        _pooledBytes = 0;
    }

    private static unsafe int AlignedOffset(T[] array)
    {
        nuint address = (nuint)Unsafe.AsPointer(ref array[0]);
        int misalignment = (int)(address % Alignment);
        return misalignment == 0 ? 0 : (Alignment - misalignment) / Unsafe.SizeOf<T>();
    }
}
