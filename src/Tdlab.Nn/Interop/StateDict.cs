using System.Numerics;
using Tdlab.Tensors;
using Tdlab.Tensors.Io;

namespace Tdlab.Nn.Interop;

/// <summary>
/// A module's parameters and buffers by their dotted names, which are PyTorch's for the same structure
/// (<see cref="Sequential{T}"/> children "0", "1", ...; "weight", "bias", "running_mean"; a recurrent cell's
/// "weight_ih", ... as torch.nn.GRUCell), read from and written to .npz (NumPy) and .safetensors files. For
/// torch.nn.RNN / GRU / LSTM names ("weight_ih_l0") see <see cref="TorchRecurrent"/>.
/// </summary>
public static class StateDict
{
    /// <summary>The arrays of a .npz or .safetensors file, by name.</summary>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".npz" => Npz.Read(path),
        ".safetensors" => Safetensors.Read(path),
        _ => throw new ArgumentException($"StateDict.Read: '{path}': expected a .npz or .safetensors file", nameof(path)),
    };

    /// <summary>The module's parameters and buffers as arrays of its element type, by name.</summary>
    public static IReadOnlyDictionary<string, NpyArray> Of<T>(Module<T> module) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(module);
        return Entries(module).ToDictionary(e => e.Name, e => new NpyArray(Descr<T>(), e.Value.Shape.ToArray(),
            typeof(T) == typeof(double) ? e.Value.ToDoubleArray() : Array.ConvertAll(e.Value.ToDoubleArray(), v => (float)v)));
    }

    /// <summary>Writes the module's state to a .npz or .safetensors file (by extension).</summary>
    public static void Save<T>(Module<T> module, string path) where T : unmanaged, IFloatingPointIeee754<T> => Write(Of(module), path);

    /// <summary>Writes arrays by name to a .npz or .safetensors file (by extension).</summary>
    public static void Write(IReadOnlyDictionary<string, NpyArray> state, string path)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".npz": Npz.Write(path, state); break;
            case ".safetensors": Safetensors.Write(path, state); break;
            default: throw new ArgumentException($"StateDict.Write: '{path}': expected a .npz or .safetensors file", nameof(path));
        }
    }

    /// <summary>Loads a .npz or .safetensors file into <paramref name="module"/>; see <see cref="Load{T}(Module{T}, IReadOnlyDictionary{string, NpyArray}, bool)"/>.</summary>
    public static StateDictReport Load<T>(Module<T> module, string path, bool strict = true) where T : unmanaged, IFloatingPointIeee754<T> =>
        Load(module, Read(path), strict);

    /// <summary>
    /// Copies <paramref name="state"/> into the module's parameters and buffers, matched by name. Strict (the
    /// default): every entry must exist on both sides with the same shape and the module's dtype, else an
    /// <see cref="InvalidDataException"/> lists every problem and the module is left unchanged. Non-strict: loads the
    /// entries whose names and shapes match (converting other dtypes) and reports the rest.
    /// </summary>
    public static StateDictReport Load<T>(Module<T> module, IReadOnlyDictionary<string, NpyArray> state, bool strict = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(state);
        var entries = Entries(module).ToList();
        List<string> missing = [], misShaped = [], misTyped = [], loaded = [];
        var copies = new List<(Tensor<T> Target, NpyArray Source)>();
        foreach ((string name, Tensor<T> target) in entries)
        {
            if (!state.TryGetValue(name, out NpyArray? source))
            {
                missing.Add(name);
                continue;
            }

            int[] want = target.Shape.ToArray();
            if (!source.Shape.SequenceEqual(want))
            {
                misShaped.Add($"{name} (file ({string.Join(", ", source.Shape)}), module ({string.Join(", ", want)}))");
                continue;
            }

            if (source.Descr != Descr<T>())
                misTyped.Add($"{name} (file {TypeName(source.Descr)}, module {TypeName(Descr<T>())})");
            copies.Add((target, source));
            loaded.Add(name);
        }

        HashSet<string> names = entries.Select(e => e.Name).ToHashSet();
        List<string> unexpected = state.Keys.Where(k => !names.Contains(k)).ToList();
        var report = new StateDictReport(loaded, missing, unexpected, misShaped, misTyped);
        if (strict && !report.Exact)
            throw new InvalidDataException($"StateDict.Load (strict): {report.Problems}; nothing was loaded");
        foreach ((Tensor<T> target, NpyArray source) in copies)
        {
            Span<T> dst = target.Span;
            double[] values = source.AsDouble();
            for (int i = 0; i < dst.Length; i++)
                dst[i] = T.CreateChecked(values[i]);
        }

        return report;
    }

    private static IEnumerable<(string Name, Tensor<T> Value)> Entries<T>(Module<T> module) where T : unmanaged, IFloatingPointIeee754<T> =>
        module.NamedParameters().Concat(module.NamedBuffers());

    private static string Descr<T>() => typeof(T) == typeof(double) ? "<f8" : typeof(T) == typeof(float) ? "<f4" : typeof(T).Name;

    private static string TypeName(string descr) => descr switch
    {
        "<f8" => "float64", "<f4" => "float32", "<f2" => "float16", "bf16" => "bfloat16", "<i8" => "int64", "<i4" => "int32", _ => descr,
    };
}
