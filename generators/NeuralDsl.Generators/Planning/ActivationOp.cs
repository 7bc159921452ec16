using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>A stand-alone activation layer (element-wise, or row-wise for softmax).</summary>
internal sealed record ActivationOp(
    string Name,
    string Stem,
    string Description,
    Shape Input,
    Shape Output,
    bool NeedsInputGradient,
    Activation Activation,
    bool FusedWithLoss)
    : OpPlan(Name, Stem, Description, Input, Output, EquatableArray<TensorPlan>.Empty, NeedsInputGradient)
{
    public override string Type => "Activation";
}
