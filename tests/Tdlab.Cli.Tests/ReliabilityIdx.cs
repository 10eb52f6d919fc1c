using Tdlab.Data.Tests.Idx;

namespace Tdlab.Cli.Tests;

/// <summary>Writes tiny MNIST-format folders and the malformed variants of the reliability tests.</summary>
public static class ReliabilityIdx
{
    public const string TrainImages = "train-images-idx3-ubyte", TrainLabels = "train-labels-idx1-ubyte";

    /// <summary>An IDX file: magic 00 00 type rank, big-endian dimensions, then <paramref name="data"/>.</summary>
    public static byte[] File(byte type, int[] dims, byte[] data) => TempFolder.Idx(type, dims, data);

    public static byte[] Images(int n, int rows = 2, int cols = 2) =>
        File(0x08, [n, rows, cols], [.. Enumerable.Range(0, n * rows * cols).Select(i => (byte)(i * 37))]);

    public static byte[] Labels(int n) => File(0x08, [n], [.. Enumerable.Range(0, n).Select(i => (byte)(i % 2))]);

    /// <summary>A valid folder: 6 training and 3 test images of 2 x 2 pixels, raw.</summary>
    public static string WriteFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        System.IO.File.WriteAllBytes(Path.Combine(folder, TrainImages), Images(6));
        System.IO.File.WriteAllBytes(Path.Combine(folder, TrainLabels), Labels(6));
        System.IO.File.WriteAllBytes(Path.Combine(folder, "t10k-images-idx3-ubyte"), Images(3));
        System.IO.File.WriteAllBytes(Path.Combine(folder, "t10k-labels-idx1-ubyte"), Labels(3));
        return folder;
    }

    /// <summary>The malformed cases: a name, and what to do to a valid folder.</summary>
    public static IEnumerable<(string Name, Action<string> Damage)> Cases()
    {
        void Images(string f, byte[] b) => System.IO.File.WriteAllBytes(Path.Combine(f, TrainImages), b);
        byte[] valid = ReliabilityIdx.Images(6);
        var random = new Random(12);
        byte[] Noise(int n)
        {
            var b = new byte[n];
            random.NextBytes(b);
            b[0] = 0x47;    // neither 00 (IDX) nor 1f (gzip)
            return b;
        }

        yield return ("garbage", f => Images(f, Noise(200)));
        yield return ("empty", f => Images(f, []));
        yield return ("truncated-header", f => Images(f, valid[..6]));
        yield return ("truncated-data", f => Images(f, valid[..^3]));
        yield return ("wrong-magic", f => Images(f, [0x01, .. valid[1..]]));
        yield return ("wrong-rank", f => Images(f, File(0x08, [6, 4], valid[16..])));
        yield return ("wrong-type", f => Images(f, File(0x0D, [6, 2, 2], new byte[96])));
        yield return ("gzip-garbage", f => Images(f, [0x1f, 0x8b, .. Noise(100)]));
        yield return ("truncated-gzip", f => Images(f, TempFolder.Gzip(valid)[..20]));
        yield return ("count-mismatch", f => System.IO.File.WriteAllBytes(Path.Combine(f, TrainLabels), Labels(5)));
        yield return ("trailing-bytes", f => Images(f, [.. valid, 1, 2, 3, 4, 5]));
        yield return ("huge-dimensions", f => Images(f, File(0x08, [int.MaxValue, 28, 28], new byte[64])));
        yield return ("zero-images", f =>
        {
            Images(f, ReliabilityIdx.Images(0));
            System.IO.File.WriteAllBytes(Path.Combine(f, TrainLabels), Labels(0));
        });
        yield return ("zero-pixels", f => Images(f, ReliabilityIdx.Images(6, 0, 2)));
        yield return ("labels-missing", f => System.IO.File.Delete(Path.Combine(f, TrainLabels)));
        yield return ("labels-garbage", f => System.IO.File.WriteAllBytes(Path.Combine(f, TrainLabels), Noise(9)));
    }
}
