using System.Numerics;
using System.Runtime.InteropServices;
using Tdlab.Tensors;

namespace Tdlab.Nn.Tests;

/// <summary>
/// FNV-1a 64 over the exact bytes of tensors' values (IEEE bit patterns, so -0 and NaN payloads count):
/// a fingerprint for golden tests that pin floating-point results bit for bit.
/// </summary>
internal static class BitHash
{
    private const ulong Offset = 14695981039346656037UL, Prime = 1099511628211UL;

    /// <summary>The hash of every tensor's values in order, as 16 hex digits.</summary>
    public static string Of<T>(IEnumerable<Tensor<T>> tensors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ulong h = Offset;
        foreach (var t in tensors)
            foreach (byte b in MemoryMarshal.AsBytes(t.Span))
                h = (h ^ b) * Prime;
        return h.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Asserts that every (key, hash) equals the recorded one; the failure message lists all actual hashes
    /// as C# initialiser lines, ready to paste as a new recording.
    /// </summary>
    public static void AssertRecorded(IReadOnlyDictionary<string, string> recorded, IEnumerable<(string Key, string Hash)> actual)
    {
        var lines = new List<string>();
        var wrong = new List<string>();
        foreach (var (key, hash) in actual)
        {
            lines.Add($"[\"{key}\"] = \"{hash}\",");
            if (!recorded.TryGetValue(key, out var expected) || expected != hash) wrong.Add(key);
        }

        Assert.True(wrong.Count == 0, $"changed: {string.Join(", ", wrong)}\nall:\n{string.Join("\n", lines)}");
    }
}
