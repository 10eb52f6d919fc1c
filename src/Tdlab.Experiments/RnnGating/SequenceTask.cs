namespace Tdlab.Experiments.RnnGating;

/// <summary>The sequence task a run trains on: the copy task (delay T) or the adding problem (length T).</summary>
public enum SequenceTask
{
    Copy,
    Adding,
}
