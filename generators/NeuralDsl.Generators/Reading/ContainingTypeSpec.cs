namespace NeuralDsl.Generators.Reading;

/// <summary>A type that encloses the model class, re-declared as a partial around the generated code,
/// e.g. keyword <c>class</c>, name <c>Outer</c>.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);
