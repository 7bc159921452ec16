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
    public static History Run(SequentialModel model, ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows, FitOptions options)
    {
        // [data-parallel] An error on one rank aborts the job; the others would wait for it forever.
        try
        {
            return RunOnThisRank(model, x, targets, rows, options);
        }
        catch (Exception e) when (DataParallelTraining.AbortsJob(options, e))
        {
            throw;
        }
    }

    private static History RunOnThisRank(SequentialModel model, ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows, FitOptions options)
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

        if (FiniteCheck.IndexOfNonFinite(model.Parameters) is int bad and >= 0)
            throw new InvalidOperationException(
                $"{info.Name}'s parameters hold {model.Parameters[bad]} at {Describe(info, bad)} before training; " +
                "load or initialise finite weights first (training would only spread it).");
        var optimizer = options.Optimizer ?? new RmsProp();
        int batchSize = Math.Min(options.BatchSize, trainRows);
        var backend = model.Backend;
        if (validationCount > 0) model.ReserveInference(); // so no epoch allocates
        backend.Reserve(batchSize);
        // [data-parallel] null when training alone.
        var parallel = DataParallelTraining.Begin(model, options, trainX, trainY, trainRows, batchSize, validationX, validationCount);
        using var trainingSet = backend.BeginFit(trainX, trainY, trainRows);
        // [data-parallel] The reduced sums of every rank when training in parallel.
        using var trainMetrics = parallel?.Metrics ?? backend.CreateTrainingMetrics((trainRows + batchSize - 1) / batchSize);
        var validationRows = new ValidationRows(validationX, validationY, validationCount);
        return Epochs(model, backend, trainMetrics, trainX, trainY, trainRows, batchSize, optimizer, validationRows, options, parallel);
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
        var snapshot = new float[info.ParameterCount];
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
            // The host parameters are the reference between epochs (a callback may have changed them).
            model.Parameters.CopyTo(snapshot);
            backend.LoadParameters();
            if (options.Shuffle) model.ShuffleRandom.Shuffle(order);
            parallel?.AgreeOnOrder(order); // [data-parallel]
            backend.BeginEpoch(order);
            running.Reset();
            progress.BeginEpoch(epoch);
            // The rate of this epoch's steps, as the log records it (a callback may change it for the next epoch).
            float learningRate = optimizer.LearningRate;

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
            }
            // The epoch's sums in one read, which throws if any batch's loss was not finite.
            var trainValues = running.Read();
            trainValues.WriteTo(batchLog.WritableMetrics, "");
            batchLog.MarkCurrent();
            backend.StoreParameters();
            // The loss check above sees each update only through the next batch's loss: the epoch's last update (and
            // a non-finite weight the loss happens not to show) is caught here, before the epoch can be recorded.
            if (FiniteCheck.IndexOfNonFinite(model.Parameters) is int bad and >= 0)
                throw Diverged(model, snapshot, history,
                    $"after the last update of epoch {epoch + 1}/{options.Epochs} (batch {steps}/{steps}), {Describe(info, bad)} is {model.Parameters[bad]}",
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
            metrics[LogNames.LearningRate] = learningRate;
            var epochLog = new EpochLog(epoch, metrics, clock.Elapsed.TotalSeconds);
            history.Add(epochLog);
            progress.EndEpoch(epochLog);
            callbacks.EpochEnd(training, epochLog);
            parallel?.AgreeOnStop(training); // [data-parallel]
        }
        callbacks.TrainEnd(training);
        return history;
    }

    /// <summary>Puts back the parameters of the epoch's start (checked finite) and describes the divergence. The host
    /// parameters are the model's from here on; a device copy is refreshed by the next call.</summary>
    private static TrainingDivergedException Diverged(SequentialModel model, float[] snapshot, History history, string what,
        Optimizer optimizer, int batchSize, int epoch)
    {
        snapshot.CopyTo(model.Parameters);
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
    internal static void CheckFinite(ReadOnlySpan<float> values, int width, string name)
    {
        int bad = FiniteCheck.IndexOfNonFinite(values);
        if (bad >= 0)
            throw new ArgumentException($"{name} holds {values[bad]} at row {bad / width}, column {bad % width}; inputs must be finite numbers.", name);
    }
}
