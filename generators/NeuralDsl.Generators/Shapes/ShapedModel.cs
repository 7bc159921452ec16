using System.Linq;
using Microsoft.CodeAnalysis;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Reading;

namespace NeuralDsl.Generators.Shapes;

/// <summary>The Shapes step's result: every layer after the input with its shapes, and every diagnostic
/// (reading's included). A model with an error is not planned: only its public surface is emitted.</summary>
internal sealed record ShapedModel(
    ModelSpec Spec,
    Shape? Input,
    EquatableArray<ShapedLayer> Layers,
    bool AllLayersShaped,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The output shape, when every layer's shape is known.</summary>
    public Shape? Output => AllLayersShaped ? Layers[Layers.Count - 1].Output : null;

    /// <summary>An error-severity diagnostic, an attribute that does not bind, or a shape left unknown: the model cannot
    /// be planned. (A warning alone does not stop generation.)</summary>
    public bool HasErrors => Spec.HasMalformedAttributes || !AllLayersShaped || Errors.Any();

    /// <summary>The error-severity diagnostics.</summary>
    public System.Collections.Generic.IEnumerable<DiagnosticInfo> Errors =>
        Diagnostics.Where(diagnostic => diagnostic.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
}
