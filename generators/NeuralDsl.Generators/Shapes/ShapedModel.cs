using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Reading;

namespace NeuralDsl.Generators.Shapes;

/// <summary>The Shapes step's result: every layer after the input with its shapes, and every diagnostic
/// (reading's included). A model with diagnostics is not planned or emitted.</summary>
internal sealed record ShapedModel(
    ModelSpec Spec,
    Shape? Input,
    EquatableArray<ShapedLayer> Layers,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool HasErrors => !Diagnostics.IsEmpty || Spec.HasMalformedAttributes || Input is null;
}
