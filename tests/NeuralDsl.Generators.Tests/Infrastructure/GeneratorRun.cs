using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace NeuralDsl.Generators.Tests.Infrastructure;

/// <summary>What one generator run produced: its own diagnostics, the generated files (hint name → text)
/// and the diagnostics of the compilation with the generated files added.</summary>
public sealed record GeneratorRun(
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    IReadOnlyDictionary<string, string> GeneratedSources,
    ImmutableArray<Diagnostic> CompilationDiagnostics,
    GeneratorDriver Driver,
    Compilation InputCompilation)
{
    /// <summary>Compilation errors and warnings (hidden and info diagnostics left out).</summary>
    public IEnumerable<Diagnostic> CompilationProblems =>
        CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning);
}
