using System.Diagnostics;
using NeuralDsl.Cpu;
using NeuralDsl.Distributed;

namespace NeuralDsl;

/// <summary>
/// Keras's <c>fit</c>: shuffled mini-batches, one fused optimizer step per batch over the whole parameter buffer,
/// running training metrics, validation after each epoch; the same on every backend, which runs the passes
/// (<see cref="IModelBackend"/>) and sums the loss and metrics where they run (<see cref="IBatchMetrics"/>). A step never
/// waits for a device: its loss is read with the epoch's results, or sooner only when a live progress bar or a callback
/// asks for the running values. Every buffer is allocated before the first epoch; a step allocates nothing.
/// </summary>
internal static class TrainingLoop
{
    /// <summary>One Fit. [data-parallel] An error on one rank must end the job (the others would wait for it forever):
    /// SequentialModel.Fit's guard does it, around its argument checks too.</summary>
    public static History Run(SequentialModel model, ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows, FitOptions options)
    {
        var info = model.Info;
        int inputs = info.InputSize, outputs = info.OutputSize;
        Validate(options);
        CheckFinite(x, inputs, "x");
        // A NaN target makes every loss NaN, which would otherwise read as divergence ("lower the learning rate").
        CheckFinite(targets, outputs, "y");

        // Keras holds out the last rows (before shuffling) for validation_split.
        int trainRows = rows, validationCount = 0;
        ReadOnlySpan<float> validationX = default, validationY = default;
        if (options.ValidationData is { } validation)
        {
            if (validation.X.Length == 0 || validation.X.Length % inputs != 0)
                throw new ArgumentException($"ValidationData.X holds {validation.X.Length} values, not a whole number of rows of {inputs} inputs.", nameof(options));
            validationCount = validation.X.Length / inputs;
            validationX = validation.X;
            validationY = Targets.FromFloats(info, validation.Y, validationCount, "ValidationData.Y");
            CheckFinite(validationX, inputs, "ValidationData.X");
            CheckFinite(validationY, outputs, "ValidationData.Y");
        }
        else if (options.ValidationSplit > 0)
        {
            // Through decimal so that 0.2f means 0.2 (as in Keras) rather than 0.2000000029, which
            // would move one row from training to validation.
            double split = (double)(decimal)options.ValidationSplit;
            trainRows = (int)Math.Floor(rows * (1.0 - split));
            validationCount = rows - trainRows;
            if (trainRows == 0 || validationCount == 0)
                throw new ArgumentException($"ValidationSplit {options.ValidationSplit} of {rows} rows leaves {trainRows} training and {validationCount} validation rows; both must be at least 1.", nameof(options));
            validationX = x.Slice(trainRows * inputs);
            validationY = targets.Slice(trainRows * outputs);
        }
        var trainX = x[..(trainRows * inputs)];
        var trainY = targets[..(trainRows * outputs)];

        if (FiniteCheck.IndexOfNonFinite(model.ParameterBuffer) is int bad and >= 0)
            throw new InvalidOperationException(
                $"{info.Name}'s parameters hold {model.ParameterBuffer[bad]} at {Describe(info, bad)} before training; " +
                "load or initialise finite weights first (training would only spread it).");
        CheckSomethingTrains(model, "");
        var optimizer = options.Optimizer ?? new RmsProp();
        int batchSize = Math.Min(options.BatchSize, trainRows);
        var backend = model.Backend;
        if (validationCount > 0) model.ReserveInference(); // so no epoch allocates
        backend.Reserve(batchSize);
        // [data-parallel] null when training alone.
        var parallel = DataParallelTraining.Begin(model, options, optimizer, trainX, trainY, trainRows, batchSize, validationX, validationY, validationCount);
        using var trainingSet = backend.BeginFit(trainX, trainY, trainRows);
        // [data-parallel] The reduced sums of every rank when training in parallel.
        using var trainMetrics = parallel?.Metrics ?? backend.CreateTrainingMetrics((trainRows + batchSize - 1) / batchSize);
        var validationRows = new ValidationRows(validationX, validationY, validationCount);
        try
        {
            return Epochs(model, backend, trainMetrics, trainX, trainY, trainRows, batchSize, optimizer, validationRows, options, parallel);
        }
        catch
        {
            // An error mid-epoch (a callback's, say) leaves the weights of the steps taken so far, as on the CPU, whose passes
            // work on the host copy. (A divergence has put the last finite weights on the device too, so they stay.)
            if (backend.HoldsNewerParameters)
            {
                try
                {
                    backend.StoreParameters();
                }
                catch (Exception)
                {
                    // The device itself failed: the host keeps the weights stored last, and the first error is the one to see.
                }
            }
            throw;
        }
    }

    /// <summary>The rows validated after each epoch (none when <see cref="Count"/> is 0).</summary>
    private readonly ref struct ValidationRows(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int count)
    {
        public ReadOnlySpan<float> X { get; } = x;
        public ReadOnlySpan<float> Targets { get; } = targets;
        public int Count { get; } = count;
    }

    private static History Epochs(SequentialModel model, IModelBackend backend, IBatchMetrics trainMetrics, ReadOnlySpan<float> trainX, ReadOnlySpan<float> trainY, int trainRows,
        int batchSize, Optimizer optimizer, ValidationRows validation, FitOptions options, DataParallelTraining? parallel)
    {
        var info = model.Info;
        int outputs = info.OutputSize;
        int steps = (trainRows + batchSize - 1) / batchSize;
        var batchTargets = new float[batchSize * outputs];
        var order = new int[trainRows];
        for (int i = 0; i < trainRows; i++) order[i] = i;
        // The last weights known to be finite (at Fit's start, then each epoch's accepted end): a divergence, or a callback
        // that writes a non-finite weight, puts them back.
        var parameters = model.ParameterBuffer;
        var snapshot = parameters.ToArray();
        var history = new History();
        int epoch = 0;
        var running = new RunningTrainingMetrics(trainMetrics, new MetricsAccumulator(info), nonFinite => Diverged(model, snapshot, history,
            $"the loss of batch {nonFinite.Step + 1}/{steps} in epoch {epoch + 1}/{options.Epochs} is {nonFinite.Loss}", optimizer, batchSize, epoch));
        var validationMetrics = new MetricsAccumulator(info);
        var log = options.Log ?? Console.Out;
        // [data-parallel] Only rank 0 prints and runs the callbacks that write files.
        bool root = parallel?.IsRoot ?? true;
        var progress = new ProgressPrinter(root ? options.Verbose : Verbosity.Silent, log, options.Epochs, steps, ProgressPrinter.IsTerminal(log));
        var callbacks = new CallbackList(options, root);
        var training = new TrainingContext(model, optimizer, history, options.Epochs, steps, batchSize,
            LogNames.Epoch(info.Metrics, validation.Count > 0))
        { Log = progress.Messages };
        var batchLog = new BatchLog();
        callbacks.TrainBegin(training);

        for (; epoch < options.Epochs && !training.StopTraining; epoch++)
        {
            callbacks.EpochBegin(training, epoch);
            var clock = Stopwatch.StartNew();
            // The host parameters are the reference between epochs (a callback may have changed them): checked, kept and loaded.
            CheckCallbackWrites(model, snapshot, epoch == 0 ? "OnTrainBegin or OnEpochBegin of epoch 1" : $"the callbacks between epochs {epoch} and {epoch + 1}",
                epoch == 0 ? "when Fit started" : $"at the end of epoch {epoch}, before those callbacks ran");
            CheckSomethingTrains(model, $" before epoch {epoch + 1}/{options.Epochs} (a callback froze the last trainable layer)");
            parameters.CopyTo(snapshot);
            backend.LoadParameters();
            model.TakeParameterWrites();
            if (options.Shuffle) model.ShuffleRandom.Shuffle(order);
            parallel?.AgreeOnOrder(order); // [data-parallel]
            backend.BeginEpoch(order);
            running.Reset();
            progress.BeginEpoch(epoch);
            // The rate of this epoch's steps, as the log records it (a callback may change it for the next epoch).
            float learningRate = optimizer.LearningRate;
            parallel?.CheckEpochStart(optimizer, epoch, options.Epochs); // [data-parallel] alike on every rank: this rate, the weights, ...

            for (int step = 0; step < steps; step++)
            {
                int start = step * batchSize, count = Math.Min(batchSize, trainRows - start);
                var targets = batchTargets.AsSpan(0, count * outputs);
                for (int i = 0; i < count; i++)
                    trainY.Slice(order[start + i] * outputs, outputs).CopyTo(targets.Slice(i * outputs, outputs));
                var batch = new Batch(trainX, order, start, count, targets);

                // [data-parallel] This rank's share forward and backward, then the gradients and sums all-reduced.
                if (parallel is not null) parallel.Step(backend, batch, step, model.TrainingMode);
                else backend.Forward(batch, model.TrainingMode);
                // Every batch's loss is checked, where it is summed: a host backend knows at once (Read then throws
                // before the update), a device records the first non-finite batch for the next read.
                if (running.Add(batch, step)) running.Read();
                if (parallel is null) backend.Backward(batch);
                backend.Update(optimizer);

                batchLog.Epoch = epoch;
                batchLog.Batch = step;
                batchLog.Step = optimizer.Iterations;
                // Read only if the bar redraws or a callback reads the log: a device is not waited for otherwise.
                batchLog.Invalidate(running.Refresh);
                progress.Step(step + 1, batchLog, clock.Elapsed);
                callbacks.BatchEnd(training, batchLog);
                // A callback that loaded, copied or wrote weights (on a device: after the passes' newer ones were brought over).
                if (model.TakeParameterWrites())
                {
                    CheckCallbackWrites(model, snapshot, $"OnBatchEnd of batch {step + 1}/{steps} in epoch {epoch + 1}/{options.Epochs}", $"at the start of epoch {epoch + 1}");
                    backend.LoadParameters();
                }
            }
            // The epoch's sums in one read, which throws if any batch's loss was not finite.
            var trainValues = running.Read();
            trainValues.WriteTo(batchLog.WritableMetrics, "");
            batchLog.MarkCurrent();
            backend.StoreParameters();
            // The loss check above sees each update only through the next batch's loss: the epoch's last update (and
            // a non-finite weight the loss happens not to show) is caught here, before the epoch can be recorded.
            if (FiniteCheck.IndexOfNonFinite(parameters) is int bad and >= 0)
                throw Diverged(model, snapshot, history,
                    $"after the last update of epoch {epoch + 1}/{options.Epochs} (batch {steps}/{steps}), {Describe(info, bad)} is {parameters[bad]}",
                    optimizer, batchSize, epoch);

            var metrics = new Dictionary<string, float>(StringComparer.Ordinal);
            trainValues.WriteTo(metrics, "");
            if (validation.Count > 0)
            {
                validationMetrics.Reset();
                if (parallel is not null) parallel.Validate(validation.X, validation.Targets, validation.Count, validationMetrics); // [data-parallel]
                else model.Accumulate(validation.X, validation.Targets, validation.Count, validationMetrics);
                validationMetrics.WriteTo(metrics, LogNames.ValidationPrefix);
                if (!float.IsFinite(validationMetrics.Loss))
                    throw Diverged(model, snapshot, history,
                        $"the validation loss after epoch {epoch + 1}/{options.Epochs} is {validationMetrics.Loss}", optimizer, batchSize, epoch);
            }
            // The epoch is accepted: its weights are the ones to go back to from here on.
            parameters.CopyTo(snapshot);
            metrics[LogNames.LearningRate] = learningRate;
            var epochLog = new EpochLog(epoch, metrics, clock.Elapsed.TotalSeconds);
            history.Add(epochLog);
            progress.EndEpoch(epochLog);
            callbacks.EpochEnd(training, epochLog);
            parallel?.AgreeOnStop(training); // [data-parallel]
        }
        callbacks.TrainEnd(training);
        // Fit never returns non-finite weights, also when the last callbacks wrote them.
        CheckCallbackWrites(model, snapshot, epoch == 0 ? "OnTrainBegin or OnTrainEnd" : $"the callbacks after epoch {epoch} (OnEpochEnd, OnTrainEnd)",
            epoch == 0 ? "when Fit started" : $"at the end of epoch {epoch}, before those callbacks ran");
        return history;
    }

    /// <summary>Between steps only callbacks change the weights: a non-finite one they wrote is refused (an
    /// <see cref="InvalidOperationException"/>, not a divergence: a lower learning rate would not help) after putting back
    /// the last weights known to be finite, so that Fit never trains from, restores or returns non-finite weights.</summary>
    private static void CheckCallbackWrites(SequentialModel model, float[] lastFinite, string callbacks, string restoredTo)
    {
        var parameters = model.ParameterBuffer;
        if (FiniteCheck.IndexOfNonFinite(parameters) is not (int bad and >= 0)) return;
        string what = $"{model.Info.Name}'s parameters hold {parameters[bad]} at {Describe(model.Info, bad)} after {callbacks}";
        Restore(model, lastFinite);
        throw new InvalidOperationException(
            $"{what}: a callback wrote a non-finite weight, and training needs finite ones. The parameters were restored to their values {restoredTo}.");
    }

    /// <summary>Training with every layer frozen would take steps that change nothing (as NDSL024 refuses at compile time). A
    /// trainable layer that holds only state still changes: its forward pass updates the state (as in Keras).</summary>
    private static void CheckSomethingTrains(SequentialModel model, string when)
    {
        var info = model.Info;
        if (info.ParameterCount == 0 || model.Trainability.TrainableLayerRanges.Length > 0) return;
        throw new InvalidOperationException(
            $"Fit has nothing to train{when}: every layer of {info.Name} with weights is frozen " +
            $"({string.Join(", ", info.Layers.Where(layer => layer.Tensors.Count > 0).Select(layer => layer.Name))}). " +
            "Unfreeze at least one with SetTrainable(name, true).");
    }

    /// <summary>Puts back the last weights known to be finite, on the host and where the passes run.</summary>
    private static void Restore(SequentialModel model, float[] lastFinite)
    {
        lastFinite.AsSpan().CopyTo(model.ParameterBuffer);
        model.Backend.LoadParameters();
    }

    /// <summary>Puts back the parameters of the epoch's start (checked finite) and describes the divergence.</summary>
    private static TrainingDivergedException Diverged(SequentialModel model, float[] snapshot, History history, string what,
        Optimizer optimizer, int batchSize, int epoch)
    {
        Restore(model, snapshot);
        return new TrainingDivergedException(
            $"Training diverged: {what} (optimizer {optimizer}, batch size {batchSize}). The parameters were restored to their values at the start of epoch {epoch + 1}; " +
            "try a lower learning rate, or check the data and targets for extreme values.", history);
    }

    /// <summary>A parameter's place by tensor, e.g. <c>dense_1/kernel[12]</c>.</summary>
    private static string Describe(ModelInfo info, int index)
    {
        foreach (var tensor in info.Tensors)
            if (index >= tensor.Offset && index < tensor.Offset + tensor.Length) return $"{tensor.Name}[{index - tensor.Offset}]";
        return $"parameter {index}";
    }

    private static void Validate(FitOptions options)
    {
        if (options.Epochs < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, "FitOptions.Epochs must not be negative.");
        if (options.BatchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "FitOptions.BatchSize must be positive.");
        if (!(options.ValidationSplit >= 0 && options.ValidationSplit < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidationSplit, "FitOptions.ValidationSplit must be in [0, 1).");
    }

    /// <summary>A NaN or infinity in the inputs would silently poison every weight it touches.</summary>
    /// <param name="firstRow">The row number of the first row of <paramref name="values"/>, for the message.</param>
    internal static void CheckFinite(ReadOnlySpan<float> values, int width, string name, int firstRow = 0)
    {
        int bad = FiniteCheck.IndexOfNonFinite(values);
        if (bad >= 0)
            throw new ArgumentException($"{name} holds {values[bad]} at row {firstRow + bad / width}, column {bad % width}; inputs must be finite numbers.", name);
    }
}
