namespace Tdlab.Data.Idx;

/// <summary>
/// The element type byte of an IDX file (the third byte of its magic number; LeCun et al.'s MNIST page,
/// "THE IDX FILE FORMAT"). Multi-byte elements are big-endian.
/// </summary>
public enum IdxType : byte
{
    UnsignedByte = 0x08,
    SignedByte = 0x09,
    Int16 = 0x0B,
    Int32 = 0x0C,
    Single = 0x0D,
    Double = 0x0E,
}
