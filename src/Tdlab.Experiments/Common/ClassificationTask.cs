using Tdlab.Data;
using Tdlab.Data.Synthetic;
using Tdlab.Lab;
using Tdlab.Lab.Runner;

namespace Tdlab.Experiments.Common;

/// <summary>The data of a classification experiment: synthetic Gaussian mixture or IDX images.</summary>
public static class ClassificationTask
{
    /// <summary>
    /// Loads or generates the split. Synthetic data comes from the replicate's shared stream "data" only, so every
    /// run of one replicate sees the same examples whatever its other settings.
    /// </summary>
    public static DataSplit Load(RunContext context, string data, int inputDim, int classes, int trainSize, int testSize)
    {
        if (DataSources.IsSynthetic(data))
            return GaussianMixture.Generate(context.Shared("data", "gaussian-mixture"), inputDim, classes, trainSize, testSize);
        return DataSources.LoadImages(data, trainSize, testSize);
    }

    /// <summary>Rejects a data setting that cannot be loaded, as bad input.</summary>
    public static void Validate(string data)
    {
        try
        {
            DataSources.Validate(data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Malformed IDX files arrive as IdxFormatException (an IOException), unreadable ones as access errors.
            throw new BadInputException(e.Message);
        }
    }
}
