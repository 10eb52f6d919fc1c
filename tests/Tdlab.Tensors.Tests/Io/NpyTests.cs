using System.Text;
using Tdlab.Tensors.Io;

namespace Tdlab.Tensors.Tests.Io;

/// <summary>.npy interchange against files written by numpy 1.24's np.save (see golden/README.md).</summary>
public class NpyTests
{
    static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "Io", "golden", name);

    static byte[] Written<T>(T[] data, int[] shape) where T : unmanaged
    {
        using var stream = new MemoryStream();
        Npy.Write<T>(stream, data, shape);
        return stream.ToArray();
    }

    [Fact]
    public void WriterReproducesNumpyFilesByteForByte()
    {
        Assert.Equal(File.ReadAllBytes(Golden("float32_2x3.npy")), Written([1.5f, -2.25f, 0f, 3.0e-8f, 65504f, -1f], [2, 3]));
        Assert.Equal(File.ReadAllBytes(Golden("float64_scalar.npy")), Written([3.141592653589793], []));
        Assert.Equal(File.ReadAllBytes(Golden("int64_5.npy")), Written([0L, -1L, 1L << 40, -(1L << 62), 7L], [5]));
        Assert.Equal(File.ReadAllBytes(Golden("int32_2x2x2.npy")), Written([-4, -3, -2, -1, 0, 1, 2, 3], [2, 2, 2]));
        Assert.Equal(File.ReadAllBytes(Golden("float32_empty_0x3.npy")), Written(Array.Empty<float>(), [0, 3]));
        Assert.Equal(File.ReadAllBytes(Golden("float64_ones_15d.npy")), Written([-0.5], [.. Enumerable.Repeat(1, 15)]));
    }

    [Fact]
    public void ReaderReadsNumpyFiles()
    {
        var a = Npy.Read(Golden("float32_2x3.npy"));
        Assert.Equal("<f4", a.Descr);
        Assert.Equal([2, 3], a.Shape);
        Assert.Equal([1.5f, -2.25f, 0f, 3.0e-8f, 65504f, -1f], (float[])a.Data);

        var s = Npy.Read(Golden("float64_scalar.npy"));
        Assert.Empty(s.Shape);
        Assert.Equal([Math.PI], s.AsDouble());

        var l = Npy.Read(Golden("int64_5.npy"));
        Assert.Equal([5], l.Shape);
        Assert.Equal([0L, -1L, 1L << 40, -(1L << 62), 7L], l.AsInt64());
        Assert.Throws<OverflowException>(() => l.AsInt32());

        var i = Npy.Read(Golden("int32_2x2x2.npy"));
        Assert.Equal([2, 2, 2], i.Shape);
        Assert.Equal([-4, -3, -2, -1, 0, 1, 2, 3], i.AsInt32());
        Assert.Equal([-4.0, -3, -2, -1, 0, 1, 2, 3], i.AsDouble());

        Assert.Equal([0, 3], Npy.Read(Golden("float32_empty_0x3.npy")).Shape);
        Assert.Equal(15, Npy.Read(Golden("float64_ones_15d.npy")).Shape.Length);
    }

    [Fact]
    public void RoundTripsThroughAFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tdlab-npy-{Guid.NewGuid():N}.npy");
        try
        {
            double[] data = [double.NaN, double.PositiveInfinity, -0.0, double.Epsilon, 1e300, -1.0 / 3];
            Npy.Write<double>(path, data, [3, 1, 2]);
            var back = Npy.Read(path);
            Assert.Equal([3, 1, 2], back.Shape);
            Assert.Equal(data.Select(BitConverter.DoubleToInt64Bits), back.AsDouble().Select(BitConverter.DoubleToInt64Bits));

            float[] big = [.. Enumerable.Range(0, 12345).Select(k => k * 0.5f - 7f)];
            Npy.Write<float>(path, big, [12345]);
            Assert.Equal(big, Npy.Read(path).AsFloat());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void WriteRejectsShapeMismatchAndUnsupportedTypes()
    {
        using var stream = new MemoryStream();
        Assert.Contains("(2, 2)", Assert.Throws<ArgumentException>(() => Npy.Write<float>(stream, new float[5], [2, 2])).Message);
        Assert.Throws<NotSupportedException>(() => Npy.Write<short>(stream, new short[2], [2]));
        Assert.Throws<ArgumentException>(() => Npy.Write<float>(stream, new float[0], [-1]));
    }

    static byte[] WithHeader(string dict, int dataBytes)
    {
        byte[] good = Written(new float[6], [2, 3]);
        byte[] header = Encoding.ASCII.GetBytes(dict.PadRight(117) + "\n");
        var bytes = new byte[10 + header.Length + dataBytes];
        good.AsSpan(0, 10).CopyTo(bytes);
        header.CopyTo(bytes, 10);
        return bytes;
    }

    [Theory]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (2, 3), }", "'<c8'")]
    [InlineData("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }", "'>f4'")]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", "Fortran")]
    [InlineData("{'descr': '<f4', 'shape': (2, 3), }", "lacks")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", "dimension")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}", "'extra'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)", "expected '}'")]
    public void UnsupportedOrMalformedHeadersThrowNamingFileAndProblem(string dict, string problem)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(WithHeader(dict, 24)), "weights.npy"));
        Assert.StartsWith("weights.npy: ", ex.Message);
        Assert.Contains(problem, ex.Message);
    }

    [Fact]
    public void BadMagicAndTruncationThrow()
    {
        byte[] good = File.ReadAllBytes(Golden("float32_2x3.npy"));
        byte[] badMagic = (byte[])good.Clone();
        badMagic[1] = (byte)'X';
        Assert.Contains("bad magic", Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(badMagic), "a.npy")).Message);
        Assert.Contains("truncated header", Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(good[..100]), "b.npy")).Message);
        Assert.Contains("truncated header prefix", Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(good[..5]), "c.npy")).Message);
        Assert.Contains("truncated array data", Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(good[..^1]), "d.npy")).Message);
        byte[] v3 = (byte[])good.Clone();
        v3[6] = 3;
        Assert.Contains("version 3.0", Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(v3), "e.npy")).Message);
    }

    [Fact]
    public void TrailingBytesInAFileThrow()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tdlab-npy-{Guid.NewGuid():N}.npy");
        try
        {
            File.WriteAllBytes(path, [.. File.ReadAllBytes(Golden("int64_5.npy")), 0]);
            var ex = Assert.Throws<InvalidDataException>(() => Npy.Read(path));
            Assert.Contains(path, ex.Message);
            Assert.Contains("1 bytes after", ex.Message);
        }
        finally { File.Delete(path); }
    }
}
