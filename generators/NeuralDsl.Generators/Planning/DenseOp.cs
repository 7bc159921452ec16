using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>Dense with its bias and activation fused into the product's epilogue. When
/// <see cref="FusedWithLoss"/>, the loss gradient already is dL/dz and the activation's derivative is skipped.</summary>
internal sealed record DenseOp(
    string Name,
    string Stem,
    string Description,
    Shape Input,
    Shape Output,
    EquatableArray<TensorPlan> Tensors,
    bool NeedsInputGradient,
    ActivationKind Activation,
    bool FusedWithLoss,
    RegularizationPlan? Regularization)
    : OpPlan(Name, Stem, Description, Input, Output, Tensors, NeedsInputGradient)
{
    public override string Type => "Dense";

    public int Inputs => Input.Size;

    public int Units => Output.Size;

    public TensorPlan Kernel => Tensors[0];

    public TensorPlan? Bias => Tensors.Count > 1 ? Tensors[1] : null;
}
