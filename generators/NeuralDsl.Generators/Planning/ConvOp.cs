using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>Conv2D with its bias and activation fused into the product's epilogue; weights laid out
/// [kernelHeight, kernelWidth, inputChannels, filters] as Keras, bias [filters]. At inference its epilogue also runs the
/// BatchNormalization after it (<see cref="FoldedNormalization"/>: a scale and shift per filter), the Add after that or
/// after itself (<see cref="FoldedAdd"/>: its second input added) and the activation layer after those
/// (<see cref="FoldedActivation"/>), and it writes the output of the last of them. On the CPU, the
/// MaxPooling2D that alone reads it (<see cref="PooledBy"/>) runs in its forward and backward passes.</summary>
internal sealed record ConvOp(
    OpCommon Common,
    Activation Activation,
    bool FusedWithLoss,
    RegularizationPlan? Regularization,
    Window Window,
    BatchNormalizationOp? FoldedNormalization = null,
    ActivationOp? FoldedActivation = null,
    PoolOp? PooledBy = null,
    AddOp? FoldedAdd = null)
    : WeightedOp(Common, Activation, FusedWithLoss, Regularization)
{
    public override string Type => "Conv2D";

    public int Filters => Output.Dims[2];

    public override int Units => Filters;

    public override int Positions => Window.OutputHeight * Window.OutputWidth;

    /// <summary>kernelHeight · kernelWidth · inputChannels: the receptive field of one output value.</summary>
    public override int FanIn => Window.WindowHeight * Window.WindowWidth * Window.InputChannels;

    /// <summary>kernelHeight · kernelWidth · filters, as Keras counts a convolution's fan-out.</summary>
    public override int FanOut => Window.WindowHeight * Window.WindowWidth * Filters;

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitConv2D(this);
}
