namespace NeuralDsl;

/// <summary>
/// Updates a model's parameters from their gradients. A model keeps all parameters in one contiguous
/// buffer, so an update is one fused loop over it; the optimizer owns its moment buffers (same layout),
/// which persist across <c>Fit</c> calls as in Keras. Concrete optimizers: <c>Sgd</c>, <c>RmsProp</c>, <c>Adam</c>.
/// </summary>
public abstract class Optimizer
{
    private float _learningRate;

    protected Optimizer(float learningRate) => LearningRate = learningRate;

    /// <summary>Step size; callbacks such as learning-rate schedules change it between steps. Must be positive and finite.</summary>
    public float LearningRate
    {
        get => _learningRate;
        set
        {
            // A zero, negative, NaN or infinite rate would silently stall or wreck every weight at the next step.
            if (!(value > 0) || float.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(LearningRate), value, "The learning rate must be a positive finite number.");
            _learningRate = value;
        }
    }

    /// <summary>Every setting besides <see cref="LearningRate"/> that decides an update, by name, as a number (a flag as 1 or
    /// 0), e.g. Adam's <c>("beta1", 0.9)</c>: data-parallel Fit checks that the optimizer of every rank has the same. Each
    /// optimizer lists all of its own here; an optimizer of another assembly lists none (its type is still compared).</summary>
    internal virtual IReadOnlyList<(string Name, double Value)> Hyperparameters => [];

    /// <summary>Number of updates applied so far.</summary>
    public long Iterations { get; protected internal set; }

    /// <summary>Applies one update to <paramref name="parameters"/> given <paramref name="gradients"/> of the same length.</summary>
    public void Update(Span<float> parameters, ReadOnlySpan<float> gradients) =>
        Update(parameters, gradients, [new ParameterRange(0, parameters.Length)]);

    /// <summary>One update of the <paramref name="trainable"/> ranges only (sorted, disjoint): frozen layers' parameters and
    /// moments stay as they are. Moments of a range that was not trainable at the previous step start again from zero, as
    /// a freshly unfrozen Keras layer's do.</summary>
    internal void Update(Span<float> parameters, ReadOnlySpan<float> gradients, ReadOnlySpan<ParameterRange> trainable)
    {
        if (parameters.Length != gradients.Length)
            throw new ArgumentException($"The optimizer got {parameters.Length} parameters but {gradients.Length} gradients.", nameof(gradients));
        Holder?.Release(this); // the newer moments are on a device: bring them back first
        // Compared, not rebuilt, at each step, so that a step allocates nothing while the trainable layers stay the same.
        bool changed = _trainedBefore is null || !trainable.SequenceEqual(_trainedBefore);
        if (changed && _trainedBefore is not null && _trainedLength == parameters.Length)
            foreach (var range in ParameterRange.Added(_trainedBefore, trainable)) ClearMoments(range.Start, range.Length);
        foreach (var range in trainable) Apply(parameters, gradients, range.Start, range.Length);
        if (changed) _trainedBefore = trainable.ToArray();
        _trainedLength = parameters.Length;
        Iterations++;
    }

    private ParameterRange[]? _trainedBefore;
    private int _trainedLength;

    /// <summary>Forgets the moments and the iteration count, as a freshly created optimizer.</summary>
    public virtual void Reset()
    {
        _trainedBefore = null;
        Iterations = 0;
        Holder = null; // a device that held the moments takes these (cleared) ones at its next step
    }

    // ---- The optimizer's state held on a device --------------------------------------------------

    /// <summary>How many moment buffers the update rule keeps (SGD with momentum its velocity; RMSprop its mean square;
    /// Adam m and v), in the order the device kernels take them.</summary>
    internal virtual int MomentCount => 0;

    /// <summary>Moment buffer <paramref name="index"/> (empty until the first step allocates it).</summary>
    internal virtual ref float[] MomentBuffer(int index) => throw new ArgumentOutOfRangeException(nameof(index), index, $"{this} keeps no moments.");

    /// <summary>Moment <paramref name="index"/> for <paramref name="parameterCount"/> parameters, allocated (zero) when it has another size.</summary>
    internal Span<float> Moment(int index, int parameterCount)
    {
        ref float[] buffer = ref MomentBuffer(index);
        if (buffer.Length != parameterCount) buffer = new float[parameterCount];
        return buffer;
    }

    /// <summary>Whether every moment buffer has been sized for <paramref name="parameterCount"/> parameters by a step.</summary>
    internal bool HasMoments(int parameterCount)
    {
        for (int i = 0; i < MomentCount; i++)
            if (MomentBuffer(i).Length != parameterCount) return false;
        return true;
    }

    /// <summary>The ranges the last step over <paramref name="parameterCount"/> parameters updated (null when unknown), whose
    /// complement's moments restart from zero when they become trainable.</summary>
    internal ParameterRange[]? TrainedRanges(int parameterCount) => _trainedLength == parameterCount ? _trainedBefore : null;

    /// <summary>Records the ranges a step taken elsewhere (a device) updated.</summary>
    internal void SetTrainedRanges(ParameterRange[]? ranges, int parameterCount)
    {
        _trainedBefore = ranges;
        _trainedLength = parameterCount;
    }

    /// <summary>The device that holds newer moments, step count and trained ranges than these, if any. The host copy is the
    /// reference between uses, as a model's parameters are: a CPU step asks the holder to give the state back first, and
    /// a device that takes the optimizer over loads it from here.</summary>
    internal IOptimizerStateHolder? Holder { get; set; }

    /// <summary>The update rule over <paramref name="length"/> values from <paramref name="start"/> of the whole buffers (whose
    /// lengths are already checked); the moments are as long as the buffers. The optimizers mark it <c>NoInlining</c>:
    /// profile-guided inlining of its vector loop into the training step made Adam's update 13× slower (measured: 0.83 ms
    /// instead of 0.06 ms per step of the tutorial MLP on an AVX2 machine).</summary>
    protected abstract void Apply(Span<float> parameters, ReadOnlySpan<float> gradients, int start, int length);

    /// <summary>Zeroes the moments of <paramref name="length"/> parameters from <paramref name="start"/> (nothing for an
    /// optimizer without moments, or one whose moments are not allocated yet).</summary>
    protected abstract void ClearMoments(int start, int length);

    /// <summary>Short description for logs, e.g. <c>Adam(lr=0.001)</c>.</summary>
    public abstract override string ToString();
}
