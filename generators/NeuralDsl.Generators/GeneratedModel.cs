using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators;

/// <summary>What one model contributes to the compilation: its diagnostics, and its source (the whole model, or for a model
/// with errors its throwing public surface; none for a class that cannot take a generated declaration).</summary>
internal sealed record GeneratedModel(string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);
