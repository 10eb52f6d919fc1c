using Tdlab.Data.Idx;

namespace Tdlab.Data.Tests.Idx;

/// <summary>A fact that is skipped unless Debian's dataset-fashion-mnist files are installed.</summary>
public sealed class FactIfFashionMnistAttribute : FactAttribute
{
    public FactIfFashionMnistAttribute()
    {
        if (!MnistFolder.Has(MnistFolder.FashionMnistPath, train: false))
            Skip = $"Fashion-MNIST is not installed in {MnistFolder.FashionMnistPath} (apt install dataset-fashion-mnist).";
    }
}
