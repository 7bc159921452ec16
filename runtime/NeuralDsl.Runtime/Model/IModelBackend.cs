namespace NeuralDsl;

/// <summary>
/// The seam between <see cref="SequentialModel"/>'s Keras API and the device that runs the generated passes: the CPU
/// (<see cref="Cpu.CpuBackend"/>) or OpenCL (<see cref="OpenCl.OpenClBackend"/>). The model's host parameter and
/// gradient buffers are the reference between calls: a backend that keeps its own copy loads them at the start of a
/// call (<see cref="LoadParameters"/>) and stores them back when it has changed them.
/// Inference (<see cref="RentInference"/>) may be called from many threads at once; the other members serve one caller
/// at a time (the model's <see cref="ModelGate"/> keeps training and inference on other threads apart).
/// </summary>
internal interface IModelBackend : IDisposable
{
    Device Device { get; }

    /// <summary>Rows one training pass can take.</summary>
    int Capacity { get; }

    /// <summary>Rows an inference pass takes at a time (Predict, Evaluate, validation): on the CPU as many as keep a layer's
    /// output in cache (1 to 256); more on a device, where every pass is a round trip to the host.</summary>
    int InferenceRows { get; }

    /// <summary>Inference passes one Predict may run at once on disjoint rows: one per core on the CPU, where each set of passes
    /// runs on a core of its own with no synchronisation between layers; 1 on a device, which is one queue.</summary>
    int InferenceThreads { get; }

    /// <summary>Lends inference passes with the current weights, able to take at least <paramref name="rows"/> rows a pass, to
    /// one call; safe from many threads at once. A backend may make a caller wait until passes are free (the device is one
    /// queue), but never allocates once its passes exist at that size.</summary>
    IInferencePasses RentInference(int rows);

    /// <summary>Takes back the passes of <see cref="RentInference"/>, on the thread that rented them.</summary>
    void ReturnInference(IInferencePasses passes);

    /// <summary>Makes room for training passes of up to <paramref name="rows"/> rows (a pass never allocates).</summary>
    void Reserve(int rows);

    /// <summary>Makes the passes use the host parameters.</summary>
    void LoadParameters();

    /// <summary>Copies the parameters the passes changed back into the host buffer.</summary>
    void StoreParameters();

    /// <summary>Whether the passes hold newer parameters than the host buffer (a device within an epoch of <c>Fit</c>), so that a
    /// call from a callback must <see cref="StoreParameters"/> before it reads or writes the host copy.</summary>
    bool HoldsNewerParameters { get; }

    /// <summary>Copies the state tensors (<see cref="LayerTrainability.StateRanges"/>) that a training forward pass wrote where
    /// the passes run into the host buffer. Nothing to do for a backend whose passes work on the host buffer (the CPU's),
    /// hence the default.</summary>
    void StoreState()
    {
    }

    /// <summary>Makes the passes use the host buffer's state tensors (data-parallel training writes the ranks' average
    /// there). Nothing to do for a backend whose passes work on the host buffer, hence the default.</summary>
    void LoadState()
    {
    }

    /// <summary>Copies the gradients of the last backward pass into the host gradient buffer.</summary>
    void StoreGradients();

    /// <summary>Makes the next <see cref="Update"/> use the host gradient buffer (data-parallel training writes the
    /// all-reduced gradients there).</summary>
    void LoadGradients();

    /// <summary>Prepares a <c>Fit</c> on these rows: a backend may keep them where its passes read them until the
    /// result is disposed, and then read its copy for the training batches.</summary>
    IDisposable BeginFit(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows);

    /// <summary>The row order of the epoch that starts: training batches take rows <c>order[start ..]</c>.</summary>
    void BeginEpoch(ReadOnlySpan<int> order);

    /// <summary>The forward pass over <paramref name="batch"/>; its outputs stay where the passes run, for
    /// <see cref="IBatchMetrics.Add"/> or <see cref="ReadOutputs"/>, until the next pass.</summary>
    void Forward(in Batch batch, PassMode mode);

    /// <summary>The outputs (rows × OutputSize) of the last forward pass over <paramref name="rows"/> rows, valid until the
    /// next pass. A device backend reads them back, which waits for its queue: the training loop never calls this.</summary>
    ReadOnlySpan<float> ReadOutputs(int rows);

    /// <summary>Sums for the loss and metrics of the training passes of one <c>Fit</c>, with room for
    /// <paramref name="steps"/> batches between resets (an epoch), so that a device need not wait within an epoch.</summary>
    IBatchMetrics CreateTrainingMetrics(int steps);

    /// <summary>After a training forward pass over the same batch (and, in <c>Fit</c>, its <see cref="IBatchMetrics.Add"/>): dL/dθ of the batch-mean loss (regularization
    /// included) into the gradients.</summary>
    void Backward(in Batch batch);

    /// <summary>The regularization penalty of the parameters the passes use (0 without regularizers).</summary>
    double Penalty();

    /// <summary>One step of <paramref name="optimizer"/> from the gradients of the last backward pass.</summary>
    void Update(Optimizer optimizer);
}
