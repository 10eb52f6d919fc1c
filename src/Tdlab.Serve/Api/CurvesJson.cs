namespace Tdlab.Serve.Api;

/// <summary>GET /api/experiments/{name}/curves?metric=M: one band per configuration, over its seeds.</summary>
internal sealed record CurvesJson(string Metric, string Unit, IReadOnlyList<CurveGroupJson> Groups);

/// <summary>
/// A configuration's curve: per step the mean over the runs that logged a finite value, their minimum and maximum
/// (the band), the standard deviation and the count; <c>Runs</c> is how many runs of the group are stored.
/// </summary>
internal sealed record CurveGroupJson(
    string Label,
    int Runs,
    int[] Steps,
    double?[] Mean,
    double?[] Min,
    double?[] Max,
    double?[] Sd,
    int[] Count);
