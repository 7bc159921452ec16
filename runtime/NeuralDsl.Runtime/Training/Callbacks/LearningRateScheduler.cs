namespace NeuralDsl;

/// <summary>
/// Sets the learning rate at the start of every epoch from a function of the zero-based epoch and the current rate,
/// as Keras's <c>LearningRateScheduler</c>: <c>new LearningRateScheduler((epoch, lr) =&gt; epoch &lt; 10 ? lr : lr * 0.9f)</c>.
/// </summary>
public sealed class LearningRateScheduler : Callback
{
    private readonly Func<int, float, float> _schedule;

    public LearningRateScheduler(Func<int, float, float> schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _schedule = schedule;
    }

    public override void OnEpochBegin(TrainingContext training, int epoch)
    {
        float current = training.Optimizer.LearningRate;
        float next = _schedule(epoch, current);
        if (!(next > 0) || float.IsInfinity(next))
            throw new ArgumentOutOfRangeException(nameof(epoch), next,
                $"The LearningRateScheduler's function gave {next} for epoch {epoch} (learning rate {current}); a learning rate must be a positive finite number.");
        training.Optimizer.LearningRate = next;
    }
}
