using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>Conv2D with its bias and activation fused into the kernel's epilogue; kernel laid out
/// [kernelHeight, kernelWidth, inputChannels, filters] as Keras, bias [filters].</summary>
internal sealed record ConvOp(
    string Name,
    string Stem,
    string Description,
    Shape Input,
    Shape Output,
    EquatableArray<TensorPlan> Tensors,
    bool NeedsInputGradient,
    Activation Activation,
    bool FusedWithLoss,
    RegularizationPlan? Regularization,
    Window Window)
    : WeightedOp(Name, Stem, Description, Input, Output, Tensors, NeedsInputGradient, Activation, FusedWithLoss, Regularization)
{
    public override string Type => "Conv2D";

    public int Filters => Output.Dims[2];

    /// <summary>kernelHeight · kernelWidth · inputChannels: the receptive field of one output value.</summary>
    public override int FanIn => Window.WindowHeight * Window.WindowWidth * Window.InputChannels;

    /// <summary>kernelHeight · kernelWidth · filters, as Keras counts a convolution's fan-out.</summary>
    public override int FanOut => Window.WindowHeight * Window.WindowWidth * Filters;
}
