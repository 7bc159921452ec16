using NeuralDsl;

namespace Sweeps;

// The tutorial's dropout network, Dense(N) ReLU, Dropout(0.3), Dense(N) ReLU, Dropout(0.3), Dense(10) softmax, once per
// width of the hidden-unit sweep: a width is a compile-time constant of its class, so each is its own model.

/// <summary>The dropout network with N = 32.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(784)]
[Dense(32, Activation.Relu)]
[Dropout(0.3)]
[Dense(32, Activation.Relu)]
[Dropout(0.3)]
[Dense(10, Activation.Softmax)]
public partial class Dropout32;

/// <summary>The dropout network with N = 64.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(784)]
[Dense(64, Activation.Relu)]
[Dropout(0.3)]
[Dense(64, Activation.Relu)]
[Dropout(0.3)]
[Dense(10, Activation.Softmax)]
public partial class Dropout64;

/// <summary>The dropout network with N = 128, the tutorial's N_HIDDEN: the model of the learning-rate and batch-size sweeps.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(784)]
[Dense(128, Activation.Relu)]
[Dropout(0.3)]
[Dense(128, Activation.Relu)]
[Dropout(0.3)]
[Dense(10, Activation.Softmax)]
public partial class Dropout128;

/// <summary>The dropout network with N = 256.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(784)]
[Dense(256, Activation.Relu)]
[Dropout(0.3)]
[Dense(256, Activation.Relu)]
[Dropout(0.3)]
[Dense(10, Activation.Softmax)]
public partial class Dropout256;

/// <summary>The dropout network with N = 512.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(784)]
[Dense(512, Activation.Relu)]
[Dropout(0.3)]
[Dense(512, Activation.Relu)]
[Dropout(0.3)]
[Dense(10, Activation.Softmax)]
public partial class Dropout512;

/// <summary>The dropout network with N = 1024.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(784)]
[Dense(1024, Activation.Relu)]
[Dropout(0.3)]
[Dense(1024, Activation.Relu)]
[Dropout(0.3)]
[Dense(10, Activation.Softmax)]
public partial class Dropout1024;

/// <summary>The model of each width of the hidden-unit sweep.</summary>
internal static class DropoutModels
{
    public static readonly int[] Widths = [32, 64, 128, 256, 512, 1024];

    public static SequentialModel Create(int hiddenUnits, int seed) => hiddenUnits switch
    {
        32 => new Dropout32(seed),
        64 => new Dropout64(seed),
        128 => new Dropout128(seed),
        256 => new Dropout256(seed),
        512 => new Dropout512(seed),
        1024 => new Dropout1024(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(hiddenUnits), hiddenUnits,
            $"No model class has {hiddenUnits} hidden units; the widths are {string.Join(", ", Widths)}."),
    };
}
