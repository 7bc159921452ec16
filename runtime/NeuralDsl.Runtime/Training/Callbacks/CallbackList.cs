namespace NeuralDsl;

/// <summary>
/// The callbacks of one run, called in order (Keras's <c>CallbackList</c>). <see cref="FitOptions.OnEpochEnd"/> joins
/// them as the last callback, so the shorthand and a full <see cref="Callback"/> go through one mechanism.
/// </summary>
internal sealed class CallbackList
{
    private readonly Callback[] _callbacks;

    /// <param name="writesFiles">False on the ranks of data-parallel training other than rank 0: the callbacks that
    /// write files (<see cref="Callback.WritesFiles"/>) are left out there, so every file is written once.</param>
    public CallbackList(FitOptions options, bool writesFiles = true)
    {
        var callbacks = new List<Callback>();
        foreach (var callback in options.Callbacks ?? [])
        {
            if (callback is null) throw new ArgumentException("FitOptions.Callbacks holds a null entry.", nameof(options));
            if (writesFiles || !callback.WritesFiles) callbacks.Add(callback);
        }
        if (options.OnEpochEnd is { } onEpochEnd) callbacks.Add(new EpochEndFunction(onEpochEnd));
        _callbacks = [.. callbacks];
    }

    /// <summary>The callbacks this run calls.</summary>
    public int Count => _callbacks.Length;

    public void TrainBegin(TrainingContext training)
    {
        foreach (var callback in _callbacks) callback.OnTrainBegin(training);
    }

    public void EpochBegin(TrainingContext training, int epoch)
    {
        foreach (var callback in _callbacks) callback.OnEpochBegin(training, epoch);
    }

    public void BatchEnd(TrainingContext training, BatchLog batch)
    {
        foreach (var callback in _callbacks) callback.OnBatchEnd(training, batch);
    }

    public void EpochEnd(TrainingContext training, EpochLog epoch)
    {
        foreach (var callback in _callbacks) callback.OnEpochEnd(training, epoch);
    }

    public void TrainEnd(TrainingContext training)
    {
        foreach (var callback in _callbacks) callback.OnTrainEnd(training);
    }

    /// <summary>The error of a monitoring callback whose <see cref="Callback.OnEpochEnd"/> comes without its
    /// <see cref="Callback.OnTrainBegin"/> (possible only when driven by hand).</summary>
    public static InvalidOperationException NotStarted() =>
        new("The callback's OnTrainBegin was not called; Fit calls it before the first epoch.");

    /// <summary><see cref="FitOptions.OnEpochEnd"/> as a callback: <c>false</c> stops training.</summary>
    private sealed class EpochEndFunction(Func<EpochLog, bool> function) : Callback
    {
        public override void OnEpochEnd(TrainingContext training, EpochLog epoch)
        {
            if (!function(epoch)) training.StopTraining = true;
        }
    }
}
