using Tdlab.Data.Idx;

namespace Tdlab.Data.Tests.Idx;

public sealed class MnistFolderTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Pixels(int count) => Enumerable.Range(0, count).Select(i => (byte)(i * 37 % 256)).ToArray();

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Loads_a_split_scaled_to_unit_interval(bool train, bool gzip)
    {
        var pixels = Pixels(5 * 3 * 4);
        _dir.WriteSplit(train ? "train" : "t10k", pixels, [3, 1, 4, 1, 5], rows: 3, cols: 4, gzip);
        var split = MnistFolder.Load(_dir.Path, train);
        Assert.Equal(5, split.Count);
        Assert.Equal((3, 4, 12), (split.Rows, split.Cols, split.Features));
        Assert.Equal([3, 1, 4, 1, 5], split.Labels);
        Assert.Equal(pixels.Select(p => (float)(p / 255.0)).ToArray(), split.Images);
        Assert.EndsWith(gzip ? ".gz" : "ubyte", split.ImagesPath);
        Assert.True(MnistFolder.Has(_dir.Path, train));
        Assert.False(MnistFolder.Has(_dir.Path, !train));
    }

    [Fact]
    public void Accepts_dotted_file_names()
    {
        _dir.Write("t10k-images.idx3-ubyte", TempFolder.Idx(0x08, [1, 2, 2], [0, 51, 102, 255]));
        _dir.Write("t10k-labels.idx1-ubyte", TempFolder.Idx(0x08, [1], [9]));
        var split = MnistFolder.Load(_dir.Path, train: false);
        Assert.Equal([0f, 0.2f, 0.4f, 1f], split.Images);
        Assert.Equal([9], split.Labels);
    }

    [Fact]
    public void Missing_files_name_the_folder_and_the_expected_files()
    {
        _dir.Write("train-images-idx3-ubyte", TempFolder.Idx(0x08, [1, 1, 1], [0]));
        var ex = Assert.Throws<FileNotFoundException>(() => MnistFolder.Load(_dir.Path, train: true));
        Assert.Contains(_dir.Path, ex.Message);
        Assert.Contains("train-labels-idx1-ubyte", ex.Message);
        Assert.Contains("train-images-idx3-ubyte", ex.Message);

        ex = Assert.Throws<FileNotFoundException>(() => MnistFolder.Load(_dir.Path, train: false));
        Assert.Contains("has no t10k-images-idx3-ubyte", ex.Message);
    }

    [Fact]
    public void Missing_folder_is_named()
    {
        var folder = Path.Combine(_dir.Path, "nowhere");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => MnistFolder.Load(folder, train: true));
        Assert.Contains(folder, ex.Message);
    }

    [Fact]
    public void Image_and_label_counts_must_agree()
    {
        _dir.WriteSplit("train", Pixels(3 * 2 * 2), [1, 2], rows: 2, cols: 2, gzip: false);
        var ex = Assert.Throws<IdxFormatException>(() => MnistFolder.Load(_dir.Path, train: true));
        Assert.Contains("holds 2 labels", ex.Message);
        Assert.Contains("holds 3 images", ex.Message);
        Assert.EndsWith("train-labels-idx1-ubyte", ex.Path);
    }

    [Fact]
    public void Swapped_files_are_rejected_by_magic_number()
    {
        // A labels file (magic 0x801) where the images belong.
        _dir.Write("train-images-idx3-ubyte", TempFolder.Idx(0x08, [2], [1, 2]));
        _dir.Write("train-labels-idx1-ubyte", TempFolder.Idx(0x08, [2], [1, 2]));
        var ex = Assert.Throws<IdxFormatException>(() => MnistFolder.Load(_dir.Path, train: true));
        Assert.Contains("expected MNIST images (magic 0x00000803", ex.Message);
        Assert.Contains("found magic 0x00000801", ex.Message);
    }

    [Fact]
    public void Locate_prefers_the_explicit_folder()
    {
        Assert.Equal(_dir.Path, MnistFolder.Locate(_dir.Path));
    }

    [FactIfFashionMnist]
    public void Loads_the_installed_Fashion_MNIST_test_split()
    {
        var split = MnistFolder.Load(MnistFolder.FashionMnistPath, train: false);
        Assert.Equal(10000, split.Count);
        Assert.Equal((28, 28), (split.Rows, split.Cols));
        Assert.Equal(10000 * 784, split.Images.Length);
        Assert.All(split.Images, p => Assert.InRange(p, 0f, 1f));
        Assert.Contains(1f, split.Images);                              // some pixel is saturated
        var counts = split.Labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(0, 10), counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.Equal(1000, c));
    }

    [FactIfFashionMnist]
    public void Loads_the_installed_Fashion_MNIST_training_split()
    {
        var split = MnistFolder.Load(MnistFolder.FashionMnistPath, train: true);
        Assert.Equal(60000, split.Count);
        Assert.Equal(60000 * 784, split.Images.Length);
        Assert.All(split.Labels.CountBy(l => l), pair => Assert.Equal(6000, pair.Value));
        Assert.Equal(10, split.Labels.Distinct().Count());
    }
}
