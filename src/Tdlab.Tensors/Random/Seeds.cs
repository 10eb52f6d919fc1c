using System.Text;

namespace Tdlab.Tensors.Random;

/// <summary>
/// Seed derivation by hashing, so that every random draw in a sweep derives from
/// (experiment, resolved run config, replicate) and never from thread count or scheduling.
/// </summary>
public static class Seeds
{
    /// <summary>64-bit FNV-1a of the UTF-8 bytes, finished with a SplitMix64 mix.</summary>
    public static ulong Hash(string text)
    {
        ulong h = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            h ^= b;
            h *= 1099511628211UL;
        }

        return Mix(h);
    }

    /// <summary>A child seed: Mix(parent, Hash(part_1), ..., Hash(part_n)).</summary>
    public static ulong Derive(ulong parent, params ReadOnlySpan<string> parts)
    {
        ulong h = Mix(parent ^ 0x9E3779B97F4A7C15UL);
        foreach (string part in parts)
            h = Mix(h ^ Hash(part));
        return h;
    }

    /// <summary>A child seed for replicate number <paramref name="index"/>.</summary>
    public static ulong Derive(ulong parent, long index) => Mix(Mix(parent ^ 0xD1B54A32D192ED03UL) + (ulong)index);

    /// <summary>SplitMix64 finaliser (Steele, Lea and Flood 2014): a bijective 64-bit mix.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
