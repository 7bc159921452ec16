using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>A stand-alone activation layer (element-wise, or row-wise for softmax). When <see cref="FusedWithLoss"/>,
/// the loss gradient is written straight into the previous pass's gradient (the plan aliases it) and backward does nothing.</summary>
internal sealed record ActivationOp(
    string Name,
    string MemberName,
    string Description,
    Shape Input,
    Shape Output,
    bool NeedsInputGradient,
    OpBuffers Buffers,
    Activation Activation,
    bool FusedWithLoss)
    : OpPlan(Name, MemberName, Description, Input, Output, EquatableArray<TensorPlan>.Empty, NeedsInputGradient, Buffers)
{
    public override string Type => "Activation";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitActivation(this);
}
