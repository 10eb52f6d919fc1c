using System.Runtime.Intrinsics;

namespace Tdlab.Kernels.Operators;

/// <summary>
/// A map y = f(x) applied lane by lane, in the style of dotnet/runtime's
/// <c>TensorPrimitives.IUnaryOperator</c>. One form per vector width; <see cref="ElementwiseDriver"/>
/// picks the widest accelerated width and owns the loop, the unrolling and the tail. There is no scalar
/// form: the tail also goes through the vector form (zero-padded), so an element's result never depends
/// on its position or on the span length. The scalar definitions live in <see cref="ElementwiseReference"/>.
/// </summary>
internal interface IUnaryOp<T> where T : unmanaged
{
    Vector128<T> Invoke(Vector128<T> x);
    Vector256<T> Invoke(Vector256<T> x);
    Vector512<T> Invoke(Vector512<T> x);
}

/// <summary>A map d = f(a, b) applied lane by lane (e.g. a backward rule dx = g(x, dy)).</summary>
internal interface IBinaryOp<T> where T : unmanaged
{
    Vector128<T> Invoke(Vector128<T> a, Vector128<T> b);
    Vector256<T> Invoke(Vector256<T> a, Vector256<T> b);
    Vector512<T> Invoke(Vector512<T> a, Vector512<T> b);
}

/// <summary>Runs a unary operator through the binary driver; the second operand is ignored.</summary>
internal readonly struct UnaryAsBinary<T, TOp>(TOp op) : IBinaryOp<T> where T : unmanaged where TOp : struct, IUnaryOp<T>
{
    public Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => op.Invoke(a);
    public Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => op.Invoke(a);
    public Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => op.Invoke(a);
}

/// <summary>d = op(a + b): a bias added, then a unary op (a dense layer's bias and activation in one pass).</summary>
internal readonly struct AddThen<T, TOp>(TOp op) : IBinaryOp<T> where T : unmanaged where TOp : struct, IUnaryOp<T>
{
    public Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => op.Invoke(a + b);
    public Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => op.Invoke(a + b);
    public Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => op.Invoke(a + b);
}
