namespace Tdlab.Nn.Recurrent;

/// <summary>The nonlinearity phi of a vanilla RNN, h_t = phi(W h_{t-1} + U x_t + b).</summary>
public enum RnnActivation
{
    Tanh,
    Relu,

    /// <summary>A linear RNN (exact gradient-norm answers for orthogonal W).</summary>
    Identity,
}
