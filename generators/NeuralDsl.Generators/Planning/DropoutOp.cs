using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>Inverted dropout: a mask drawn per training pass, identity at inference.</summary>
internal sealed record DropoutOp(
    string Name,
    string Stem,
    string Description,
    Shape Input,
    Shape Output,
    bool NeedsInputGradient,
    double Rate)
    : OpPlan(Name, Stem, Description, Input, Output, EquatableArray<TensorPlan>.Empty, NeedsInputGradient)
{
    public override string Type => "Dropout";
}
