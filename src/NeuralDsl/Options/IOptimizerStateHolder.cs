namespace NeuralDsl;

/// <summary>A place other than the host (an OpenCL device) that holds an optimizer's moments while it steps there; see
/// <see cref="Optimizer.Holder"/>.</summary>
internal interface IOptimizerStateHolder
{
    /// <summary>Writes the moments, step count and trained ranges it holds back into <paramref name="optimizer"/> and stops
    /// holding them (clears <see cref="Optimizer.Holder"/>).</summary>
    void Release(Optimizer optimizer);
}
