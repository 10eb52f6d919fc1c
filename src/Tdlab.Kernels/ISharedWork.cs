namespace Tdlab.Kernels;

/// <summary>
/// Work that any number of threads can share (<see cref="GemmCrew"/>): each participant calls <see cref="Work"/>
/// once and takes pieces until none is left; a participant that comes after the last piece was taken returns at
/// once without touching the work's buffers. <see cref="Finished"/> once every piece is done, whoever did it.
/// </summary>
internal interface ISharedWork
{
    /// <summary>Takes and does pieces until none is left.</summary>
    void Work();

    /// <summary>Every piece is done (taken pieces included).</summary>
    bool Finished { get; }
}
