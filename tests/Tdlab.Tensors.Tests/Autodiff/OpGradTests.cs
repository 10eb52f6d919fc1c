using Tdlab.Tensors;

namespace Tdlab.Tensors.Tests.Autodiff;

/// <summary>Every differentiable op: first- and second-order finite-difference checks in float64.</summary>
public class OpGradTests
{
    private static Tensor<double> R(ulong s, params int[] d) => GradCheck.Randn(s, d);

    private static Tensor<double> P(ulong s, params int[] d) => GradCheck.Positive(s, d);

    public static TheoryData<string> Unary => new()
    {
        "neg", "exp", "log", "sqrt", "square", "abs", "pow", "sin", "cos", "tanh", "sigmoid", "relu",
        "softplus", "erf", "clamp", "affine", "rdiv", "sum", "sum0", "sum1_keep", "mean", "mean_axis",
        "max_axis", "norm", "reshape", "transpose", "transpose3", "slice_rows", "slice_rows_overlapping",
        "slice_rows_and_whole", "narrow1", "narrow0",
        "pad", "index_rows", "softmax", "log_softmax", "broadcast_to", "sum_to",
    };

    [Theory]
    [MemberData(nameof(Unary))]
    public void UnaryOp(string op)
    {
        Func<Tensor<double>, Tensor<double>> f = op switch
        {
            "neg" => x => -x,
            "exp" => x => x.Exp(),
            "log" => x => x.Log(),
            "sqrt" => x => x.Sqrt(),
            "square" => x => x.Square(),
            "abs" => x => x.Abs(),
            "pow" => x => x.Pow(2.5),
            "sin" => x => x.Sin(),
            "cos" => x => x.Cos(),
            "tanh" => x => x.Tanh(),
            "sigmoid" => x => x.Sigmoid(),
            "relu" => x => x.Relu() * x,       // x*relu(x) has a non-zero second derivative
            "softplus" => x => x.Softplus(5.0),
            "erf" => x => x.Erf(),
            "clamp" => x => x.Clamp(-0.7, 0.9) * x,
            "affine" => x => 3.0 - x * 2.0,
            "rdiv" => x => 2.0 / x,
            "sum" => x => x.Square().Sum(),
            "sum0" => x => x.Square().Sum(0),
            "sum1_keep" => x => x.Square().Sum(1, keepDim: true),
            "mean" => x => x.Square().Mean(),
            "mean_axis" => x => x.Square().Mean(-1),
            "max_axis" => x => x.Square().Max(1),
            "norm" => x => x.Norm(),
            "reshape" => x => x.Reshape(2, -1).Square(),
            "transpose" => x => x.Transpose().Square(),
            "transpose3" => x => x.Reshape(2, 2, 3).Transpose().Square(),
            "slice_rows" => x => x.SliceRows(1, 2).Square(),
            // several views of one tensor: their gradients add into one buffer (Autograd.AccumulateView)
            "slice_rows_overlapping" => x => x.SliceRows(0, 3).Square().Sum() + x.SliceRows(1, 3).Sin().Sum() + x.SliceRows(3, 1).Exp().Sum(),
            "slice_rows_and_whole" => x => x.Tanh().Sum() * x.SliceRows(2, 2).Square().Sum() + x.SliceRows(0, 1).Sum(),
            "narrow1" => x => x.Narrow(1, 1, 2).Square(),
            "narrow0" => x => x.Narrow(0, 1, 3).Square(),
            "pad" => x => x.PadAxis(1, 2, 6).Square(),
            "index_rows" => x => x.IndexRows([3, 0, 3, 1]).Square(),
            "softmax" => x => x.Softmax() * x,
            "log_softmax" => x => x.LogSoftmax().Square(),
            "broadcast_to" => x => x.Reshape(4, 1, 3).BroadcastTo(new Shape(4, 2, 3)).Square(),
            "sum_to" => x => x.Square().SumTo(new Shape(3)),
            _ => throw new ArgumentException(op),
        };
        bool positive = op is "log" or "sqrt" or "pow" or "rdiv";
        var x0 = positive ? P(11, 4, 3) : R(11, 4, 3);
        GradCheck.CheckTwice(xs => f(xs[0]), [x0], op);
    }

    public static TheoryData<string> Binary => new()
    {
        "add", "sub", "mul", "div", "add_row", "mul_row", "mul_col", "div_scalar", "sub_front", "add_general",
        "matmul", "matmul_ta", "matmul_tb", "matmul_tatb", "matmul_batched", "matmul_batched_tb",
        "matmul_3d_2d", "matmul_2d_3d", "concat0", "concat1", "dot",
    };

    [Theory]
    [MemberData(nameof(Binary))]
    public void BinaryOp(string op)
    {
        (Func<Tensor<double>, Tensor<double>, Tensor<double>> f, Tensor<double> a, Tensor<double> b) c = op switch
        {
            "add" => ((a, b) => (a + b).Square(), R(1, 3, 4), R(2, 3, 4)),
            "sub" => ((a, b) => (a - b).Square(), R(1, 3, 4), R(2, 3, 4)),
            "mul" => ((a, b) => a * b, R(1, 3, 4), R(2, 3, 4)),
            "div" => ((a, b) => a / b, R(1, 3, 4), P(2, 3, 4)),
            "add_row" => ((a, b) => (a + b).Square(), R(1, 3, 4), R(2, 4)),
            "mul_row" => ((a, b) => a * b, R(1, 3, 4), R(2, 4)),
            "mul_col" => ((a, b) => a * b, R(1, 3, 4), R(2, 3, 1)),
            "div_scalar" => ((a, b) => a / b, R(1, 3, 4), P(2, 1)),
            "sub_front" => ((a, b) => (a - b).Square(), R(1, 4), R(2, 2, 3, 4)),
            "add_general" => ((a, b) => (a + b).Square(), R(1, 2, 1, 4), R(2, 3, 1)),
            "matmul" => ((a, b) => a.MatMul(b), R(1, 3, 5), R(2, 5, 4)),
            "matmul_ta" => ((a, b) => a.MatMul(b, transA: true), R(1, 5, 3), R(2, 5, 4)),
            "matmul_tb" => ((a, b) => a.MatMul(b, transB: true), R(1, 3, 5), R(2, 4, 5)),
            "matmul_tatb" => ((a, b) => a.MatMul(b, true, true), R(1, 5, 3), R(2, 4, 5)),
            "matmul_batched" => ((a, b) => a.MatMul(b), R(1, 2, 3, 5), R(2, 2, 5, 4)),
            "matmul_batched_tb" => ((a, b) => a.MatMul(b, transB: true), R(1, 2, 3, 5), R(2, 2, 4, 5)),
            "matmul_3d_2d" => ((a, b) => a.MatMul(b), R(1, 2, 3, 5), R(2, 5, 4)),
            "matmul_2d_3d" => ((a, b) => a.MatMul(b), R(1, 3, 5), R(2, 2, 5, 4)),
            "concat0" => ((a, b) => Tensor.Concat([a, b], 0).Square(), R(1, 2, 4), R(2, 3, 4)),
            "concat1" => ((a, b) => Tensor.Concat([a, b], 1).Square(), R(1, 3, 2), R(2, 3, 4)),
            "dot" => ((a, b) => a.Dot(b) * a.Sum(), R(1, 3, 4), R(2, 3, 4)),
            _ => throw new ArgumentException(op),
        };
        // Products are bilinear: square the output so the second-order check sees curvature in each input.
        GradCheck.CheckTwice(xs => c.f(xs[0], xs[1]).Square(), [c.a, c.b], op);
    }

    [Fact]
    public void IndexAddRowsIsTheAdjointOfIndexRows()
    {
        GradCheck.CheckTwice(xs => xs[0].IndexAddRows([2, 0, 2], 4).Square(), [R(5, 3, 2)], "index_add_rows");
    }

    [Fact]
    public void ReusedInputAccumulatesGradients()
    {
        // f = x*x + x: the same leaf reaches the output along three paths.
        GradCheck.CheckTwice(xs => xs[0] * xs[0] + xs[0].Exp() * xs[0], [R(3, 5)], "reuse");
    }
}
