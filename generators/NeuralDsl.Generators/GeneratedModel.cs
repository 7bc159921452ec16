using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators;

/// <summary>What one model contributes to the compilation: its diagnostics, and its source when it has none.</summary>
internal sealed record GeneratedModel(string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);
