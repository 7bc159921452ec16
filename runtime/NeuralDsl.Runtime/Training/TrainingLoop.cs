using System.Diagnostics;
using NeuralDsl.Cpu;

namespace NeuralDsl;

/// <summary>
/// Keras's <c>fit</c>: shuffled mini-batches, one fused optimizer step per batch over the whole
/// parameter buffer, running training metrics, validation after each epoch. Every buffer is allocated
/// before the first epoch; a step allocates nothing.
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
        int trainRows = rows, validationRows = 0;
        ReadOnlySpan<float> validationX = default, validationY = default;
        if (options.ValidationData is { } validation)
        {
            if (validation.X.Length == 0 || validation.X.Length % inputs != 0)
                throw new ArgumentException($"ValidationData.X holds {validation.X.Length} values, not a whole number of rows of {inputs} inputs.", nameof(options));
            validationRows = validation.X.Length / inputs;
            validationX = validation.X;
            validationY = Targets.FromFloats(info, validation.Y, validationRows, "ValidationData.Y");
            CheckFinite(validationX, inputs, "ValidationData.X");
        }
        else if (options.ValidationSplit > 0)
        {
            // Through decimal so that 0.2f means 0.2 (as in Keras) rather than 0.2000000029, which
            // would move one row from training to validation.
            double split = (double)(decimal)options.ValidationSplit;
            trainRows = (int)Math.Floor(rows * (1.0 - split));
            validationRows = rows - trainRows;
            if (trainRows == 0 || validationRows == 0)
                throw new ArgumentException($"ValidationSplit {options.ValidationSplit} of {rows} rows leaves {trainRows} training and {validationRows} validation rows; both must be at least 1.", nameof(options));
            validationX = x.Slice(trainRows * inputs);
            validationY = targets.Slice(trainRows * outputs);
        }
        var trainX = x[..(trainRows * inputs)];
        var trainY = targets[..(trainRows * outputs)];

        var optimizer = options.Optimizer ?? new RmsProp();
        int batchSize = Math.Min(options.BatchSize, trainRows);
        var plan = new Plan(trainRows, validationRows, batchSize, optimizer, options);
        if (model.OpenCl is { } device)
        {
            var steps = new OpenClSteps(model, device, trainX, trainY, trainRows, validationX, validationY, validationRows, batchSize);
            try
            {
                return Epochs(model, ref steps, trainY, plan);
            }
            finally
            {
                steps.Dispose();
            }
        }
        var cpu = new CpuSteps(model, trainX, validationX, validationY, validationRows, batchSize);
        return Epochs(model, ref cpu, trainY, plan);
    }

    /// <summary>The sizes and settings of one <c>Fit</c>.</summary>
    private sealed record Plan(int TrainRows, int ValidationRows, int BatchSize, Optimizer Optimizer, FitOptions Options);

    /// <summary>The epochs of <c>Fit</c>, the same on every backend; <typeparamref name="TSteps"/> runs the passes.</summary>
    private static History Epochs<TSteps>(SequentialModel model, ref TSteps passes, ReadOnlySpan<float> trainY, Plan plan)
        where TSteps : ITrainingSteps, allows ref struct
    {
        var info = model.Info;
        var options = plan.Options;
        int outputs = info.OutputSize, trainRows = plan.TrainRows, batchSize = plan.BatchSize;
        int steps = (trainRows + batchSize - 1) / batchSize;
        var batchY = new float[batchSize * outputs];
        var order = new int[trainRows];
        for (int i = 0; i < trainRows; i++) order[i] = i;
        var snapshot = new float[info.ParameterCount];
        var trainMetrics = new MetricsAccumulator(info);
        var validationMetrics = new MetricsAccumulator(info);
        var history = new History();
        var progress = new ProgressPrinter(options.Verbose, options.Log ?? Console.Out, options.Epochs, steps);

        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            model.Parameters.CopyTo(snapshot);
            if (options.Shuffle) model.ShuffleRandom.Shuffle(order);
            passes.BeginEpoch(order);
            trainMetrics.Reset();
            progress.BeginEpoch(epoch);

            for (int step = 0; step < steps; step++)
            {
                int start = step * batchSize, count = Math.Min(batchSize, trainRows - start);
                var by = batchY.AsSpan(0, count * outputs);
                for (int i = 0; i < count; i++)
                    trainY.Slice(order[start + i] * outputs, outputs).CopyTo(by.Slice(i * outputs, outputs));

                var output = passes.Forward(order, start, count, out double penalty);
                double batchLoss = LossKernels.Sum(info.Loss, output, by, count, outputs) / count + penalty;
                if (!double.IsFinite(batchLoss))
                {
                    // The host parameters are the model's from here on; the device copy is refreshed by the next call.
                    snapshot.CopyTo(model.Parameters);
                    throw new TrainingDivergedException(
                        $"Training diverged: the loss of batch {step + 1}/{steps} in epoch {epoch + 1}/{options.Epochs} is {batchLoss} " +
                        $"(optimizer {plan.Optimizer}, batch size {batchSize}). The parameters were restored to their values at the start of epoch {epoch + 1}; " +
                        "try a lower learning rate, or check the data and targets for extreme values.", history);
                }
                trainMetrics.Add(output, by, count, batchLoss * count);
                passes.BackwardAndUpdate(by, count, plan.Optimizer);
                progress.Step(step + 1, trainMetrics, clock.Elapsed);
            }
            passes.EndEpoch();

            var metrics = new Dictionary<string, float>(StringComparer.Ordinal);
            trainMetrics.WriteTo(metrics, info.Metrics, "");
            if (plan.ValidationRows > 0)
            {
                validationMetrics.Reset();
                passes.Validate(validationMetrics);
                validationMetrics.WriteTo(metrics, info.Metrics, "val_");
            }
            var log = new EpochLog(epoch, metrics, clock.Elapsed.TotalSeconds);
            history.Add(log);
            progress.EndEpoch(log);
            if (options.OnEpochEnd is { } callback && !callback(log)) break;
        }
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
