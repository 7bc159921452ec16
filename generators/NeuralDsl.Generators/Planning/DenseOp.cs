using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>Dense with its bias and activation fused into the product's epilogue.</summary>
internal sealed record DenseOp(
    string Name,
    string Stem,
    string Description,
    Shape Input,
    Shape Output,
    EquatableArray<TensorPlan> Tensors,
    bool NeedsInputGradient,
    Activation Activation,
    bool FusedWithLoss,
    RegularizationPlan? Regularization)
    : WeightedOp(Name, Stem, Description, Input, Output, Tensors, NeedsInputGradient, Activation, FusedWithLoss, Regularization)
{
    public override string Type => "Dense";

    public int Inputs => Input.Size;

    public int Units => Output.Size;

    public override int FanIn => Inputs;

    public override int FanOut => Units;
}
