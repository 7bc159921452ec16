using NeuralDsl;

namespace Sweeps;

/// <summary>
/// One sweep of the tutorial: the parameter it varies, and how a trial's value becomes the model's width, the batch
/// size and the optimizer. Whatever a sweep does not vary stays at the tutorial's value: N = 128, batch 128, Adam(0.001).
/// </summary>
internal sealed record Sweep(string Title, SearchSpace Space, Func<Trial, int> HiddenUnits, Func<Trial, int> BatchSize, Func<Trial, Optimizer> Optimizer)
{
    public static Sweep Named(string name) => name switch
    {
        "lr" => new("Adam's learning rate (N = 128, batch 128)",
            new SearchSpace().Add("learning_rate", 0.1, 0.01, 0.001, 0.0001),
            _ => 128, _ => 128, trial => new Adam(trial.Get<float>("learning_rate"))),
        "units" => new("hidden units N (Adam, batch 128)",
            new SearchSpace().Add("hidden_units", DropoutModels.Widths),
            trial => trial.Get<int>("hidden_units"), _ => 128, _ => new Adam()),
        "batch" => new("batch size (N = 128, Adam)",
            new SearchSpace().Add("batch_size", 32, 64, 128, 256, 512),
            _ => 128, trial => trial.Get<int>("batch_size"), _ => new Adam()),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "The sweeps are lr, units and batch."),
    };
}
