using Tdlab.Data.Idx;

namespace Tdlab.Data;

/// <summary>
/// Resolves an experiment's <c>data</c> setting: "synthetic" (the experiment's own generator),
/// "fashion-mnist" (Debian's dataset-fashion-mnist under /usr/share/datasets/fashion-mnist, or $TDLAB_DATA),
/// or a path to any MNIST-format folder. Images are flattened to 784 features in [0, 1].
/// </summary>
public static class DataSources
{
    public const string Synthetic = "synthetic";
    public const string FashionMnist = "fashion-mnist";

    public static bool IsSynthetic(string data) => string.Equals(data, Synthetic, StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder a non-synthetic setting names; throws FileNotFoundException when it cannot be found.</summary>
    public static string Folder(string data)
    {
        if (string.Equals(data, FashionMnist, StringComparison.OrdinalIgnoreCase))
        {
            return MnistFolder.Locate() ?? throw new FileNotFoundException(
                $"data=fashion-mnist: no IDX files in {MnistFolder.FashionMnistPath} and ${MnistFolder.EnvironmentVariable} is not set " +
                "(install Debian's dataset-fashion-mnist, or pass --set data=PATH)");
        }

        return data;
    }

    /// <summary>
    /// Checks a setting before a sweep starts, so bad input fails fast with one message: the folder, both
    /// splits' files, and each file's header, size and counts (<see cref="MnistFolder.Check"/>). Throws an
    /// <see cref="IOException"/> naming the file and the problem.
    /// </summary>
    public static void Validate(string data)
    {
        if (IsSynthetic(data)) return;
        string folder = Folder(data);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"data={data}: folder '{folder}' does not exist (use 'synthetic', 'fashion-mnist' or an MNIST-format folder)");
        if (!MnistFolder.Has(folder, train: true) || !MnistFolder.Has(folder, train: false))
            throw new FileNotFoundException($"data={data}: '{folder}' lacks train-/t10k- images and labels IDX files");
        MnistFolder.Check(folder, train: true);
        MnistFolder.Check(folder, train: false);
    }

    /// <summary>Loads an image data set, keeping at most the first trainLimit / testLimit examples.</summary>
    public static DataSplit LoadImages(string data, int trainLimit = int.MaxValue, int testLimit = int.MaxValue)
    {
        string folder = Folder(data);
        var train = MnistFolder.Load(folder, train: true);
        var test = MnistFolder.Load(folder, train: false);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        return new DataSplit(
            ToDataset(name + "/train", train).Take(trainLimit),
            ToDataset(name + "/test", test).Take(testLimit));
    }

    private static Dataset ToDataset(string name, MnistSplit s) =>
        new(name, s.Images, s.Count, s.Features, s.Labels, s.Labels.Length == 0 ? 0 : s.Labels.Max() + 1);
}
