namespace NeuralDsl;

/// <summary>
/// A hook into <c>Fit</c>, as Keras's <c>keras.callbacks.Callback</c>: override the moments you need. Every hook gets
/// the <see cref="TrainingContext"/> of the run (the model, the optimizer, the history so far); setting
/// <see cref="TrainingContext.StopTraining"/> ends training after the current epoch. Callbacks run in the order of
/// <see cref="FitOptions.Callbacks"/>, each hook after the run's own bookkeeping (the epoch is already in the history).
/// </summary>
public abstract class Callback
{
    /// <summary>
    /// Whether the callback writes files (checkpoints, logs). In data-parallel training (<see cref="FitOptions.DataParallel"/>)
    /// such a callback runs on rank 0 only, so that each file is written once; every other callback runs on every
    /// process, where it sees the same history. A callback that writes files must therefore not stop training nor change
    /// the model or the optimizer. <c>false</c> unless overridden.
    /// </summary>
    public virtual bool WritesFiles => false;

    /// <summary>Before the first epoch; the place to check settings against <see cref="TrainingContext.LogNames"/>.</summary>
    public virtual void OnTrainBegin(TrainingContext training) { }

    /// <summary>Before epoch <paramref name="epoch"/> (zero-based) starts; the learning rate set here is the epoch's.</summary>
    public virtual void OnEpochBegin(TrainingContext training, int epoch) { }

    /// <summary>After each optimizer step, with the epoch's running training metrics. On a device backend the model's
    /// <see cref="IModel.Parameters"/> are brought up to date only at the end of each epoch, and reading
    /// <see cref="BatchLog.Metrics"/> waits for the device (read them only in the batches that need them).</summary>
    public virtual void OnBatchEnd(TrainingContext training, BatchLog batch) { }

    /// <summary>After each epoch, validation included; <see cref="IModel.Parameters"/> hold the epoch's weights and may be changed.</summary>
    public virtual void OnEpochEnd(TrainingContext training, EpochLog epoch) { }

    /// <summary>After the last epoch, also when a callback stopped training early.</summary>
    public virtual void OnTrainEnd(TrainingContext training) { }
}
