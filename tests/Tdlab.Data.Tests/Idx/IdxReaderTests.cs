using System.Buffers.Binary;
using Tdlab.Data.Idx;

namespace Tdlab.Data.Tests.Idx;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_ubyte_images_raw_and_gzipped(bool gzip)
    {
        var pixels = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 10)).ToArray();
        var path = _dir.Write("images", TempFolder.Idx(0x08, [2, 3, 4], pixels), gzip);
        var array = IdxReader.Read(path);
        Assert.Equal(IdxType.UnsignedByte, array.Type);
        Assert.Equal([2, 3, 4], array.Shape);
        Assert.Equal(24, array.Count);
        Assert.Equal(0x0803, array.Magic);
        Assert.Equal(pixels, array.Data.ToArray());
        Assert.Equal(pixels.Select(p => (float)(p / 255.0)).ToArray(), array.ToFloat(1.0 / 255.0));
        Assert.Equal(pixels.Select(p => (int)p).ToArray(), array.ToInt32());
        IdxHeader header = IdxReader.Inspect(path);    // the check before a sweep sees what Read sees
        Assert.Equal((array.Type, array.Magic, array.ShapeText), (header.Type, header.Magic, header.ShapeText));
    }

    [Fact]
    public void Byte_255_scales_to_exactly_one()
    {
        var array = IdxReader.Read(_dir.Write("x", TempFolder.Idx(0x08, [2], [0, 255])));
        Assert.Equal([0f, 1f], array.ToFloat(1.0 / 255.0));
    }

    [Fact]
    public void Decodes_every_type_big_endian()
    {
        var s = IdxReader.Read(_dir.Write("s", TempFolder.Idx(0x09, [3], [0x80, 0xff, 0x05])));
        Assert.Equal([-128.0, -1, 5], s.ToDouble());

        var shorts = new byte[4];
        BinaryPrimitives.WriteInt16BigEndian(shorts, -300);
        BinaryPrimitives.WriteInt16BigEndian(shorts.AsSpan(2), 1234);
        Assert.Equal([-300, 1234], IdxReader.Read(_dir.Write("h", TempFolder.Idx(0x0B, [2], shorts))).ToInt32());

        var ints = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(ints, -70000);
        BinaryPrimitives.WriteInt32BigEndian(ints.AsSpan(4), 123456789);
        Assert.Equal([-70000, 123456789], IdxReader.Read(_dir.Write("i", TempFolder.Idx(0x0C, [2, 1], ints))).ToInt32());

        var floats = new byte[8];
        BinaryPrimitives.WriteSingleBigEndian(floats, 1.5f);
        BinaryPrimitives.WriteSingleBigEndian(floats.AsSpan(4), -0.25f);
        var f = IdxReader.Read(_dir.Write("f", TempFolder.Idx(0x0D, [1, 2], floats)));
        Assert.Equal([3f, -0.5f], f.ToFloat(2.0));
        Assert.Throws<InvalidOperationException>(() => f.ToInt32());

        var doubles = new byte[16];
        BinaryPrimitives.WriteDoubleBigEndian(doubles, Math.PI);
        BinaryPrimitives.WriteDoubleBigEndian(doubles.AsSpan(8), -1e300);
        Assert.Equal([Math.PI, -1e300], IdxReader.Read(_dir.Write("d", TempFolder.Idx(0x0E, [2], doubles), gzip: true)).ToDouble());
    }

    [Fact]
    public void Detects_gzip_by_content_not_by_name()
    {
        var raw = TempFolder.Idx(0x08, [3], [7, 8, 9]);
        Assert.Equal([7, 8, 9], IdxReader.Read(_dir.Write("plain.gz", raw)).ToInt32());
        Assert.Equal([7, 8, 9], IdxReader.Read(_dir.Write("zipped-idx1-ubyte", raw, gzip: true)).ToInt32());
    }

    [Fact]
    public void Reads_from_a_non_seekable_stream()
    {
        var bytes = TempFolder.Gzip(TempFolder.Idx(0x08, [2], [1, 2]));
        using var stream = new NonSeekable(bytes);
        Assert.Equal([1, 2], IdxReader.Read(stream, "pipe").ToInt32());
    }

    [Theory]
    [InlineData(new byte[] { 0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 5 }, "wrong magic number 0x12340801")]
    [InlineData(new byte[] { 0, 0, 0x07, 0x01, 0, 0, 0, 1, 5 }, "wrong magic number 0x00000701")]
    [InlineData(new byte[] { 0, 0, 0x08, 0x00 }, "0 dimensions")]
    [InlineData(new byte[] { }, "ends after 0 bytes")]
    [InlineData(new byte[] { 0, 0, 8 }, "ends after 3 bytes")]
    [InlineData(new byte[] { 0, 0, 0x08, 0x03, 0, 0, 0, 2, 0, 0 }, "only 6 of their 12 bytes")]
    [InlineData(new byte[] { 0, 0, 0x08, 0x02, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5 }, "truncated: the header declares shape (2, 3) of UnsignedByte = 6 data bytes, but only 5")]
    [InlineData(new byte[] { 0, 0, 0x0C, 0x01, 0, 0, 0, 1, 1, 2, 3, 4, 9, 9 }, "size mismatch: the header declares shape (1) of Int32 = 4 data bytes, but 2 more bytes")]
    [InlineData(new byte[] { 0, 0, 0x08, 0x01, 0x80, 0, 0, 0 }, "larger than int.MaxValue")]
    [InlineData(new byte[] { 0, 0, 0x0E, 0x02, 0x7f, 0, 0, 0, 0x7f, 0, 0, 0 }, "too large")]
    public void Malformed_files_raise_IdxFormatException_naming_the_file(byte[] bytes, string expected)
    {
        foreach (bool gzip in new[] { false, true })
        {
            var path = _dir.Write(gzip ? "bad.gz" : "bad", bytes, gzip);
            var ex = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));
            Assert.Equal(path, ex.Path);
            Assert.Contains(path, ex.Message);
            Assert.Contains(expected, ex.Message);
            Assert.Equal(ex.Message, Assert.Throws<IdxFormatException>(() => IdxReader.Inspect(path)).Message);
        }
    }

    [Fact]
    public void Corrupt_gzip_stream_raises_IdxFormatException()
    {
        var path = _dir.Write("corrupt", [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3]);
        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Truncated_gzip_file_is_reported()
    {
        var gz = TempFolder.Gzip(TempFolder.Idx(0x08, [1000], Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray()));
        var path = _dir.Write("cut", gz[..(gz.Length / 2)]);
        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Missing_file_raises_FileNotFoundException()
    {
        var path = Path.Combine(_dir.Path, "absent");
        var ex = Assert.Throws<FileNotFoundException>(() => IdxReader.Read(path));
        Assert.Contains(path, ex.Message);
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
