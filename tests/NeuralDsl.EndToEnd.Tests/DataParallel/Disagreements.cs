namespace NeuralDsl.EndToEnd.Tests.DataParallel;

/// <summary>What one rank trains: set up alike on every rank (<see cref="ParallelRun"/>), then changed by a
/// <see cref="Disagreements"/> case.</summary>
internal sealed class RankSetup(ParallelClassifier model, float[] x, int[] labels, FitOptions options)
{
    public ParallelClassifier Model { get; } = model;
    public float[] X { get; set; } = x;
    public int[] Labels { get; set; } = labels;
    public FitOptions Options { get; } = options;
}

/// <summary>
/// Ways in which rank 1 trains differently from rank 0, each with the words of the refusal that data-parallel Fit must
/// give, alike on every rank. <see cref="DataParallelChild"/> runs the scenario <see cref="ScenarioPrefix"/> + a key.
/// </summary>
internal static class Disagreements
{
    public const string ScenarioPrefix = "disagree:";

    /// <summary>How each rank's setup changes (<c>Apply(rank, setup)</c>), and the words of the refusal.</summary>
    public sealed record Case(string Refusal, Action<int, RankSetup> Apply);

    public static readonly IReadOnlyDictionary<string, Case> All = new Dictionary<string, Case>(StringComparer.Ordinal)
    {
        // The case: an Adam on one rank and an SGD on the other trained on, each rank with other weights.
        ["optimizer-type"] = OnRank1("the optimizer type is not the same", setup => setup.Options.Optimizer = new Sgd(0.01f)),
        ["learning-rate"] = OnRank1("at the start of epoch 1/4, the learning rate is not the same", setup => setup.Options.Optimizer = new Adam(0.02f)),
        ["adam-beta2"] = OnRank1("the optimizer's beta2 is not the same", setup => setup.Options.Optimizer = new Adam(0.01f, beta2: 0.99f)),
        ["sgd-nesterov"] = new("the optimizer's nesterov is not the same",
            (rank, setup) => setup.Options.Optimizer = new Sgd(0.01f, momentum: 0.9f, nesterov: rank == 1)),
        // Moments and bias correction follow the step count: an optimizer that stepped before is another optimizer.
        ["optimizer-steps"] = OnRank1("at the start of epoch 1/4, the optimizer's step count is not the same", setup =>
        {
            var adam = new Adam(0.01f);
            adam.Update(new float[1], new float[1]);
            setup.Options.Optimizer = adam;
        }),
        ["frozen-layer"] = OnRank1("at the start of epoch 1/4, the set of trainable layers is not the same",
            setup => setup.Model.SetTrainable(setup.Model.Info.Layers[0].Name, false)),
        // A schedule that differs shows only when it first gives another rate: at the start of epoch 2.
        ["schedule"] = OnRank1("at the start of epoch 2/4, the learning rate is not the same",
            setup => setup.Options.Callbacks.Add(new LearningRateScheduler((epoch, rate) => epoch == 1 ? rate / 2 : rate))),
        // What a callback changes on one rank during training.
        ["frozen-by-a-callback"] = OnRank1("at the start of epoch 2/4, the set of trainable layers is not the same",
            setup => setup.Options.Callbacks.Add(new AfterFirstEpoch(model => model.SetTrainable(model.Info.Layers[^1].Name, false)))),
        ["weights-changed-by-a-callback"] = OnRank1("at the start of epoch 2/4, the checksum of the parameters is not the same",
            setup => setup.Options.Callbacks.Add(new AfterFirstEpoch(model => model.Parameters[0] += 1))),
        ["validation-targets"] = new("the checksum of the validation targets is not the same", (rank, setup) =>
        {
            const int rows = 40;
            int inputs = ParallelClassifier.InputSize, outputs = ParallelClassifier.OutputSize;
            var y = new float[rows * outputs];
            for (int r = 0; r < rows; r++) y[r * outputs + (setup.Labels[r] + (rank == 1 && r == 7 ? 1 : 0)) % outputs] = 1; // rank 1 moves one label
            setup.Options.ValidationData = new ValidationData(setup.X[..(rows * inputs)], y);
        }),
        // Issue 20, item 15: the same rows in another order, at a distance (256 rows of 12 inputs and of 4 targets: a
        // multiple of 1024 values) that a position-weighted sum with weights repeating every 1024 values did not see.
        ["rows-0-and-256-swapped"] = new("the checksum of the training inputs is not the same", (rank, setup) =>
        {
            var (x, labels) = ParallelRun.Data(rows: 400);
            if (rank == 1)
            {
                int width = ParallelClassifier.InputSize;
                var first = x.AsSpan(0, width).ToArray();
                x.AsSpan(256 * width, width).CopyTo(x.AsSpan(0, width));
                first.CopyTo(x.AsSpan(256 * width, width));
                (labels[0], labels[256]) = (labels[256], labels[0]);
            }
            (setup.X, setup.Labels) = (x, labels);
        }),
    };

    private static Case OnRank1(string refusal, Action<RankSetup> change) => new(refusal, (rank, setup) =>
    {
        if (rank == 1) change(setup);
    });

    /// <summary>Changes the model once, at the end of the first epoch.</summary>
    private sealed class AfterFirstEpoch(Action<ParallelClassifier> change) : Callback
    {
        public override void OnEpochEnd(TrainingContext training, EpochLog log)
        {
            if (log.Epoch == 0) change((ParallelClassifier)training.Model);
        }
    }
}
