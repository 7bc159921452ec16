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
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>An error-severity diagnostic, an attribute that does not bind, or no input: the model cannot be planned.
    /// (A warning alone does not stop generation.)</summary>
    public bool HasErrors =>
        Spec.HasMalformedAttributes || Input is null ||
        Diagnostics.Any(diagnostic => diagnostic.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
}
