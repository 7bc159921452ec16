using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>2-D max or average pooling per channel; max pooling keeps the arg-max of each window for backward.</summary>
internal sealed record PoolOp(
    string Name,
    string Stem,
    string Description,
    Shape Input,
    Shape Output,
    bool NeedsInputGradient,
    bool IsMax,
    Window Window)
    : OpPlan(Name, Stem, Description, Input, Output, EquatableArray<TensorPlan>.Empty, NeedsInputGradient)
{
    public override string Type => IsMax ? "MaxPooling2D" : "AveragePooling2D";
}
