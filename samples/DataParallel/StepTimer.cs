using System.Diagnostics;
using NeuralDsl;

/// <summary>
/// Splits each epoch's training steps into compute and all-reduce time: the wall time from the epoch's start to its last
/// step, and the world's all-reduce time over the same span (waiting for the slowest rank included). Runs on every rank
/// (it writes no file), and allocates nothing per step.
/// </summary>
internal sealed class StepTimer(MpiWorld world) : Callback
{
    private long _epochStart, _lastStep;
    private TimeSpan _reduceAtStart, _reduceAtLastStep;

    /// <summary>Per epoch: steps, step seconds, all-reduce seconds.</summary>
    public List<(int Steps, double StepSeconds, double AllReduceSeconds)> Epochs { get; } = [];

    public override void OnEpochBegin(TrainingContext training, int epoch)
    {
        _reduceAtStart = world.AllReduceTime;
        _epochStart = Stopwatch.GetTimestamp();
    }

    public override void OnBatchEnd(TrainingContext training, BatchLog batch)
    {
        _lastStep = Stopwatch.GetTimestamp();
        _reduceAtLastStep = world.AllReduceTime;
    }

    public override void OnEpochEnd(TrainingContext training, EpochLog epoch) =>
        Epochs.Add((training.StepsPerEpoch, Stopwatch.GetElapsedTime(_epochStart, _lastStep).TotalSeconds, (_reduceAtLastStep - _reduceAtStart).TotalSeconds));
}
