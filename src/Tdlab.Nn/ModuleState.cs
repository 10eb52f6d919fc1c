using System.Numerics;
using Tdlab.Tensors;
using Tdlab.Tensors.Io;

namespace Tdlab.Nn;

/// <summary>
/// A module's state as a folder of NumPy files, one per parameter and buffer, named by the dotted name
/// ("0.weight.npy", "1.running_mean.npy"), so that Python users can <c>np.load</c> each array.
/// </summary>
public static class ModuleState
{
    /// <summary>Writes every parameter and buffer of <paramref name="module"/> into <paramref name="folder"/> (created if absent).</summary>
    public static void Save<T>(Module<T> module, string folder) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(module);
        Directory.CreateDirectory(folder);
        foreach (var (name, value) in State(module))
            Npy.Write<T>(FileOf(folder, name), value.Span, value.Shape.ToArray());
    }

    /// <summary>
    /// Reads every parameter and buffer of <paramref name="module"/> from <paramref name="folder"/>, in place.
    /// A missing file or a shape that differs is an error naming the file; nothing is changed then.
    /// </summary>
    public static void Load<T>(Module<T> module, string folder) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(module);
        var loaded = new List<(Tensor<T> Target, double[] Values)>();
        foreach (var (name, value) in State(module))
        {
            string path = FileOf(folder, name);
            if (!File.Exists(path)) throw new FileNotFoundException($"ModuleState.Load: no file for '{name}'", path);
            var array = Npy.Read(path);
            int[] dims = [.. array.Shape];
            if (!dims.SequenceEqual(value.Shape.ToArray()))
                throw new InvalidDataException(
                    $"ModuleState.Load: '{path}' has shape ({string.Join(", ", dims)}), parameter '{name}' is {value.Shape}");
            loaded.Add((value, array.AsDouble()));
        }

        foreach (var (target, values) in loaded)
        {
            var dst = target.Span;
            for (int i = 0; i < dst.Length; i++) dst[i] = T.CreateTruncating(values[i]);
        }
    }

    private static IEnumerable<(string Name, Tensor<T> Value)> State<T>(Module<T> module) where T : unmanaged, IFloatingPointIeee754<T> =>
        module.NamedParameters().Concat(module.NamedBuffers());

    private static string FileOf(string folder, string name) => Path.Combine(folder, name + ".npy");
}
