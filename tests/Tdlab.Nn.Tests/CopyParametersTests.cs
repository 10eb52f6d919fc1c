using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

/// <summary>Module.CopyParametersFrom across precisions: each parameter rounded element by element, in Parameters() order.</summary>
public class CopyParametersTests
{
    [Fact]
    public void A_float32_copy_holds_each_float64_parameter_rounded_and_copies_back_exactly()
    {
        var wide = Mlp.Build<double>(5, [8, 8], 3, new Rng(4), Activation.Tanh);
        var single = Mlp.Build<float>(5, [8, 8], 3, new Rng(9), Activation.Tanh);
        single.CopyParametersFrom(wide);
        foreach (var (w, s) in wide.Parameters().Zip(single.Parameters()))
            for (int i = 0; i < w.Length; i++) Assert.Equal((float)w.Span[i], s.Span[i]);

        var back = Mlp.Build<double>(5, [8, 8], 3, new Rng(11), Activation.Tanh);
        back.CopyParametersFrom(single);                    // float32 -> float64 is exact
        foreach (var (s, b) in single.Parameters().Zip(back.Parameters()))
            for (int i = 0; i < s.Length; i++) Assert.Equal((double)s.Span[i], b.Span[i]);
    }

    [Fact]
    public void Another_architecture_is_refused()
    {
        var a = Mlp.Build<double>(5, [8], 3, new Rng(4), Activation.Tanh);
        Assert.Throws<ArgumentException>(() => Mlp.Build<float>(5, [8, 8], 3, new Rng(4), Activation.Tanh).CopyParametersFrom(a));
        Assert.Throws<ArgumentException>(() => Mlp.Build<float>(5, [9], 3, new Rng(4), Activation.Tanh).CopyParametersFrom(a));
    }
}
