using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>A reshape: rows are already laid out channels-last, so Flatten owns no buffer. Its output is
/// the buffer of the pass before it, and the pass after it writes its input gradient straight into that
/// pass's gradient buffer.</summary>
internal sealed record FlattenOp(
    string Name,
    string Stem,
    string Description,
    Shape Input,
    Shape Output,
    bool NeedsInputGradient)
    : OpPlan(Name, Stem, Description, Input, Output, EquatableArray<TensorPlan>.Empty, NeedsInputGradient)
{
    public override string Type => "Flatten";
}
