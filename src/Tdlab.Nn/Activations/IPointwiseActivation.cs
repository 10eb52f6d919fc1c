namespace Tdlab.Nn;

/// <summary>An activation module that applies one <see cref="Activation"/> elementwise (so a preceding Linear may fuse it).</summary>
internal interface IPointwiseActivation
{
    Activation Kind { get; }
}
