using System.Diagnostics;

namespace NeuralDsl;

/// <summary>
/// Keras's <c>fit</c>: shuffled mini-batches, one fused optimizer step per batch over the whole parameter buffer,
/// running training metrics, validation after each epoch; the same on every backend, which runs the passes
/// (<see cref="IModelBackend"/>). Every buffer is allocated before the first epoch; a step allocates nothing.
/// </summary>
internal static class TrainingLoop
{
    public static History Run(SequentialModel model, ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows, FitOptions options)
    {
        var info = model.Info;
        int inputs = info.InputSize, outputs = info.OutputSize;
        Validate(options);
        CheckFinite(x, inputs, "x");

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

        var optimizer = options.Optimizer ?? new RmsProp();
        int batchSize = Math.Min(options.BatchSize, trainRows);
        var backend = model.Backend;
        if (validationCount > 0) model.ReserveInference(); // so no epoch allocates
        backend.Reserve(batchSize);
        using var trainingSet = backend.BeginFit(trainX, trainY, trainRows);
        var validationRows = new ValidationRows(validationX, validationY, validationCount);
        return Epochs(model, backend, trainX, trainY, trainRows, batchSize, optimizer, validationRows, options);
    }

    /// <summary>The rows validated after each epoch (none when <see cref="Count"/> is 0).</summary>
    private readonly ref struct ValidationRows(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int count)
    {
        public ReadOnlySpan<float> X { get; } = x;
        public ReadOnlySpan<float> Targets { get; } = targets;
        public int Count { get; } = count;
    }

    private static History Epochs(SequentialModel model, IModelBackend backend, ReadOnlySpan<float> trainX, ReadOnlySpan<float> trainY, int trainRows,
        int batchSize, Optimizer optimizer, ValidationRows validation, FitOptions options)
    {
        var info = model.Info;
        int outputs = info.OutputSize;
        int steps = (trainRows + batchSize - 1) / batchSize;
        var batchTargets = new float[batchSize * outputs];
        var order = new int[trainRows];
        for (int i = 0; i < trainRows; i++) order[i] = i;
        var snapshot = new float[info.ParameterCount];
        var trainMetrics = new MetricsAccumulator(info);
        var validationMetrics = new MetricsAccumulator(info);
        var history = new History();
        var log = options.Log ?? Console.Out;
        var progress = new ProgressPrinter(options.Verbose, log, options.Epochs, steps, ProgressPrinter.IsTerminal(log));
        var callbacks = new CallbackList(options);
        var training = new TrainingContext(model, optimizer, history, options.Epochs, steps, batchSize,
            LogNames.Epoch(info.Metrics, validation.Count > 0));
        var batchLog = new BatchLog();
        callbacks.TrainBegin(training);

        for (int epoch = 0; epoch < options.Epochs && !training.StopTraining; epoch++)
        {
            callbacks.EpochBegin(training, epoch);
            var clock = Stopwatch.StartNew();
            // The host parameters are the reference between epochs (a callback may have changed them).
            model.Parameters.CopyTo(snapshot);
            backend.LoadParameters();
            if (options.Shuffle) model.ShuffleRandom.Shuffle(order);
            backend.BeginEpoch(order);
            trainMetrics.Reset();
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

                var output = backend.Forward(batch, model.TrainingMode);
                double loss = trainMetrics.Add(output, targets, count, backend.Penalty());
                if (!double.IsFinite(loss))
                {
                    // The host parameters are the model's from here on; a device copy is refreshed by the next call.
                    snapshot.CopyTo(model.Parameters);
                    throw new TrainingDivergedException(
                        $"Training diverged: the loss of batch {step + 1}/{steps} in epoch {epoch + 1}/{options.Epochs} is {loss} " +
                        $"(optimizer {optimizer}, batch size {batchSize}). The parameters were restored to their values at the start of epoch {epoch + 1}; " +
                        "try a lower learning rate, or check the data and targets for extreme values.", history);
                }
                backend.Backward(batch);
                backend.Update(optimizer);

                batchLog.Epoch = epoch;
                batchLog.Batch = step;
                batchLog.Step = optimizer.Iterations;
                trainMetrics.WriteTo(batchLog.WritableMetrics, "");
                progress.Step(step + 1, batchLog.Metrics, clock.Elapsed);
                callbacks.BatchEnd(training, batchLog);
            }
            backend.StoreParameters();

            var metrics = new Dictionary<string, float>(StringComparer.Ordinal);
            trainMetrics.WriteTo(metrics, "");
            if (validation.Count > 0)
            {
                validationMetrics.Reset();
                model.Accumulate(validation.X, validation.Targets, validation.Count, validationMetrics);
                validationMetrics.WriteTo(metrics, LogNames.ValidationPrefix);
            }
            metrics[LogNames.LearningRate] = learningRate;
            var epochLog = new EpochLog(epoch, metrics, clock.Elapsed.TotalSeconds);
            history.Add(epochLog);
            progress.EndEpoch(epochLog);
            callbacks.EpochEnd(training, epochLog);
        }
        callbacks.TrainEnd(training);
        return history;
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
        int bad = values.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (bad >= 0)
            throw new ArgumentException($"{name} holds {values[bad]} at row {bad / width}, column {bad % width}; inputs must be finite numbers.", name);
    }
}
