using System.Globalization;

namespace Tdlab.Data.Idx;

/// <summary>
/// Loads MNIST-format folders (MNIST, Fashion-MNIST, KMNIST): train-images-idx3-ubyte,
/// train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each raw or with a .gz
/// suffix (also the common variant with a dot, train-images.idx3-ubyte). Debian's dataset-fashion-mnist
/// package installs the gzipped files in <see cref="FashionMnistPath"/>.
/// </summary>
public static class MnistFolder
{
    /// <summary>Where Debian's dataset-fashion-mnist package puts the files.</summary>
    public const string FashionMnistPath = "/usr/share/datasets/fashion-mnist";

    /// <summary>The environment variable naming a data folder.</summary>
    public const string EnvironmentVariable = "TDLAB_DATA";

    private const int ImagesMagic = 0x0803;   // ubyte, 3 dimensions
    private const int LabelsMagic = 0x0801;   // ubyte, 1 dimension

    /// <summary>
    /// The folder to use: explicitFolder if given, else $TDLAB_DATA if set, else <see cref="FashionMnistPath"/>
    /// if it holds both splits; null if none applies.
    /// </summary>
    public static string? Locate(string? explicitFolder = null)
    {
        if (!string.IsNullOrEmpty(explicitFolder)) return explicitFolder;
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        return Has(FashionMnistPath, train: true) && Has(FashionMnistPath, train: false) ? FashionMnistPath : null;
    }

    /// <summary>Whether the folder holds both files of the split.</summary>
    public static bool Has(string folder, bool train) =>
        Find(folder, Prefix(train) + "-images", "idx3") is not null &&
        Find(folder, Prefix(train) + "-labels", "idx1") is not null;

    /// <summary>
    /// Loads the training split (train = true, usually 60000 images) or the test split (t10k, usually 10000).
    /// Images must be ubyte (n, rows, cols) and labels ubyte (n) with the same n.
    /// </summary>
    public static MnistSplit Load(string folder, bool train)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"MnistFolder.Load: folder '{folder}' does not exist.");
        string prefix = Prefix(train);
        string imagesPath = Require(folder, prefix + "-images", "idx3", prefix);
        string labelsPath = Require(folder, prefix + "-labels", "idx1", prefix);

        var images = IdxReader.Read(imagesPath);
        Expect(images, ImagesMagic, "images");
        var labels = IdxReader.Read(labelsPath);
        Expect(labels, LabelsMagic, "labels");
        if (images.Shape[0] != labels.Shape[0])
            throw new IdxFormatException(labelsPath, string.Create(CultureInfo.InvariantCulture,
                $"holds {labels.Shape[0]} labels but '{imagesPath}' holds {images.Shape[0]} images."));

        return new MnistSplit(images.ToFloat(1.0 / 255.0), labels.ToInt32(), images.Shape[1], images.Shape[2],
            imagesPath, labelsPath);
    }

    /// <summary>
    /// Checks one split without loading it: both files present and well-formed (see <see cref="IdxReader.Inspect"/>),
    /// MNIST magic numbers, as many labels as images, at least one image of at least one pixel.
    /// Throws <see cref="IdxFormatException"/> or <see cref="FileNotFoundException"/>, both IOExceptions.
    /// </summary>
    public static void Check(string folder, bool train)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string prefix = Prefix(train);
        string imagesPath = Require(folder, prefix + "-images", "idx3", prefix);
        string labelsPath = Require(folder, prefix + "-labels", "idx1", prefix);
        IdxHeader images = IdxReader.Inspect(imagesPath);
        Expect(images.Magic, images.Source, images.Type, images.ShapeText, ImagesMagic, "images");
        IdxHeader labels = IdxReader.Inspect(labelsPath);
        Expect(labels.Magic, labels.Source, labels.Type, labels.ShapeText, LabelsMagic, "labels");
        if (images.Shape[0] != labels.Shape[0])
            throw new IdxFormatException(labelsPath, string.Create(CultureInfo.InvariantCulture,
                $"holds {labels.Shape[0]} labels but '{imagesPath}' holds {images.Shape[0]} images."));
        // A split without examples (or with 0-pixel images) would only fail later, inside every run.
        if (images.Shape[0] == 0 || images.Shape[1] == 0 || images.Shape[2] == 0)
            throw new IdxFormatException(imagesPath, $"holds no data: shape {images.ShapeText}.");
    }

    private static string Prefix(bool train) => train ? "train" : "t10k";

    private static void Expect(IdxArray array, int magic, string what) =>
        Expect(array.Magic, array.Source, array.Type, array.ShapeText, magic, what);

    private static void Expect(int found, string source, IdxType type, string shape, int magic, string what)
    {
        if (found != magic)
            throw new IdxFormatException(source, string.Create(CultureInfo.InvariantCulture,
                $"expected MNIST {what} (magic 0x{magic:X8}: ubyte, {magic & 0xff} dimension(s)) but found magic 0x{found:X8}, {type} of shape {shape}."));
    }

    /// <summary>name-kind-ubyte, name.kind-ubyte, each raw or .gz; the first that exists, or null.</summary>
    private static string? Find(string folder, string name, string kind)
    {
        foreach (var stem in (string[])[$"{name}-{kind}-ubyte", $"{name}.{kind}-ubyte"])
            foreach (var suffix in (string[])["", ".gz"])
            {
                var path = Path.Combine(folder, stem + suffix);
                if (File.Exists(path)) return path;
            }

        return null;
    }

    private static string Require(string folder, string name, string kind, string prefix) =>
        Find(folder, name, kind) ?? throw new FileNotFoundException(
            $"MnistFolder.Load: folder '{folder}' has no {name}-{kind}-ubyte (nor .gz); the {(prefix == "train" ? "training" : "test")} split needs " +
            $"{prefix}-images-idx3-ubyte and {prefix}-labels-idx1-ubyte, each raw or gzipped (.gz).",
            Path.Combine(folder, $"{name}-{kind}-ubyte"));
}
