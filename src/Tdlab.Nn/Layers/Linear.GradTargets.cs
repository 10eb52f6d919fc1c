using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

public sealed partial class Linear<T>
{
    /// <summary>
    /// The buffers a fused backward writes this layer's parameter gradients into: W and B (the parameter's
    /// .Grad, or the fresh Dw and Db returned as the node's gradients), and whether to add into them or
    /// overwrite them.
    /// </summary>
    internal sealed class GradTargets
    {
        public Tensor<T>? W;
        public Tensor<T>? B;
        public Tensor<T>? Dw;
        public Tensor<T>? Db;
        public bool WAdd;
        public bool BAdd;
    }
}
