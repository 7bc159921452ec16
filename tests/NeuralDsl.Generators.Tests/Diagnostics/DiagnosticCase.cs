namespace NeuralDsl.Generators.Tests.Diagnostics;

/// <summary>
/// A model source with exactly one error: the line that must carry it ends with <c>// error</c>, and the
/// message must contain every fragment.
/// </summary>
public sealed record DiagnosticCase(string Id, string Source, params string[] Fragments)
{
    public const string Marker = "// error";

    /// <summary>The zero-based line of the marker.</summary>
    public int ExpectedLine => Array.FindIndex(Source.ReplaceLineEndings("\n").Split('\n'), line => line.TrimEnd().EndsWith(Marker, StringComparison.Ordinal));

    public override string ToString() => Id + ": " + string.Join(" | ", Fragments);
}
