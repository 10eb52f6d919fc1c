using Tdlab.Tensors.Random;

namespace Tdlab.Nn;

/// <summary>
/// The catalogue of initialisation schemes, each with its formula and source. fan_in and fan_out are
/// the weight matrix's (out, in) = (fan_out, fan_in) dimensions; a bias is drawn with its weight's fans.
/// Every draw takes an <see cref="Rng"/>, so initial values derive from seeds.
/// </summary>
public static class Init
{
    /// <summary>w ~ N(mean, std^2) i.i.d.</summary>
    public static Initializer Normal(double std, double mean = 0.0) =>
        new(Invariant($"normal(mean={mean}, std={std})"), (v, _, _, rng) => rng.Normal<double>(v, mean, std));

    /// <summary>w ~ U[lo, hi) i.i.d.; variance (hi - lo)^2 / 12.</summary>
    public static Initializer Uniform(double lo, double hi) =>
        new(Invariant($"uniform({lo}, {hi})"), (v, _, _, rng) => rng.Uniform<double>(v, lo, hi));

    /// <summary>
    /// Xavier/Glorot normal: w ~ N(0, gain^2 * 2 / (fan_in + fan_out)) (Glorot and Bengio 2010, eq. 12,
    /// the variance compromise between the forward and the backward pass).
    /// </summary>
    public static Initializer XavierNormal(double gain = 1.0) =>
        new(Invariant($"xavier_normal(gain={gain})"),
            (v, fo, fi, rng) => rng.Normal<double>(v, 0.0, gain * Math.Sqrt(2.0 / (fi + fo))));

    /// <summary>
    /// Xavier/Glorot uniform: w ~ U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)), so that
    /// Var w = gain^2 * 2 / (fan_in + fan_out) (Glorot and Bengio 2010, eq. 16).
    /// </summary>
    public static Initializer XavierUniform(double gain = 1.0) =>
        new(Invariant($"xavier_uniform(gain={gain})"), (v, fo, fi, rng) =>
        {
            double a = gain * Math.Sqrt(6.0 / (fi + fo));
            rng.Uniform<double>(v, -a, a);
        });

    /// <summary>
    /// Kaiming/He normal: w ~ N(0, gain^2 / fan) with fan = fan_in or fan_out (He et al. 2015, eq. 10 with
    /// gain sqrt(2) for ReLU; general gain as torch.nn.init.calculate_gain, see <see cref="Gain"/>).
    /// </summary>
    public static Initializer KaimingNormal(double gain = 1.4142135623730951, FanMode mode = FanMode.FanIn) =>
        new(Invariant($"kaiming_normal(gain={gain}, {mode})"),
            (v, fo, fi, rng) => rng.Normal<double>(v, 0.0, gain / Math.Sqrt(Fan(mode, fo, fi))));

    /// <summary>Kaiming/He uniform: w ~ U(-b, b), b = gain * sqrt(3 / fan), so Var w = gain^2 / fan (He et al. 2015).</summary>
    public static Initializer KaimingUniform(double gain = 1.4142135623730951, FanMode mode = FanMode.FanIn) =>
        new(Invariant($"kaiming_uniform(gain={gain}, {mode})"), (v, fo, fi, rng) =>
        {
            double b = gain * Math.Sqrt(3.0 / Fan(mode, fo, fi));
            rng.Uniform<double>(v, -b, b);
        });

    /// <summary>LeCun normal: w ~ N(0, 1 / fan_in) (LeCun, Bottou, Orr and Mueller 1998, "Efficient BackProp", sec. 4.6).</summary>
    public static Initializer LeCunNormal() =>
        new("lecun_normal", (v, _, fi, rng) => rng.Normal<double>(v, 0.0, 1.0 / Math.Sqrt(fi)));

    /// <summary>
    /// PyTorch's nn.Linear default for weight and bias: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), variance
    /// 1 / (3 fan_in) (kaiming_uniform with a = sqrt(5), torch/nn/modules/linear.py reset_parameters).
    /// </summary>
    public static Initializer PyTorchDefault() =>
        new("pytorch_default", (v, _, fi, rng) => rng.Uniform<double>(v, -1.0 / Math.Sqrt(fi), 1.0 / Math.Sqrt(fi)));

    /// <summary>
    /// Orthogonal: W = gain * Q, Q Haar-distributed with orthonormal rows or columns (whichever fit), from
    /// the QR decomposition of a Gaussian matrix with the sign correction diag(R) &gt; 0 (Saxe, McClelland
    /// and Ganguli 2014; Mezzadri 2007). So W W^T = gain^2 I when fan_out &lt;= fan_in, else W^T W = gain^2 I.
    /// </summary>
    public static Initializer Orthogonal(double gain = 1.0) =>
        new(Invariant($"orthogonal(gain={gain})"), (v, fo, fi, rng) =>
        {
            RequireMatrix("orthogonal", v, fo, fi);
            Tdlab.Tensors.Linalg.Orthogonal.Haar(rng, fo, fi, gain).CopyTo(v);
        });

    /// <summary>W = gain * I (ones on the main diagonal of a rectangular matrix, as torch.nn.init.eye_); draws nothing.</summary>
    public static Initializer Identity(double gain = 1.0) =>
        new(Invariant($"identity(gain={gain})"), (v, fo, fi, _) =>
        {
            RequireMatrix("identity", v, fo, fi);
            v.Clear();
            for (int i = 0; i < Math.Min(fo, fi); i++) v[i * fi + i] = gain;
        });

    /// <summary>w = 0; draws nothing.</summary>
    public static Initializer Zeros() => new("zeros", (v, _, _, _) => v.Clear());

    /// <summary>w = c; draws nothing.</summary>
    public static Initializer Constant(double c) => new(Invariant($"constant({c})"), (v, _, _, _) => v.Fill(c));

    /// <summary>
    /// Critical initialisation of weights for a given sigma_w: W ~ N(0, sigma_w^2 / fan_in), the mean-field
    /// convention of Poole et al. 2016 and Schoenholz et al. 2017 (pair with biases N(0, sigma_b^2),
    /// see <see cref="LayerInit.Critical"/>; for tanh the critical line passes through (sigma_w, sigma_b) = (1, 0)).
    /// </summary>
    public static Initializer Critical(double sigmaW) =>
        new(Invariant($"critical(sigma_w={sigmaW})"), (v, _, fi, rng) => rng.Normal<double>(v, 0.0, sigmaW / Math.Sqrt(fi)));

    /// <summary>
    /// The recommended gain of an activation, as torch.nn.init.calculate_gain: identity and sigmoid 1,
    /// tanh 5/3, relu sqrt(2). PyTorch defines none for softplus, erf and hard-tanh; those get 1.
    /// </summary>
    public static double Gain(Activation activation) => activation switch
    {
        Activation.Relu => Math.Sqrt(2.0),
        Activation.Tanh => 5.0 / 3.0,
        _ => 1.0,
    };

    /// <summary>Gain of leaky ReLU with negative slope s: sqrt(2 / (1 + s^2)) (He et al. 2015, eq. 15).</summary>
    public static double LeakyReluGain(double negativeSlope = 0.01) => Math.Sqrt(2.0 / (1.0 + negativeSlope * negativeSlope));

    private static int Fan(FanMode mode, int fanOut, int fanIn) => mode == FanMode.FanIn ? fanIn : fanOut;

    private static void RequireMatrix(string scheme, Span<double> v, int fanOut, int fanIn)
    {
        if (v.Length != fanOut * fanIn)
            throw new ArgumentException($"{scheme}: needs a ({fanOut}, {fanIn}) matrix, got {v.Length} values (not for biases)");
    }

    private static string Invariant(FormattableString s) => FormattableString.Invariant(s);
}
