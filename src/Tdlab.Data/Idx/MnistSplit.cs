namespace Tdlab.Data.Idx;

/// <summary>
/// One split of an MNIST-format data set: Images (Count, Rows * Cols) row-major, pixels scaled to [0, 1];
/// Labels (Count) as stored (0..9 for MNIST and Fashion-MNIST); the files they came from.
/// </summary>
public sealed record MnistSplit(float[] Images, int[] Labels, int Rows, int Cols, string ImagesPath, string LabelsPath)
{
    public int Count => Labels.Length;

    /// <summary>Pixels per image, Rows * Cols (784 for 28 x 28).</summary>
    public int Features => Rows * Cols;
}
