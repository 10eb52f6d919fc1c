namespace Tdlab.Probes.MeanField;

/// <summary>
/// The variance recursion of a random ReLU network F_l = (W_{l-1} F_{l-1} + B_{l-1})_+ with i.i.d. symmetric
/// weights and biases (seed 002, "Matrix Recursion"): E(F_l^2) = rho E(F_{l-1}^2) + E(B^2) / 2 with
/// rho = n E(W^2) / 2, n the fan-in. It holds exactly in expectation at any width, for the input layer too
/// (F_0 = x with symmetric pre-activations). The backward analogue for the gradient with respect to F_l is
/// E(dL/dF_{l-1})^2 = rho E(dL/dF_l)^2 (gradient independence; square layers).
/// </summary>
public static class ReluVarianceRecursion
{
    /// <summary>rho = n E(W^2) / 2 for fan-in n and weight second moment E(W^2).</summary>
    public static double Rho(int fanIn, double weightSecondMoment) => fanIn * weightSecondMoment / 2;

    /// <summary>E(F_0^2) (given), E(F_1^2), ..., E(F_layers^2).</summary>
    public static double[] SecondMoments(double inputSecondMoment, double rho, double biasSecondMoment, int layers)
    {
        if (layers < 0 || !(rho >= 0) || !(biasSecondMoment >= 0) || !(inputSecondMoment >= 0))
            throw new ArgumentException($"ReluVarianceRecursion.SecondMoments: needs layers >= 0 and non-negative moments, got layers {layers}, rho {rho}, E B^2 {biasSecondMoment}, E F_0^2 {inputSecondMoment}");
        var m = new double[layers + 1];
        m[0] = inputSecondMoment;
        for (int l = 1; l <= layers; l++) m[l] = rho * m[l - 1] + biasSecondMoment / 2;
        return m;
    }
}
